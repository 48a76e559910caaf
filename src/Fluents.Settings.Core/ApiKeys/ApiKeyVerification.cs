using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// What <see cref="ApiKeyVerifier.Verify"/> decided about a presented key (R27): a <see cref="VerifiedApiKey"/>, or one of
/// four typed refusals — <see cref="MalformedApiKey"/>, <see cref="ApiKeyChecksumMismatch"/>, <see cref="UnknownApiKey"/>,
/// <see cref="ExpiredApiKey"/>.
/// </summary>
/// <remarks>
/// <para>Read the common path by name: <see cref="Succeeded"/>, <see cref="TryGetValue"/>, <see cref="Value"/> and
/// <see cref="Error"/> (its <see cref="DomainError.Code"/> maps to a 401). <see cref="Match{TResult}"/> and
/// <see cref="Switch"/> name every case (<c>verified</c>, <c>malformed</c>, <c>checksumMismatch</c>, <c>unknown</c>,
/// <c>expired</c>), so the compiler checks that a host handles them all.</para>
/// <para>A small struct, because hosts verify a key on every request: it holds the verified key or a reference to the
/// refusal (the parameterless refusals are shared instances), so verifying allocates nothing but an
/// <see cref="ExpiredApiKey"/>, which carries its deadline. <c>default(ApiKeyVerification)</c>, which no verifier returns,
/// has not succeeded and has no error: reading its <see cref="Error"/> throws.</para>
/// </remarks>
public readonly struct ApiKeyVerification
{
    private readonly VerifiedApiKey _key;
    private readonly DomainError? _refusal;
    private readonly bool _verified;

    private ApiKeyVerification(VerifiedApiKey key)
    {
        _key = key;
        _verified = true;
    }

    private ApiKeyVerification(DomainError refusal) => _refusal = Guard.Against.Null(refusal);

    /// <summary>Whether the key authenticates (then <see cref="Value"/> says whose it is).</summary>
    public bool Succeeded => _verified;

    /// <summary>The environment and account the key belongs to.</summary>
    /// <exception cref="InvalidOperationException">The key was refused; the message names the refusal's code.</exception>
    public VerifiedApiKey Value => _verified
        ? _key
        : throw new InvalidOperationException(_refusal is { } refusal
            ? $"The API key was refused with {refusal.Code}: {refusal.Message}"
            : "This is default(ApiKeyVerification), which no verifier returns.");

    /// <summary>Why the key was refused, or <c>null</c> when it authenticates.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(ApiKeyVerification)</c>, which no verifier returns.</exception>
    public DomainError? Error => _verified ? null : _refusal ?? throw NotFromAVerifier();

    /// <summary>Gets the verified key, or else the refusal.</summary>
    /// <param name="key">The environment and account the key belongs to; <c>default</c> when refused.</param>
    /// <param name="refusal">Why the key was refused; <c>null</c> when it authenticates.</param>
    /// <returns>Whether the key authenticates.</returns>
    /// <exception cref="InvalidOperationException">This is <c>default(ApiKeyVerification)</c>, which no verifier returns.</exception>
    public bool TryGetValue(out VerifiedApiKey key, [NotNullWhen(false)] out DomainError? refusal)
    {
        key = _key;
        refusal = _verified ? null : _refusal ?? throw NotFromAVerifier();
        return _verified;
    }

    /// <summary>A key that authenticates.</summary>
    /// <param name="verified">Whose key it is.</param>
    public static implicit operator ApiKeyVerification(VerifiedApiKey verified) => new(verified);

    /// <summary>A refusal: not shaped like a key.</summary>
    /// <param name="malformed">The refusal.</param>
    public static implicit operator ApiKeyVerification(MalformedApiKey malformed) => new(malformed);

    /// <summary>A refusal: shaped like a key, but mistyped.</summary>
    /// <param name="checksumMismatch">The refusal.</param>
    public static implicit operator ApiKeyVerification(ApiKeyChecksumMismatch checksumMismatch) => new(checksumMismatch);

    /// <summary>A refusal: no environment has this key.</summary>
    /// <param name="unknown">The refusal.</param>
    public static implicit operator ApiKeyVerification(UnknownApiKey unknown) => new(unknown);

    /// <summary>A refusal: a previous key past its grace period.</summary>
    /// <param name="expired">The refusal.</param>
    public static implicit operator ApiKeyVerification(ExpiredApiKey expired) => new(expired);

    /// <summary>Handles each case with its function, named after the case, and returns what that function returns.</summary>
    /// <typeparam name="TResult">What each function returns.</typeparam>
    /// <param name="verified">For a key that authenticates: its environment and account.</param>
    /// <param name="malformed">For <see cref="MalformedApiKey"/>: not shaped like a key (R25).</param>
    /// <param name="checksumMismatch">For <see cref="ApiKeyChecksumMismatch"/>: a mistyped or truncated key, refused before any lookup (R25).</param>
    /// <param name="unknown">For <see cref="UnknownApiKey"/>: never issued, revoked, or its environment deleted (R27).</param>
    /// <param name="expired">For <see cref="ExpiredApiKey"/>: a previous key past its grace period (R26).</param>
    /// <returns>The result of the function that matched.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(ApiKeyVerification)</c>, which no verifier returns.</exception>
    public TResult Match<TResult>(
        Func<VerifiedApiKey, TResult> verified,
        Func<MalformedApiKey, TResult> malformed,
        Func<ApiKeyChecksumMismatch, TResult> checksumMismatch,
        Func<UnknownApiKey, TResult> unknown,
        Func<ExpiredApiKey, TResult> expired)
    {
        Guard.Against.Null(verified);
        Guard.Against.Null(malformed);
        Guard.Against.Null(checksumMismatch);
        Guard.Against.Null(unknown);
        Guard.Against.Null(expired);
        if (_verified) return verified(_key);
        return _refusal switch
        {
            MalformedApiKey refusal => malformed(refusal),
            ApiKeyChecksumMismatch refusal => checksumMismatch(refusal),
            UnknownApiKey refusal => unknown(refusal),
            ExpiredApiKey refusal => expired(refusal),
            _ => throw NotFromAVerifier(),
        };
    }

    /// <summary>Runs the action of the case, named after it.</summary>
    /// <param name="verified">For a key that authenticates: its environment and account.</param>
    /// <param name="malformed">For <see cref="MalformedApiKey"/>: not shaped like a key (R25).</param>
    /// <param name="checksumMismatch">For <see cref="ApiKeyChecksumMismatch"/>: a mistyped or truncated key, refused before any lookup (R25).</param>
    /// <param name="unknown">For <see cref="UnknownApiKey"/>: never issued, revoked, or its environment deleted (R27).</param>
    /// <param name="expired">For <see cref="ExpiredApiKey"/>: a previous key past its grace period (R26).</param>
    /// <exception cref="ArgumentNullException">An action is null.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(ApiKeyVerification)</c>, which no verifier returns.</exception>
    public void Switch(
        Action<VerifiedApiKey> verified,
        Action<MalformedApiKey> malformed,
        Action<ApiKeyChecksumMismatch> checksumMismatch,
        Action<UnknownApiKey> unknown,
        Action<ExpiredApiKey> expired)
    {
        Guard.Against.Null(verified);
        Guard.Against.Null(malformed);
        Guard.Against.Null(checksumMismatch);
        Guard.Against.Null(unknown);
        Guard.Against.Null(expired);
        if (_verified)
        {
            verified(_key);
            return;
        }
        switch (_refusal)
        {
            case MalformedApiKey refusal: malformed(refusal); break;
            case ApiKeyChecksumMismatch refusal: checksumMismatch(refusal); break;
            case UnknownApiKey refusal: unknown(refusal); break;
            case ExpiredApiKey refusal: expired(refusal); break;
            default: throw NotFromAVerifier();
        }
    }

    /// <summary>The verification for logs: the environment of a verified key, or the refusal's code. Never the key.</summary>
    /// <returns>For example <c>verified: environment 0196…</c> or <c>refused: api_key.unknown</c>.</returns>
    public override string ToString() =>
        _verified ? $"verified: {_key}" : _refusal is { } refusal ? $"refused: {refusal.Code}" : "not a verification (default)";

    private static InvalidOperationException NotFromAVerifier() =>
        new("This is default(ApiKeyVerification), which no verifier returns.");
}
