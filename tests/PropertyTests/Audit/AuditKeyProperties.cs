using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.InMemory;
using Fluents.Settings.PropertyTests.ApiKeys;

namespace Fluents.Settings.PropertyTests.Audit;

/// <summary>
/// R28 over generated account histories (the same histories as <see cref="NoSecretLeakProperties"/>: environments, keys,
/// invitations, accepts, plan changes by the Admin and by billing, refusals by Members and strangers, time passing):
/// every event's (account, version, index) is unique and ordered as the changes were made, and an audit trail given the
/// entries in any order, more than once, pages through them exactly once, newest first, whatever the filter.
/// </summary>
[Properties(Arbitrary = [typeof(AccountHistoryArbitraries), typeof(AuditArbitraries)], MaxTest = 150, StartSize = 10, EndSize = 80)]
public class AuditKeyProperties
{
    [Property]
    public Property Keys_are_unique_and_ordered_as_the_changes_were_made(AccountHistory history)
    {
        var run = new AccountHistoryRun(history);
        run.Play();
        var events = run.PlayedAccount.TakeEvents();
        var keys = events.Select(e => (e.Version, e.Index)).ToArray();

        // Opening is version 0 (two events); each later change is the next version, its events indexed from 0.
        var expected = new List<(long, int)> { (0, 0), (0, 1) };
        foreach (var change in events.Skip(2).GroupBy(e => e.Version)) expected.AddRange(change.Select((_, i) => (change.Key, i)));
        var versions = events.Select(e => e.Version).Distinct().ToArray();

        return (keys.SequenceEqual(expected)
                && versions.SequenceEqual(Enumerable.Range(0, versions.Length).Select(v => (long)v))
                && versions[^1] == run.PlayedAccount.Version
                && keys.Distinct().Count() == keys.Length
                && events.All(e => e.AccountId == TestAccounts.AccountId && e.Actor is not null))
            .Label($"keys: {string.Join(" ", keys.Select(k => $"{k.Version}#{k.Index}"))}")
            .Classify(events.Any(e => e.Actor.IsSystemActor), "with a change by billing")
            .Classify(events.GroupBy(e => e.Version).Any(g => g.Count() > 1 && g.Key > 0), "with a change of two events")
            .Classify(versions.Length > 20, "more than 20 changes");
    }

    [Property]
    public Property Paging_returns_every_matching_entry_once_newest_first(AccountHistory history, AuditReading reading)
    {
        var run = new AccountHistoryRun(history);
        run.Play();
        var entries = run.PlayedAccount.TakeEvents().Select(AuditEntry.Of).ToArray();
        var filter = reading.FilterFor(entries);
        var trail = new InMemoryAuditTrail();
        foreach (var batch in reading.Batches(entries)) trail.AppendAsync(batch).GetAwaiter().GetResult();

        var read = new List<AuditEntry>();
        AuditCursor? after = null;
        var pages = 0;
        do
        {
            var page = trail.ReadAsync(new AuditQuery(TestAccounts.AccountId, filter, reading.PageSize, after)).GetAwaiter().GetResult();
            read.AddRange(page.Entries);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10_000);

        var expected = entries.Where(filter.Matches).OrderByDescending(e => e.Version).ThenByDescending(e => e.Index).Select(e => e.Position).ToArray();
        return read.Select(e => e.Position).SequenceEqual(expected)
            .Label($"filter {filter}, page size {reading.PageSize}: expected {expected.Length} entries, read {read.Count} in {pages} pages")
            .Classify(expected.Length == 0, "nothing matches")
            .Classify(expected.Length > reading.PageSize, "several pages")
            .Classify(filter != AuditFilter.None, "filtered");
    }
}

/// <summary>How a generated history is appended (in batches, shuffled, some twice) and read (filter, page size).</summary>
public sealed record AuditReading(int Seed, int PageSize, int Filter, int Pick, int From, int To)
{
    public AuditFilter FilterFor(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0) return AuditFilter.None;
        var picked = entries[Pick % entries.Count];
        var times = entries.Select(e => e.OccurredAt).Distinct().Order().ToArray();
        var (from, to) = (times[Math.Min(From, To) % times.Length], times[Math.Max(From, To) % times.Length]);
        if (from > to) (from, to) = (to, from);
        return (Filter % 5) switch
        {
            0 => AuditFilter.None,
            1 => new AuditFilter { Actor = picked.Actor.Id },
            2 => picked.Environments.Count > 0 ? new AuditFilter { Environment = picked.Environments[0] } : new AuditFilter { Actor = SystemActor.Billing.ActorId },
            3 => new AuditFilter { From = from, To = to },
            _ => new AuditFilter { Actor = picked.Actor.Id, From = from },
        };
    }

    /// <summary>The entries in changes, the changes shuffled, and some appended twice (retries).</summary>
    public IEnumerable<AuditEntry[]> Batches(IReadOnlyList<AuditEntry> entries)
    {
        var random = new Random(Seed);
        var changes = entries.GroupBy(e => e.Version).Select(g => g.ToArray()).ToList();
        var batches = changes.Concat(changes.Where(_ => random.Next(4) == 0)).ToArray();
        random.Shuffle(batches);
        return batches;
    }
}

public static class AuditArbitraries
{
    public static Arbitrary<AuditReading> Readings() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from pageSize in Gen.Frequency((3, Gen.Choose(1, 5)), (1, Gen.Choose(6, AuditQuery.MaxPageSize)))
         from filter in Gen.Choose(0, 4)
         from pick in Gen.Choose(0, 1000)
         from fromAt in Gen.Choose(0, 1000)
         from toAt in Gen.Choose(0, 1000)
         select new AuditReading(seed, pageSize, filter, pick, fromAt, toAt)).ToArbitrary();
}
