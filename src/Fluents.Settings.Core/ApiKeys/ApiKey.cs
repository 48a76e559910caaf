using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>Stub, replaced by the apikeys branch.</summary>
public sealed class ApiKey
{
    private readonly string _text;
    private ApiKey(string text) { _text = text; Hash = SecretHash.Of(text); Hint = ApiKeyHint.Parse("flk_…" + text[^4..]); }
    /// <summary>Issue.</summary>
    /// <param name="random">Random.</param>
    /// <returns>Key.</returns>
    public static ApiKey Issue(ISecretGenerator random) { Span<byte> b = stackalloc byte[14]; random.Fill(b); return new("flk_" + Convert.ToHexString(b)); }
    /// <summary>Reveal.</summary>
    /// <returns>Text.</returns>
    public string Reveal() => _text;
    /// <summary>Hash.</summary>
    public SecretHash Hash { get; }
    /// <summary>Hint.</summary>
    public ApiKeyHint Hint { get; }
    /// <inheritdoc />
    public override string ToString() => Hint.Masked;
}
/// <summary>Stub.</summary>
public readonly record struct ApiKeyHint
{
    private ApiKeyHint(string masked) => Masked = masked;
    /// <summary>Parse.</summary>
    /// <param name="stored">Stored.</param>
    /// <returns>Hint.</returns>
    public static ApiKeyHint Parse(string stored) => new(stored);
    /// <summary>Masked.</summary>
    public string Masked { get; }
    /// <inheritdoc />
    public override string ToString() => Masked;
}
/// <summary>Stub.</summary>
/// <param name="Hash">Hash.</param>
/// <param name="Account">Account.</param>
/// <param name="Environment">Env.</param>
/// <param name="ValidUntil">Until.</param>
public sealed record ApiKeyIndexEntry(SecretHash Hash, Accounts.AccountId Account, Environments.EnvironmentId Environment, Instant? ValidUntil);
