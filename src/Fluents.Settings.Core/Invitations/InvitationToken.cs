using Fluents.Settings.Secrets;

namespace Fluents.Settings.Invitations;

/// <summary>Stub, replaced by the email branch.</summary>
public sealed class InvitationToken
{
    private readonly string _text;
    private InvitationToken(string text) { _text = text; Hash = SecretHash.Of(text); }
    /// <summary>Issue.</summary>
    /// <param name="random">Random.</param>
    /// <returns>Token.</returns>
    public static InvitationToken Issue(ISecretGenerator random) { Span<byte> b = stackalloc byte[32]; random.Fill(b); return new(Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_')); }
    /// <summary>From presented.</summary>
    /// <param name="presented">Presented.</param>
    /// <returns>Token.</returns>
    public static InvitationToken FromPresented(string presented) => new(presented);
    /// <summary>Reveal.</summary>
    /// <returns>Text.</returns>
    public string Reveal() => _text;
    /// <summary>Hash.</summary>
    public SecretHash Hash { get; }
    /// <inheritdoc />
    public override string ToString() => "InvitationToken(redacted)";
}
