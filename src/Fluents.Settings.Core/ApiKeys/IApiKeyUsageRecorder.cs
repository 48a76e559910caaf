using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// An optional capability of an <see cref="IApiKeyIndex"/>: remembering when each key last
/// authenticated, for a "last used" column. <see cref="ApiKeyVerifier"/> records every successful
/// verification through it when its index implements it.
/// </summary>
/// <remarks>
/// Implementations must keep <see cref="RecordUse"/> cheap and allocation-free: it runs on every
/// authenticated request. <see cref="InMemory.InMemoryApiKeyIndex"/> writes at most once per second per key.
/// </remarks>
public interface IApiKeyUsageRecorder
{
    /// <summary>Notes that the key with <paramref name="hash"/> authenticated at <paramref name="now"/>.</summary>
    /// <param name="hash">The SHA-256 of the key.</param>
    /// <param name="now">When it was used.</param>
    void RecordUse(in SecretHash hash, Instant now);

    /// <summary>When the key with <paramref name="hash"/> last authenticated, as far as this index knows.</summary>
    /// <param name="hash">The SHA-256 of the key.</param>
    /// <param name="lastUsed">The instant, when the key is indexed and was used.</param>
    /// <returns>Whether the key is indexed and has been used.</returns>
    bool TryGetLastUsed(in SecretHash hash, out Instant lastUsed);
}
