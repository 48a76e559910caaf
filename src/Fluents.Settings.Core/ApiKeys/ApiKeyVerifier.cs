using Ardalis.GuardClauses;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// Resolves a presented API key to its environment, or says why it is refused (R27). Hosts call
/// it on every request that carries a key; it is thread-safe and allocates nothing except when a
/// rotated-out key is refused (<see cref="ExpiredApiKey"/> carries its deadline).
/// </summary>
/// <remarks>
/// <para>Order of checks: shape and checksum first (no hashing, no lookup for a mistyped key),
/// then SHA-256 into a stack buffer, an O(1) lookup by hash, a constant-time comparison of the
/// hashes (<see cref="System.Security.Cryptography.CryptographicOperations.FixedTimeEquals"/>),
/// and finally the rotation deadline of a previous key (R26).</para>
/// <para>The lookup itself compares hashes of the presented text, never the key: timing reveals
/// at most something about a SHA-256 an attacker already knows, not about a stored key.</para>
/// <para>Hidden environments' keys verify like any other (R4): the index knows nothing of Hidden.</para>
/// </remarks>
public sealed class ApiKeyVerifier
{
    private readonly IApiKeyIndex _index;

    private readonly IApiKeyUsageRecorder? _usage;

    /// <summary>Creates a verifier over an index; if the index is an <see cref="IApiKeyUsageRecorder"/>, successful verifications are recorded as uses.</summary>
    /// <param name="index">The lookup by key hash.</param>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <c>null</c>.</exception>
    public ApiKeyVerifier(IApiKeyIndex index)
    {
        _index = Guard.Against.Null(index);
        _usage = index as IApiKeyUsageRecorder;
    }

    /// <summary>Verifies a presented key at <paramref name="now"/>.</summary>
    /// <param name="presented">The key exactly as the caller sent it, without scheme or white space (an empty span is malformed).</param>
    /// <param name="now">The current instant, for the previous key's deadline (R26).</param>
    /// <returns>The environment the key belongs to, or the reason it is refused (read it by name: <see cref="ApiKeyVerification.TryGetValue"/>, <see cref="ApiKeyVerification.Match{TResult}"/>).</returns>
    public ApiKeyVerification Verify(ReadOnlySpan<char> presented, Instant now)
    {
        var parsed = ApiKeyFormat.TryParse(presented, out var hash);
        if (parsed != ApiKeyParseResult.Valid)
            return parsed == ApiKeyParseResult.ChecksumMismatch ? ApiKeyChecksumMismatch.Instance : MalformedApiKey.Instance;

        if (!_index.TryFind(hash, out var entry) || !entry.Hash.FixedTimeEquals(hash)) return UnknownApiKey.Instance; // R27

        if (entry.ValidUntil is { } deadline && now >= deadline) return new ExpiredApiKey(deadline); // R26: the deadline instant is expired

        _usage?.RecordUse(hash, now);
        return new VerifiedApiKey(entry.Account, entry.Environment, IsPreviousKey: entry.ValidUntil is not null);
    }
}
