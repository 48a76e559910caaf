using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.InMemory;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.PostgreSql.ApiKeys;

/// <summary>
/// A host's API-key index when the keys live in PostgreSQL: lookups stay in memory and O(1) (an <see cref="InMemoryApiKeyIndex"/>
/// inside, R27, R31), <see cref="PostgreSqlApiKeySync"/> keeps it in step with the <c>api_keys</c> table, and each key's last use
/// is collected here on the verification path (one dictionary lookup, no I/O) for the sync to write in batches, at most once per
/// key per <see cref="PostgreSqlSettingsOptions.KeyUsageWritePeriod"/>.
/// </summary>
/// <remarks>Pass the same instance to the <see cref="Application.SettingsService"/> (whose verifier records uses through
/// <see cref="IApiKeyUsageRecorder"/>) and to the <see cref="PostgreSqlApiKeySync"/>.</remarks>
public sealed class PostgreSqlApiKeyIndex : IApiKeyIndex, IApiKeyUsageRecorder
{
    private readonly InMemoryApiKeyIndex _keys = new();
    private readonly ConcurrentDictionary<SecretHash, Usage> _usage = new();

    /// <summary>How many keys the index resolves (a snapshot, for diagnostics).</summary>
    public int Count => _keys.Count;

    /// <inheritdoc />
    public bool TryFind(in SecretHash hash, [MaybeNullWhen(false)] out ApiKeyIndexEntry entry) => _keys.TryFind(hash, out entry);

    /// <inheritdoc />
    public bool ReplaceAccountKeys(AccountId account, long version, IEnumerable<ApiKeyIndexEntry> entries) => _keys.ReplaceAccountKeys(account, version, entries);

    /// <inheritdoc />
    public void RemoveAccount(AccountId account) => _keys.RemoveAccount(account);

    /// <inheritdoc />
    public void RecordUse(in SecretHash hash, Instant now)
    {
        _keys.RecordUse(hash, now);
        var ticks = now.ToUnixTimeTicks();
        var usage = _usage.GetOrAdd(hash, static _ => new Usage());
        var seen = Volatile.Read(ref usage.LastUsedTicks);
        while (ticks >= seen + TimeSpan.TicksPerSecond) // to the second, as the in-memory index: a busy key is not a contended write
        {
            var found = Interlocked.CompareExchange(ref usage.LastUsedTicks, ticks, seen);
            if (found == seen) return;
            seen = found;
        }
    }

    /// <inheritdoc />
    public bool TryGetLastUsed(in SecretHash hash, out Instant lastUsed) => _keys.TryGetLastUsed(hash, out lastUsed);

    /// <summary>
    /// The uses to write now: each key used since its last write whose last write is at least <paramref name="period"/> old
    /// (by <paramref name="nowTicks"/>, a monotonic clock in milliseconds). Each is marked written; <see cref="Unwritten"/>
    /// puts back the ones a failed write did not store. Keys no longer indexed are forgotten.
    /// </summary>
    internal List<(SecretHash Hash, Instant LastUsed)> TakeDue(long nowTicks, TimeSpan period)
    {
        var due = new List<(SecretHash, Instant)>();
        foreach (var (hash, usage) in _usage)
        {
            if (!_keys.TryFind(hash, out _))
            {
                _usage.TryRemove(hash, out _);
                continue;
            }
            var used = Volatile.Read(ref usage.LastUsedTicks);
            if (used <= usage.WrittenUsedTicks || (usage.WrittenAtTicks != 0 && nowTicks - usage.WrittenAtTicks < (long)period.TotalMilliseconds)) continue;
            usage.PreviousWrittenUsedTicks = usage.WrittenUsedTicks;
            usage.PreviousWrittenAtTicks = usage.WrittenAtTicks;
            usage.WrittenUsedTicks = used;
            usage.WrittenAtTicks = nowTicks;
            due.Add((hash, Instant.FromUnixTimeTicks(used)));
        }
        return due;
    }

    /// <summary>A write of <see cref="TakeDue"/>'s uses failed: they are due again.</summary>
    internal void Unwritten(IEnumerable<(SecretHash Hash, Instant LastUsed)> uses)
    {
        foreach (var (hash, _) in uses)
        {
            if (!_usage.TryGetValue(hash, out var usage)) continue;
            usage.WrittenUsedTicks = usage.PreviousWrittenUsedTicks;
            usage.WrittenAtTicks = usage.PreviousWrittenAtTicks;
        }
    }

    /// <summary>One key's last use, and what was last written of it (the writer's fields are touched by the sync loop only).</summary>
    private sealed class Usage
    {
        public long LastUsedTicks = long.MinValue;
        public long WrittenUsedTicks = long.MinValue;
        public long WrittenAtTicks;
        public long PreviousWrittenUsedTicks = long.MinValue;
        public long PreviousWrittenAtTicks;
    }
}
