using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.InMemory;

/// <summary>
/// The embedded <see cref="IApiKeyIndex"/>: a concurrent hash map from key hash to entry, with
/// last-used tracking (<see cref="IApiKeyUsageRecorder"/>). Safe for any number of threads;
/// lookups take no lock and allocate nothing, writers are serialised.
/// </summary>
/// <remarks>
/// <para>Replacing an account's keys first adds or updates the entries it keeps, then removes the
/// ones it drops, so each key moves from its old state to its new one in a single step: a current
/// key that becomes the previous key on rotation (R26) never stops resolving in between, and
/// keeps its last-used time.</para>
/// <para>Last use is kept to the second: <see cref="RecordUse"/> writes only when the new instant
/// is at least one second after the stored one, so a busy key does not turn every request into a
/// contended write.</para>
/// </remarks>
public sealed class InMemoryApiKeyIndex : IApiKeyIndex, IApiKeyUsageRecorder
{
    private static readonly long LastUseResolutionTicks = Duration.FromSeconds(1).BclCompatibleTicks;

    private readonly ConcurrentDictionary<SecretHash, Slot> _byHash = new();

    private readonly Dictionary<AccountId, IndexedAccount> _accounts = [];

    private readonly Lock _writeLock = new();

    /// <summary>How many keys the index resolves (a snapshot, for diagnostics).</summary>
    public int Count => _byHash.Count;

    /// <inheritdoc />
    public bool TryFind(in SecretHash hash, [MaybeNullWhen(false)] out ApiKeyIndexEntry entry)
    {
        if (_byHash.TryGetValue(hash, out var slot))
        {
            entry = slot.Entry;
            return true;
        }

        entry = null;
        return false;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its entries is <c>null</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="account"/> or an entry's environment is <c>default</c>.</exception>
    public bool ReplaceAccountKeys(AccountId account, long version, IEnumerable<ApiKeyIndexEntry> entries)
    {
        Guard.Against.Default(account);
        Guard.Against.Negative(version);
        Guard.Against.Null(entries);
        var replacement = new Dictionary<SecretHash, ApiKeyIndexEntry>();
        foreach (var entry in entries)
        {
            Guard.Against.Null(entry, nameof(entries));
            if (entry.Account != account) throw new ArgumentException($"An entry of account {entry.Account} was given for account {account}.", nameof(entries));
            if (entry.Environment == default) throw new ArgumentException("An entry has no environment.", nameof(entries));
            if (!replacement.TryAdd(entry.Hash, entry)) throw new ArgumentException($"Two entries share the hash {entry.Hash}.", nameof(entries));
        }

        lock (_writeLock)
        {
            // R26, R31: only a newer version may replace the account's keys, whatever order the writers come in.
            if (_accounts.TryGetValue(account, out var indexed) && indexed.Version >= version) return false;

            // Check everything before changing anything, so a refused replacement changes nothing.
            foreach (var hash in replacement.Keys)
            {
                if (_byHash.TryGetValue(hash, out var existing) && existing.Entry.Account != account)
                    throw new ArgumentException($"The hash {hash} is already indexed for another account.", nameof(entries));
            }

            foreach (var (hash, entry) in replacement)
            {
                if (_byHash.TryGetValue(hash, out var slot)) slot.Entry = entry; // kept key: one atomic reference swap
                else _byHash[hash] = new Slot(entry);
            }

            foreach (var hash in indexed?.Hashes ?? [])
            {
                if (!replacement.ContainsKey(hash)) _byHash.TryRemove(hash, out _); // revoked (R6, R26)
            }

            _accounts[account] = new IndexedAccount(version, [.. replacement.Keys]);
            return true;
        }
    }

    /// <inheritdoc />
    public void RemoveAccount(AccountId account)
    {
        lock (_writeLock)
        {
            if (!_accounts.Remove(account, out var indexed)) return;
            foreach (var hash in indexed.Hashes) _byHash.TryRemove(hash, out _);
        }
    }

    /// <inheritdoc />
    public void RecordUse(in SecretHash hash, Instant now)
    {
        if (_byHash.TryGetValue(hash, out var slot)) slot.RecordUse(now.ToUnixTimeTicks());
    }

    /// <inheritdoc />
    public bool TryGetLastUsed(in SecretHash hash, out Instant lastUsed)
    {
        lastUsed = default;
        if (!_byHash.TryGetValue(hash, out var slot)) return false;
        var ticks = Volatile.Read(ref slot.LastUsedUnixTicks);
        if (ticks == Slot.NeverUsed) return false;
        lastUsed = Instant.FromUnixTimeTicks(ticks);
        return true;
    }

    /// <summary>What the index holds for one account: the version its keys come from, and their hashes.</summary>
    private sealed record IndexedAccount(long Version, SecretHash[] Hashes);

    /// <summary>A key's entry plus its mutable last-use time; replaced in place so neither is lost while a key is kept.</summary>
    private sealed class Slot(ApiKeyIndexEntry entry)
    {
        public const long NeverUsed = long.MinValue;

        public volatile ApiKeyIndexEntry Entry = entry;

        public long LastUsedUnixTicks = NeverUsed;

        public void RecordUse(long unixTicks)
        {
            var seen = Volatile.Read(ref LastUsedUnixTicks);
            while (unixTicks >= seen + LastUseResolutionTicks)
            {
                var found = Interlocked.CompareExchange(ref LastUsedUnixTicks, unixTicks, seen);
                if (found == seen) return;
                seen = found;
            }
        }
    }
}
