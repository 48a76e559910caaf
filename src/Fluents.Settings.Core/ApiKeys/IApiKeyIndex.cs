using System.Diagnostics.CodeAnalysis;
using Fluents.Settings.Accounts;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// The port that resolves a key hash to its environment in O(1) (R27). The application layer
/// keeps it in step with the accounts: after saving an account whose keys changed (creation,
/// rotation, environment deletion) it replaces that account's entries, and removes them when the
/// account goes away. <see cref="InMemoryApiKeyIndex"/> is the embedded adapter.
/// </summary>
/// <remarks>
/// A key that is not in the index (never issued, revoked, its environment deleted) is simply
/// unknown: the index keeps no tombstones, so nothing about a revoked key stays behind.
/// </remarks>
public interface IApiKeyIndex
{
    /// <summary>Finds the entry of a key hash.</summary>
    /// <param name="hash">The SHA-256 of the presented key.</param>
    /// <param name="entry">The entry, when the hash is known.</param>
    /// <returns>Whether the hash is known.</returns>
    bool TryFind(in SecretHash hash, [MaybeNullWhen(false)] out ApiKeyIndexEntry entry);

    /// <summary>
    /// Replaces every entry of <paramref name="account"/> with <paramref name="entries"/> in one
    /// step: a key present before and after stays resolvable throughout, a key left out stops
    /// resolving, a new key starts resolving.
    /// </summary>
    /// <param name="account">The account whose keys changed.</param>
    /// <param name="entries">All of the account's keys now (empty removes them all).</param>
    /// <exception cref="ArgumentException">
    /// An entry belongs to another account, two entries share a hash, or a hash is already
    /// indexed for another account.
    /// </exception>
    void ReplaceAccountKeys(AccountId account, IEnumerable<ApiKeyIndexEntry> entries);

    /// <summary>Removes every entry of <paramref name="account"/>; its keys stop resolving at once.</summary>
    /// <param name="account">The account that was closed.</param>
    void RemoveAccount(AccountId account);
}
