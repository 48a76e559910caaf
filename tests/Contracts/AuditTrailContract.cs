using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.Contracts;

/// <summary>
/// What every <see cref="IAuditTrail"/> must do (DESIGN.md R28): store a change's entries once however often they are
/// appended, and read one account's entries newest first (by version, then index), filtered by environment, actor and a time
/// range [from, to), one page at a time with a cursor that returns every entry exactly once. An adapter's tests derive from
/// this class and say how to create an empty trail; the same tests then run against it. Each test gets a fresh trail.
/// </summary>
/// <remarks>
/// Entries come from real accounts (<see cref="History"/>), so they carry what an adapter will see: events of every kind,
/// a change that records two events, changes by a member and by a system actor. Entries read back are compared by what they
/// show (key, time, actor, type, summary, environments, event), not by reference: a database adapter rebuilds them.
/// </remarks>
public abstract class AuditTrailContract
{
    private static readonly Instant Start = TestAccounts.Now;
    private static readonly AccountId OtherAccount = new(Guid.Parse("0196f000-0000-7000-8000-00000000a0ff"));

    /// <summary>A new, empty trail.</summary>
    protected abstract IAuditTrail CreateTrail();

    [ContractFact]
    public async Task Read_NothingStored_IsAnEmptyLastPage()
    {
        var page = await CreateTrail().ReadAsync(Query());

        Assert.Empty(page.Entries);
        Assert.Null(page.Next);
    }

