using System.Buffers.Text;
using System.Security.Cryptography;
using Ardalis.GuardClauses;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Invitations;

/// <summary>
/// The plaintext secret in an invitation link: issued once, handed to the mailer, and afterwards
/// known only by its <see cref="Hash"/> (R23). Also wraps the text a user presents to accept.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> never shows the token, so it cannot leak through logs, exceptions or
/// string interpolation; only <see cref="Reveal"/> does, and only the mailer should call it.
/// The type has reference equality on purpose: tokens are compared by their hashes, in constant
/// time (<see cref="SecretHash.FixedTimeEquals"/>, R22), never by their text.
/// </remarks>
public sealed class InvitationToken
{
    /// <summary>The random bytes in an issued token: 32 bytes, 256 bits (R23).</summary>
    public const int ByteLength = 32;

    private readonly string _text;

    private InvitationToken(string text)
    {
        _text = text;
        Hash = SecretHash.Of(text);
    }

    /// <summary>The SHA-256 of the token's text: what an invitation stores (R23).</summary>
    public SecretHash Hash { get; }

    /// <summary>Issues a new token: <see cref="ByteLength"/> random bytes, base64url-encoded without padding (43 characters, URL-safe).</summary>
    /// <param name="random">The randomness: <see cref="CryptographicSecretGenerator"/> in production (R23).</param>
    /// <returns>The new token.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is <see langword="null"/>.</exception>
    public static InvitationToken Issue(ISecretGenerator random)
    {
        Guard.Against.Null(random);
        Span<byte> bytes = stackalloc byte[ByteLength];
        random.Fill(bytes);
        var text = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return new InvitationToken(text);
    }

    /// <summary>
    /// Wraps the text a user presents to accept an invitation. Nothing is validated: a malformed
    /// token is simply one whose hash matches no invitation.
    /// </summary>
    /// <param name="presented">The token from the link, as received.</param>
    /// <returns>The token, ready to be compared by <see cref="Hash"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="presented"/> is <see langword="null"/>.</exception>
    public static InvitationToken FromPresented(string presented) => new(Guard.Against.Null(presented));

    /// <summary>The plaintext token, for the invitation email. Call it only to send the link.</summary>
    /// <returns>The token's text.</returns>
    public string Reveal() => _text;

    /// <summary>A redacted form that is safe to log.</summary>
    /// <returns>Always <c>InvitationToken(redacted)</c>.</returns>
    public override string ToString() => "InvitationToken(redacted)";
}
