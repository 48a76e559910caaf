using System.Diagnostics.CodeAnalysis;
using Fluents.Settings.Accounts;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// The port that resolves a key hash to its environment in O(1) (R27). The application layer
/// keeps it in step with the accounts: after saving an account whose keys changed (creation,
/// rotation, environment deletion) it replaces that account's entries with those of the saved
/// version, and removes them when the account goes away. <see cref="InMemory.InMemoryApiKeyIndex"/> is the
/// embedded adapter; a shared one (kept in step across hosts) implements the same contract.
/// </summary>
/// <remarks>
/// <para>A key that is not in the index (never issued, revoked, its environment deleted) is simply
/// unknown: the index keeps no tombstones, so nothing about a revoked key stays behind.</para>
/// <para><b>Versions (R26, R31).</b> Every replacement names the account version its entries come
/// from, and the index itself refuses one that is not newer than what it holds for the account.
/// Writers can therefore apply changes in any order — two requests finishing out of order, or a
/// notification from another host arriving late — and an older version never brings back a key that
/// a newer one revoked.</para>
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
    /// step, if <paramref name="version"/> is newer than the version the index holds for the account:
    /// a key present before and after stays resolvable throughout, a key left out stops resolving, a
    /// new key starts resolving. An older or equal version changes nothing.
    /// </summary>
    /// <param name="account">The account whose keys changed.</param>
    /// <param name="version">The account version the entries were taken from (<see cref="Account.Version"/>).</param>
    /// <param name="entries">All of the account's keys at that version (empty removes them all).</param>
    /// <returns>Whether the entries were applied (false: the index already held this version or a newer one).</returns>
    /// <exception cref="ArgumentException">
    /// An entry belongs to another account, two entries share a hash, a hash is already indexed for
    /// another account, or <paramref name="version"/> is negative.
    /// </exception>
    bool ReplaceAccountKeys(AccountId account, long version, IEnumerable<ApiKeyIndexEntry> entries);

    /// <summary>
    /// Removes every entry of <paramref name="account"/> and the version held for it; its keys stop
    /// resolving at once. A later replacement for the account (any version) is applied again.
    /// </summary>
    /// <param name="account">The account that was closed.</param>
    void RemoveAccount(AccountId account);
}