    [ContractFact]
    public async Task Append_ThenRead_EveryEntryNewestFirstByVersionThenIndex_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 12);

        await trail.AppendAsync(history.Entries);
        var page = await trail.ReadAsync(Query(pageSize: AuditQuery.MaxPageSize));

        AssertSameEntries(NewestFirst(history.Entries), page.Entries);
        Assert.Null(page.Next);
        Assert.Contains(page.Entries, e => e.Index == 1); // the history has a change that recorded two events
    }

    [ContractFact]
    public async Task Append_TheSameEntriesAgain_StoresEachOnce_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 6);

        await trail.AppendAsync(history.Entries);
        await trail.AppendAsync(history.Entries);                  // a retried append
        await trail.AppendAsync(history.Entries.Skip(3).ToArray()); // and a partial one

        AssertSameEntries(NewestFirst(history.Entries), await ReadAllAsync(trail, AuditFilter.None, pageSize: 5));
    }

    [ContractFact]
    public async Task Append_AnotherEntryWithAStoredKey_KeepsTheFirst_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 2);
        var stored = history.Entries[^1];
        var impostor = AuditEntry.Of(stored.Event with { OccurredAt = stored.OccurredAt + Duration.FromHours(1) });

        await trail.AppendAsync(history.Entries);
        await trail.AppendAsync([impostor]);

        var newest = Assert.Single((await trail.ReadAsync(Query(pageSize: 1))).Entries);
        AssertSameEntry(stored, newest);
    }

    [ContractFact]
    public async Task Append_OutOfOrder_ReadsInKeyOrder_R28()
    {
        // Two writers' after-save work can finish in either order: the later version may be appended first.
        var trail = CreateTrail();
        var history = History.Build(changes: 10);

        foreach (var change in history.Entries.GroupBy(e => e.Version).Reverse()) await trail.AppendAsync(change.ToArray());

        AssertSameEntries(NewestFirst(history.Entries), await ReadAllAsync(trail, AuditFilter.None, pageSize: 3));
    }

    [ContractFact]
    public async Task Read_OneAccount_NeverShowsAnotherAccountsEntries()
    {
        var trail = CreateTrail();
        var ours = History.Build(changes: 4);
        var theirs = History.Build(changes: 4, account: OtherAccount);
        await trail.AppendAsync([.. ours.Entries, .. theirs.Entries]);

        AssertSameEntries(NewestFirst(ours.Entries), await ReadAllAsync(trail, AuditFilter.None));
        AssertSameEntries(NewestFirst(theirs.Entries), await ReadAllAsync(trail, AuditFilter.None, account: OtherAccount));
    }

    [ContractFact]
    public async Task Filter_ByEnvironment_ShowsItsEntriesOnly_AReallocationIncluded_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 20);
        await trail.AppendAsync(history.Entries);

        foreach (var environment in history.Environments)
        {
            var filter = new AuditFilter { Environment = environment };
            var expected = NewestFirst(history.Entries.Where(e => e.Environments.Contains(environment)));
            Assert.NotEmpty(expected);
            AssertSameEntries(expected, await ReadAllAsync(trail, filter, pageSize: 2));
        }
        var reallocation = history.Entries.First(e => e.Environments.Count == 2);
        Assert.All(reallocation.Environments, environment => Assert.Contains(environment, history.Environments));
    }

    [ContractFact]
    public async Task Filter_ByActor_AMemberOrASystemActor_ShowsTheirEntriesOnly_R28_R29()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 20);
        await trail.AppendAsync(history.Entries);

        foreach (ActorId actor in new[] { TestAccounts.Admin, SystemActor.Billing.ActorId, History.Automation.ActorId })
        {
            var expected = NewestFirst(history.Entries.Where(e => e.Actor.Id == actor));
            Assert.NotEmpty(expected);
            AssertSameEntries(expected, await ReadAllAsync(trail, new AuditFilter { Actor = actor }, pageSize: 3));
        }
        Assert.Empty((await trail.ReadAsync(Query(new AuditFilter { Actor = TestAccounts.Stranger }))).Entries);
    }

    [ContractFact]
    public async Task Filter_ByTimeRange_FromIsInclusiveAndToExclusive_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 12); // one change a minute
        await trail.AppendAsync(history.Entries);
        var times = history.Entries.Select(e => e.OccurredAt).Distinct().Order().ToArray();
        var (from, to) = (times[3], times[7]);

        var page = await ReadAllAsync(trail, new AuditFilter { From = from, To = to });

        AssertSameEntries(NewestFirst(history.Entries.Where(e => e.OccurredAt >= from && e.OccurredAt < to)), page);
        Assert.Contains(page, e => e.OccurredAt == from);
        Assert.DoesNotContain(page, e => e.OccurredAt == to);
        Assert.Empty(await ReadAllAsync(trail, new AuditFilter { From = to, To = to })); // [t, t) is empty
        AssertSameEntries(NewestFirst(history.Entries.Where(e => e.OccurredAt >= to)), await ReadAllAsync(trail, new AuditFilter { From = to }));
        AssertSameEntries(NewestFirst(history.Entries.Where(e => e.OccurredAt < from)), await ReadAllAsync(trail, new AuditFilter { To = from }));
    }

    [ContractFact]
    public async Task Filter_AllTogether_ShowsTheEntriesThatPassEach_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 30);
        await trail.AppendAsync(history.Entries);
        var times = history.Entries.Select(e => e.OccurredAt).Distinct().Order().ToArray();
        var filter = new AuditFilter { Environment = history.Environments[0], Actor = TestAccounts.Admin, From = times[2], To = times[^3] };

        var expected = NewestFirst(history.Entries.Where(filter.Matches));

        Assert.NotEmpty(expected);
        AssertSameEntries(expected, await ReadAllAsync(trail, filter, pageSize: 1));
    }

    [ContractTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(AuditQuery.MaxPageSize)]
    public async Task Paging_ALongHistory_ReturnsEveryEntryExactlyOnceInOrder_R28(int pageSize)
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 150);
        await trail.AppendAsync(history.Entries);

        var pages = await ReadPagesAsync(trail, AuditFilter.None, pageSize);

        AssertSameEntries(NewestFirst(history.Entries), pages.SelectMany(p => p.Entries).ToArray());
        Assert.All(pages[..^1], page => Assert.Equal(pageSize, page.Entries.Count));
        Assert.All(pages[..^1], page => Assert.Equal(page.Entries[^1].Position, page.Next));
        Assert.Null(pages[^1].Next);
    }

    [ContractFact]
    public async Task Paging_ThePageSizeEqualsWhatIsLeft_TheLastPageSaysSo_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 5);
        await trail.AppendAsync(history.Entries);

        var page = await trail.ReadAsync(Query(pageSize: history.Entries.Count));

        Assert.Equal(history.Entries.Count, page.Entries.Count);
        Assert.Null(page.Next); // no empty page after the last one
        Assert.NotNull((await trail.ReadAsync(Query(pageSize: history.Entries.Count - 1))).Next);
    }

    [ContractFact]
    public async Task Paging_WhileNewChangesAreAppended_NeitherSkipsNorRepeats_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 40);
        var (older, newer) = (history.Entries.Where(e => e.Version < 20).ToArray(), history.Entries.Where(e => e.Version >= 20).ToArray());
        await trail.AppendAsync(older);

        var first = await trail.ReadAsync(Query(pageSize: 10));
        await trail.AppendAsync(newer); // changes made while the viewer reads
        var rest = await ReadAllAsync(trail, AuditFilter.None, pageSize: 10, after: first.Next);

        AssertSameEntries(NewestFirst(older), [.. first.Entries, .. rest]);
    }

    [ContractFact]
    public async Task Read_ClocksDisagree_TheTimeRangeStillShowsExactlyTheEntriesInIt_R28()
    {
        // Several hosts' clocks: a later change may carry an earlier time. Order stays by key; the range by time.
        var trail = CreateTrail();
        var history = History.Build(changes: 16, skewed: true);
        await trail.AppendAsync(history.Entries);
        var times = history.Entries.Select(e => e.OccurredAt).Distinct().Order().ToArray();
        var filter = new AuditFilter { From = times[4], To = times[^4] };

        AssertSameEntries(NewestFirst(history.Entries.Where(filter.Matches)), await ReadAllAsync(trail, filter, pageSize: 2));
        AssertSameEntries(NewestFirst(history.Entries), await ReadAllAsync(trail, AuditFilter.None, pageSize: 4));
    }

    [ContractFact]
    public async Task Read_EntriesComeBackWithEverythingTheyShow_R28()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 20);
        await trail.AppendAsync(history.Entries);

        var read = await ReadAllAsync(trail, AuditFilter.None);

        Assert.Contains(read, e => e.Actor.IsSystemActor && e.Actor.Name == SystemActor.Billing.Name);
        Assert.All(read, e => Assert.False(string.IsNullOrWhiteSpace(e.Summary)));
        AssertSameEntries(NewestFirst(history.Entries), read);
    }

    [ContractFact]
    public async Task Append_Cancelled_Throws()
    {
        var trail = CreateTrail();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trail.AppendAsync(History.Build(changes: 1).Entries, new CancellationToken(canceled: true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trail.ReadAsync(Query(), new CancellationToken(canceled: true)));
    }

    [ContractFact]
    public async Task Append_Null_Throws()
    {
        var trail = CreateTrail();

        await Assert.ThrowsAsync<ArgumentNullException>(() => trail.AppendAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => trail.ReadAsync(null!));
    }

    [ContractFact]
    public async Task Append_ManyWritersAtOnce_EveryEntryOnce()
    {
        var trail = CreateTrail();
        var history = History.Build(changes: 60);
        var changes = history.Entries.GroupBy(e => e.Version).Select(g => g.ToArray()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            foreach (var change in changes.Where((_, i) => i % 2 == writer % 2)) await trail.AppendAsync(change); // two writers per change: retries
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        AssertSameEntries(NewestFirst(history.Entries), await ReadAllAsync(trail, AuditFilter.None));
    }

    private static AuditQuery Query(AuditFilter? filter = null, int pageSize = AuditQuery.DefaultPageSize, AuditCursor? after = null, AccountId? account = null) =>
        new(account ?? TestAccounts.AccountId, filter ?? AuditFilter.None, pageSize, after);

    private static async Task<List<AuditPage>> ReadPagesAsync(IAuditTrail trail, AuditFilter filter, int pageSize, AuditCursor? after = null, AccountId? account = null)
    {
        var pages = new List<AuditPage>();
        do
        {
            var page = await trail.ReadAsync(Query(filter, pageSize, after, account));
            pages.Add(page);
            Assert.True(pages.Count < 10_000, "paging does not end");
            after = page.Next;
        }
        while (after is not null);
        return pages;
    }

    private static async Task<AuditEntry[]> ReadAllAsync(IAuditTrail trail, AuditFilter filter, int pageSize = AuditQuery.MaxPageSize, AuditCursor? after = null, AccountId? account = null) =>
        [.. (await ReadPagesAsync(trail, filter, pageSize, after, account)).SelectMany(page => page.Entries)];

    private static AuditEntry[] NewestFirst(IEnumerable<AuditEntry> entries) =>
        [.. entries.OrderByDescending(e => e.Version).ThenByDescending(e => e.Index)];

    private static void AssertSameEntries(IReadOnlyList<AuditEntry> expected, IReadOnlyList<AuditEntry> actual)
    {
        Assert.Equal(expected.Select(e => (e.Version, e.Index)), actual.Select(e => (e.Version, e.Index)));
        for (var i = 0; i < expected.Count; i++) AssertSameEntry(expected[i], actual[i]);
    }

    private static void AssertSameEntry(AuditEntry expected, AuditEntry actual)
    {
        Assert.Equal(
            (expected.Account, expected.Version, expected.Index, expected.OccurredAt, expected.Actor, expected.Type, expected.Summary),
            (actual.Account, actual.Version, actual.Index, actual.OccurredAt, actual.Actor, actual.Type, actual.Summary));
        Assert.Equal(expected.Environments, actual.Environments);
        Assert.True(EventComparison.AreSame(expected.Event, actual.Event), $"{actual.Event} differs from {expected.Event}");
    }

    /// <summary>
    /// An account's audit entries from a deterministic history: changes by its Admin, by billing and by an automation actor,
    /// one a minute (or on skewed clocks), environments created, renamed, hidden and resized, one reallocation of two
    /// environments (a change concerning both), and an edit that renames and resizes at once (two events of one change).
    /// </summary>
    public sealed record History(IReadOnlyList<AuditEntry> Entries, IReadOnlyList<EnvironmentId> Environments)
    {
        public static readonly SystemActor Automation = SystemActor.Automation("terraform", "Terraform", Permission.ManageEnvironments | Permission.ViewAuditTrail);

        public static History Build(int changes, AccountId? account = null, bool skewed = false)
        {
            var random = new SeededSecretGenerator(1201);
            var now = Start;
            var opened = Account.Open(account ?? TestAccounts.AccountId, 40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, now, random).Value;
            var subject = opened.Account;
            var environments = new List<EnvironmentId> { opened.DefaultEnvironment };
            for (var step = 1; step < changes; step++)
            {
                // One minute a change; with skewed clocks, every third change comes from a host running five minutes behind.
                now = Start + Duration.FromMinutes(step) - (skewed && step % 3 == 0 ? Duration.FromMinutes(5) : Duration.Zero);
                var version = subject.Version;
                var last = environments[^1];
                switch (step % 6)
                {
                    case 1 when environments.Count < 4:
                        environments.Add(subject.CreateEnvironment(Automation, $"env-{step}", 0, now, random).Value.Environment);
                        break;
                    case 1:
                        _ = subject.EditEnvironment(Automation, last, $"env-{step}", null, now).Value;
                        break;
                    case 2:
                        _ = subject.ChangePlanLimit(SystemActor.Billing, 40 + step, now).Value;
                        break;
                    case 3: // swaps the first two environments' limits: one change concerning both
                        var (first, second) = (Limit(subject, environments[0]), Limit(subject, environments[1]));
                        _ = subject.Reallocate(TestAccounts.Admin, new Dictionary<EnvironmentId, int> { [environments[0]] = second, [environments[1]] = first }, now).Value;
                        break;
                    case 4:
                        _ = subject.EditEnvironment(TestAccounts.Admin, environments[0], $"renamed-{step}", null, now).Value;
                        break;
                    case 5: // renames and resizes at once: two events of one change
                        var limit = Limit(subject, last);
                        _ = subject.EditEnvironment(TestAccounts.Admin, last, $"both-{step}", subject.Allocation.Unallocated > 0 ? limit + 1 : limit - 1, now).Value;
                        break;
                    default:
                        if (subject.FindEnvironment(last)!.Hidden) _ = subject.UnhideEnvironment(TestAccounts.Admin, last, now).Value;
                        else _ = subject.HideEnvironment(TestAccounts.Admin, last, now).Value;
                        break;
                }
                if (subject.Version != version + 1) throw new InvalidOperationException($"Step {step} did not make one change: the history must make one change per step.");
            }
            return new History([.. subject.TakeEvents().Select(AuditEntry.Of)], environments);
        }

        private static int Limit(Account account, EnvironmentId environment) => account.FindEnvironment(environment)!.MaxConcurrentCalls.Value;
    }
}
