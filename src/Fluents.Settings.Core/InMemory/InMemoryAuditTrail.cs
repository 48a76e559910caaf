using System.Collections.Concurrent;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;

namespace Fluents.Settings.InMemory;

/// <summary>
/// The embedded <see cref="IAuditTrail"/> (R28): each account's entries in memory, kept in key order with an index by
/// environment and one by actor. Thread-safe: appends and reads of one account take its lock; accounts do not share one.
/// Lost when the process ends: production hosts store the trail with their accounts.
/// </summary>
/// <remarks>
/// <para><b>Cost of reading a page</b>, for an account of n entries: O(log n + k), where k is the number of entries looked
/// at. It starts from the smallest list that can hold the answer (the environment's entries or the actor's, when the filter
/// names them, else all the account's), finds the cursor in it by binary search, and walks back from there. With at most one
/// of environment and actor in the filter, every entry it looks at is shown, so k is the page size plus one (the look-ahead
/// that decides whether there is a next page). A time range is found by binary search too, as long as the account's entries
/// were made in time order (one clock: the usual case); once an entry arrives out of time order (clocks of several hosts
/// disagreeing), the range is checked entry by entry instead. With both environment and actor, the other is checked entry by
/// entry. Other accounts' entries are never looked at.</para>
/// <para><b>Cost of appending</b>: O(log n) to find the place and skip a known key; entries arriving in order (the usual case)
/// go at the end, one arriving late is inserted (O(n) to move the later ones).</para>
/// </remarks>
public sealed class InMemoryAuditTrail : IAuditTrail
{
    private readonly ConcurrentDictionary<AccountId, AccountTrail> _accounts = new();

    /// <summary>How many entries are stored, over every account (a snapshot, for diagnostics and tests).</summary>
    public int Count => _accounts.Values.Sum(trail => trail.Count);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its entries is null.</exception>
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(entries);
        foreach (var entry in entries) Guard.Against.Null(entry, nameof(entries));
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in entries) _accounts.GetOrAdd(entry.Account, static _ => new AccountTrail()).Add(entry);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_accounts.TryGetValue(query.Account, out var trail) ? trail.Read(query) : new AuditPage([], null));
    }

    /// <summary>One account's entries, in key order, and its indexes.</summary>
    private sealed class AccountTrail
    {
        private readonly List<AuditEntry> _all = [];
        private readonly Dictionary<EnvironmentId, List<AuditEntry>> _byEnvironment = [];
        private readonly Dictionary<ActorId, List<AuditEntry>> _byActor = [];
        private readonly Lock _lock = new();
        private bool _timesInKeyOrder = true;

        public int Count
        {
            get
            {
                lock (_lock) return _all.Count;
            }
        }

        public void Add(AuditEntry entry)
        {
            lock (_lock)
            {
                var at = Search(_all, entry.Version, entry.Index);
                if (at >= 0) return; // idempotent: the first entry with this key is kept
                at = ~at;
                if ((at > 0 && _all[at - 1].OccurredAt > entry.OccurredAt) || (at < _all.Count && _all[at].OccurredAt < entry.OccurredAt))
                    _timesInKeyOrder = false;
                _all.Insert(at, entry);
                foreach (var environment in entry.Environments.Distinct()) Insert(_byEnvironment, environment, entry);
                Insert(_byActor, entry.Actor.Id, entry);
            }
        }

        public AuditPage Read(AuditQuery query)
        {
            var filter = query.Filter;
            lock (_lock)
            {
                var source = Source(filter);
                var (lowest, start) = Bounds(source, query);
                var page = new List<AuditEntry>(Math.Min(query.PageSize, Math.Max(0, start - lowest + 1)));
                for (var i = start; i >= lowest; i--)
                {
                    var entry = source[i];
                    if (!filter.Matches(entry)) continue;
                    if (page.Count == query.PageSize) return new AuditPage(page, page[^1].Position); // one more passes: there is a next page
                    page.Add(entry);
                }
                return new AuditPage(page, null);
            }
        }

        // The smallest list that holds every entry the filter can show.
        private List<AuditEntry> Source(AuditFilter filter)
        {
            var byEnvironment = filter.Environment is { } environment ? _byEnvironment.GetValueOrDefault(environment) ?? [] : null;
            var byActor = filter.Actor is { } actor ? _byActor.GetValueOrDefault(actor) ?? [] : null;
            return (byEnvironment, byActor) switch
            {
                ({ } e, { } a) => e.Count <= a.Count ? e : a,
                ({ } e, null) => e,
                (null, { } a) => a,
                _ => _all,
            };
        }

        // The positions in `source` to walk, from `start` down to `lowest`: before the cursor, and within the time range when
        // the times are in key order (then every sub-list of the entries is in time order too).
        private (int Lowest, int Start) Bounds(List<AuditEntry> source, AuditQuery query)
        {
            var start = source.Count - 1;
            if (query.After is { } after)
            {
                var at = Search(source, after.Version, after.Index);
                start = (at >= 0 ? at : ~at) - 1; // strictly before the cursor's key
            }
            var lowest = 0;
            if (_timesInKeyOrder)
            {
                if (query.Filter.To is { } to) start = Math.Min(start, FirstAtOrAfter(source, to) - 1);
                if (query.Filter.From is { } from) lowest = FirstAtOrAfter(source, from);
            }
            return (lowest, start);
        }

        private static void Insert<TKey>(Dictionary<TKey, List<AuditEntry>> index, TKey key, AuditEntry entry)
            where TKey : notnull
        {
            if (!index.TryGetValue(key, out var entries)) index[key] = entries = [];
            var at = Search(entries, entry.Version, entry.Index);
            if (at < 0) entries.Insert(~at, entry);
        }

        // Binary search by key: the position, or the complement of where it would go (as List.BinarySearch).
        private static int Search(List<AuditEntry> entries, long version, int index)
        {
            int low = 0, high = entries.Count - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var entry = entries[middle];
                var order = entry.Version != version ? entry.Version.CompareTo(version) : entry.Index.CompareTo(index);
                if (order == 0) return middle;
                if (order < 0) low = middle + 1;
                else high = middle - 1;
            }
            return ~low;
        }

        // The first position whose entry was made at or after `instant` (entries in time order).
        private static int FirstAtOrAfter(List<AuditEntry> entries, Instant instant)
        {
            int low = 0, high = entries.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (entries[middle].OccurredAt < instant) low = middle + 1;
                else high = middle;
            }
            return low;
        }
    }
}
