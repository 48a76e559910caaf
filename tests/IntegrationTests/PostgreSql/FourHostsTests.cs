using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.PostgreSql.Outbox;
using OneOf;
using OneOf.Types;
using Xunit.Abstractions;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// Several hosts for real (issue 13): four <see cref="SettingsService"/>s, each with its own data source (pool), repository and
/// key index kept in step by its own key sync, race on one account with the writers of the in-memory race test
/// (<see cref="RaceWriter"/>), while billing moves the plan up and down and a probe rotates a key through each host in turn.
/// Every committed version is recorded by a trigger, so the rules are checked at every step, not only at the end: no lost
/// update, the plan never exceeded by a raise (R10, R12), always an Admin (R16) and a visible environment (R5); and the
/// revocation bound (R31) is measured across the hosts while they race.
/// </summary>
public sealed class FourHostsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Hosts = 4;
    private const int ActionsPerWriter = 100;
    private const int PlanLimit = 1000;
    private const int RevocationTrials = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly UserId Admin = TestAccounts.Admin;
    private TestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        if (!TestServers.Postgres.IsReachable && !TestServers.InCi) return;
        _schema = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null) await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task FourHostsRaceOnOneAccount_EveryVersionKeepsTheRules_NoUpdateIsLost_AndRevocationReachesEveryHost_R31()
    {
        await RecordEveryVersionAsync();
        var counters = new CountingRepository[Hosts];
        var hosts = new PostgreSqlHost[Hosts];
        for (var h = 0; h < Hosts; h++)
        {
            var slot = h;
            hosts[h] = await PostgreSqlHost.StartAsync(_schema, name: $"host{h}", decorate: inner => counters[slot] = new CountingRepository(inner));
        }
        try
        {
            await RaceAsync(hosts, counters);
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    private async Task RaceAsync(PostgreSqlHost[] hosts, CountingRepository[] counters)
    {
        // Setup through host 0: the plan free for the writers, two environments everyone edits, a probe environment whose key
        // is rotated for the revocation bound, and one Admin + one Member per writer.
        var account = new AccountId(Guid.NewGuid());
        var setup = hosts[0].Service;
        _ = (await setup.OpenAccountAsync(PlanLimit, Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, account)).Value;
        var defaultEnvironment = (await hosts[0].Repository.FindAsync(account)).Value.ToSnapshot().Environments.Single().Id;
        _ = (await setup.EditEnvironmentAsync(account, Admin, defaultEnvironment, null, 0)).Value;
        var shared = new[] { (await setup.CreateEnvironmentAsync(account, Admin, "shared-a", 0)).Value.Environment, (await setup.CreateEnvironmentAsync(account, Admin, "shared-b", 0)).Value.Environment };
        var probe = (await setup.CreateEnvironmentAsync(account, Admin, "probe", 0)).Value;
        var writers = new RaceWriter[Hosts];
        for (var w = 0; w < Hosts; w++)
        {
            var admin = await JoinAsync(setup, account, $"Admin {w}", $"admin{w}@example.com", Role.Admin);
            var member = await JoinAsync(setup, account, $"Member {w}", $"member{w}@example.com", Role.Member);
            writers[w] = new RaceWriter(w, account, admin, member, shared, ActionsPerWriter);
        }
        var start = await StoredAsync(hosts[0], account);
        var savedAtStart = counters.Sum(c => c.Saved);
        var startMail = await _schema.ScalarAsync<long>("SELECT count(*) FROM invitation_mail");

        // The race: a writer per host, billing (through every host in turn), and the revocation probe.
        var clock = Stopwatch.StartNew();
        var racing = writers.Select((writer, w) => Task.Run(() => writer.RunAsync(hosts[w].Service, ActionsPerWriter))).ToArray();
        var billing = Task.Run(() => BillAsync(hosts, account, racing));
        var revocations = Task.Run(() => ProbeRevocationAsync(hosts, account, probe));
        await Task.WhenAll([.. racing, billing, revocations]).WaitAsync(TimeSpan.FromMinutes(5));
        clock.Stop();
        var (billed, billingGaveUp) = await billing;
        var (rotations, sinceReturn, sinceCall, probeGaveUp) = await revocations;

        var stored = await StoredAsync(hosts[0], account);
        var successes = writers.Sum(w => w.Successes);
        output.WriteLine(
            $"{Hosts} hosts x {ActionsPerWriter} actions in {clock.ElapsedMilliseconds} ms: {successes} successes, {writers.Sum(w => w.Refusals)} raises refused (over the plan), "
            + $"{writers.Sum(w => w.GaveUp) + billingGaveUp + probeGaveUp} ConflictAfterRetries, {counters.Sum(c => c.Conflicts)} conflicts retried; "
            + $"{billed} plan changes, {rotations} probe rotations; version {start.Version} -> {stored.Version}");
        output.WriteLine($"revocation seen by the 3 other hosts while racing, after the rotating host's call returned: {RevocationTimer.Describe(sinceReturn)}");
        output.WriteLine($"the same from the start of the rotating host's call (its retries included): {RevocationTimer.Describe(sinceCall)}");
        Assert.All(writers, w => Assert.Empty(w.Unexpected));

        // No lost update: one success = one saved change = one version, and the versions are contiguous.
        Assert.Equal(start.Version + successes + billed + rotations, stored.Version);
        Assert.Equal(successes + billed + rotations, counters.Sum(c => c.Saved) - savedAtStart);
        Assert.True(counters.Sum(c => c.Conflicts) > 0, "no save conflicted: the hosts did not really race");
        Assert.True(writers.Sum(w => w.Refusals) > 0, "no raise was refused: the plan was never in the way");

        // Every version committed during the race kept the rules; a version that raised the allocation kept it within its plan.
        var history = await HistoryAsync(start.Version);
        Assert.Equal(Enumerable.Range((int)start.Version + 1, (int)(stored.Version - start.Version)).Select(v => (long)v), history.Select(h => h.Version));
        var previous = (Allocated: start.Environments.Sum(e => e.MaxConcurrentCalls), Plan: start.PlanLimit);
        foreach (var version in history)
        {
            Assert.True(version.Admins >= 1, $"version {version.Version} has no Admin (R16)");
            Assert.True(version.Visible >= 1, $"version {version.Version} has no visible environment (R5)");
            if (version.Allocated > previous.Allocated)
                Assert.True(version.Allocated <= version.Plan, $"version {version.Version} raised the allocation to {version.Allocated} over the plan {version.Plan} (R10, R12)");
            previous = (version.Allocated, version.Plan);
        }
        Assert.Contains(history, h => h.Allocated > h.Plan); // billing did over-allocate the account at times (R12), and raises waited
        AccountInvariants.AssertHold(stored);

        // Every success is in the final state, and every host's index agrees with it.
        await UntilAsync(() => hosts.All(h => writers.All(w => w.Live.Values.All(e => h.Service.VerifyApiKey(e.Key.Reveal()) is { Succeeded: true } verified && verified.Value.Environment == e.Id)
            && w.Deleted.All(e => h.Service.VerifyApiKey(e.Key.Reveal()).Error is UnknownApiKey))));
        var expectedEnvironments = new HashSet<EnvironmentId>([defaultEnvironment, probe.Environment, .. shared]);
        foreach (var writer in writers)
        {
            foreach (var own in writer.Live.Values)
            {
                expectedEnvironments.Add(own.Id);
                var environment = Assert.Single(stored.Environments, e => e.Id == own.Id);
                Assert.Equal((own.Name, own.Limit, own.Hidden), (environment.Name, environment.MaxConcurrentCalls, environment.Hidden));
            }
            Assert.All(writer.Deleted, gone => Assert.DoesNotContain(stored.Environments, e => e.Id == gone.Id));
            foreach (var invited in writer.Invited)
            {
                Assert.True(invited.Queued);
                var invitation = Assert.Single(stored.Invitations, i => i.Id == invited.Invitation);
                Assert.Equal((invited.Email.Value, Role.Member, InvitationState.Open), (invitation.Email, invitation.Role, invitation.State));
            }
            Assert.Equal(writer.OwnMemberRole, stored.Members.Single(m => m.UserId == writer.OwnMember).Role);
        }
        Assert.Equal(expectedEnvironments.Select(e => e.Value).Order(), stored.Environments.Select(e => e.Id.Value).Order());
        foreach (var environment in shared)
        {
            var limit = stored.Environments.Single(e => e.Id == environment).MaxConcurrentCalls;
            Assert.Contains(limit, writers.SelectMany(w => w.SharedLimits).Where(edit => edit.Environment == environment).Select(edit => edit.Limit).Append(0));
        }
        Assert.Equal(stored.Environments.Sum(e => e.PreviousApiKey is null ? 1 : 2), await _schema.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE account_id = $1", account.Value));

        // Each success stored its events and mail once, in its transaction; refusals and lost races stored nothing.
        async Task<long> Stored(string type) => await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE account_id = $1 AND version > $2 AND type = $3", account.Value, start.Version, type);
        Assert.Equal(writers.Sum(w => w.Created), await Stored("environment.created"));
        Assert.Equal(writers.Sum(w => w.Deleted.Count), await Stored("environment.deleted"));
        Assert.Equal(writers.Sum(w => w.Renamed), await Stored("environment.renamed"));
        Assert.Equal(writers.Sum(w => w.Toggled), await Stored("environment.hidden") + await Stored("environment.unhidden"));
        Assert.Equal(writers.Sum(w => w.RoleChanges), await Stored("member.role_changed"));
        Assert.Equal(writers.Sum(w => w.Invited.Count), await Stored("invitation.sent"));
        Assert.Equal(rotations, await Stored("api_key.rotated"));
        Assert.Equal(writers.Sum(w => w.Invited.Count), await _schema.ScalarAsync<long>("SELECT count(*) FROM invitation_mail") - startMail);
        Assert.Equal(
            await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE account_id = $1", account.Value),
            await _schema.ScalarAsync<long>("SELECT count(*) FROM audit WHERE account_id = $1", account.Value));

        // The revocation bound across the hosts, measured while they raced (R31).
        Assert.Equal(RevocationTrials, sinceReturn.Count);
        Assert.True(RevocationTimer.Percentile(sinceReturn, 99) <= TimeSpan.FromSeconds(1), RevocationTimer.Describe(sinceReturn));
    }

    // Billing moves the plan while the writers race: below the allocation at times (an over-allocated account, where raises are
    // refused and lowering is allowed, R12), and back to the full plan at the end so the final state fits.
    private static async Task<(int Billed, int GaveUp)> BillAsync(PostgreSqlHost[] hosts, AccountId account, Task[] racing)
    {
        int[] plans = [120, PlanLimit, 60, 400, 90, PlanLimit];
        var billed = 0;
        var gaveUp = 0;
        while (!racing.All(t => t.IsCompleted) || billed % plans.Length != 0) // ends on the last of a round: the full plan
        {
            await Task.Delay(25);
            var changed = await hosts[billed % Hosts].Service.ChangePlanLimitAsync(account, SystemActor.Billing, plans[billed % plans.Length]);
            if (changed.Succeeded) billed++;
            else if (changed.Error is ConflictAfterRetries) gaveUp++; // tried again
            else Assert.Fail($"billing was refused: {changed.Error}");
        }
        return (billed, gaveUp);
    }

    // Rotates the probe's key through each host in turn with no grace (R26), and times how long until the other three refuse the
    // old key, both after the rotating call returned and from its start.
    private static async Task<(int Rotations, List<TimeSpan> SinceReturn, List<TimeSpan> SinceCall, int GaveUp)> ProbeRevocationAsync(PostgreSqlHost[] hosts, AccountId account, CreatedEnvironment probe)
    {
        var key = probe.ApiKey.Reveal();
        var sinceReturn = new List<TimeSpan>();
        var sinceCall = new List<TimeSpan>();
        var gaveUp = 0;
        while (sinceReturn.Count < RevocationTrials)
        {
            var rotating = hosts[sinceReturn.Count % Hosts];
            var others = hosts.Where(h => h != rotating).ToArray();
            await UntilAsync(() => others.All(h => h.Service.VerifyApiKey(key).Succeeded));
            var revoked = key;
            var called = Stopwatch.GetTimestamp();
            var rotated = await rotating.Service.RotateApiKeyAsync(account, Admin, probe.Environment, Duration.Zero);
            var returned = Stopwatch.GetTimestamp();
            if (rotated.Error is ConflictAfterRetries)
            {
                gaveUp++;
                continue;
            }
            key = rotated.Value.ApiKey.Reveal();
            var refused = await RevocationTimer.UntilRefusedEverywhereAsync([.. others.Select(h => (Func<bool>)(() => !h.Service.VerifyApiKey(revoked).Succeeded))], returned, Patience);
            sinceReturn.Add(refused);
            sinceCall.Add(refused + Stopwatch.GetElapsedTime(called, returned));
        }
        return (sinceReturn.Count, sinceReturn, sinceCall, gaveUp);
    }

    // A member joins through the outbox: the invitation email is sealed in invitation_mail (no relay runs here); the test opens
    // it with the schema's key, as a relay would, and accepts with its token.
    private async Task<UserId> JoinAsync(SettingsService service, AccountId account, string name, string email, Role role)
    {
        var invited = (await service.InviteAsync(account, Admin, email, role)).Value;
        var sealedEmail = await _schema.ScalarAsync<byte[]>("SELECT sealed FROM invitation_mail WHERE invitation_id = $1", invited.Invitation.Value);
        var token = InvitationMailSeal.Open(sealedEmail, _schema.Options.InvitationMailKey!, account, invited.Invitation).Token.Reveal();
        var user = new UserId(Guid.NewGuid());
        _ = (await service.AcceptInvitationAsync(account, user, name, email, token)).Value;
        return user;
    }

    private static async Task<AccountSnapshot> StoredAsync(PostgreSqlHost host, AccountId account) => (await host.Repository.FindAsync(account)).Value.ToSnapshot();

    // A trigger records each committed version's plan, allocation, Admins and visible environments, read from the stored JSON.
    private Task RecordEveryVersionAsync()
    {
        var s = _schema.Name;
        return _schema.ExecuteAsync($"""
            CREATE TABLE history (version bigint PRIMARY KEY, plan integer NOT NULL, allocated integer NOT NULL, admins integer NOT NULL, visible integer NOT NULL);
            CREATE FUNCTION record_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO "{s}".history VALUES (
                    NEW.version,
                    (NEW.snapshot ->> 'planLimit')::integer,
                    (SELECT coalesce(sum((e ->> 'maxConcurrentCalls')::integer), 0) FROM jsonb_array_elements(NEW.snapshot -> 'environments') e),
                    (SELECT count(*) FROM jsonb_array_elements(NEW.snapshot -> 'members') m WHERE m ->> 'role' = 'Admin'),
                    (SELECT count(*) FROM jsonb_array_elements(NEW.snapshot -> 'environments') e WHERE NOT coalesce((e ->> 'hidden')::boolean, false)));
                RETURN NULL;
            END $$;
            CREATE TRIGGER record_version AFTER INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION record_version();
            """);
    }

    private async Task<List<(long Version, int Plan, int Allocated, long Admins, long Visible)>> HistoryAsync(long after)
    {
        var history = new List<(long, int, int, long, long)>();
        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT version, plan, allocated, admins, visible FROM \"{_schema.Name}\".history WHERE version > $1 ORDER BY version", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = after });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) history.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        return history;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed >= Patience) Assert.Fail("the hosts' indexes did not come into step in time");
            await Task.Delay(5);
        }
    }

    /// <summary>Counts each host's saves and the conflicts its service retried; the store is the host's own.</summary>
    private sealed class CountingRepository(IOutboxAccountRepository inner) : IOutboxAccountRepository
    {
        private int _saved;
        private int _conflicts;

        public int Saved => Volatile.Read(ref _saved);

        public int Conflicts => Volatile.Read(ref _conflicts);

        public IAuditTrail AuditTrail => inner.AuditTrail;

        public Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

        public Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default) => inner.AddAsync(account, cancellationToken);

        public async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default) =>
            Count(await inner.SaveAsync(account, expectedVersion, cancellationToken));

        public async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, IReadOnlyList<InvitationEmail> invitationMail, CancellationToken cancellationToken) =>
            Count(await inner.SaveAsync(account, expectedVersion, invitationMail, cancellationToken));

        private OneOf<Success, ConcurrencyConflict> Count(OneOf<Success, ConcurrencyConflict> saved)
        {
            Interlocked.Increment(ref saved.IsT0 ? ref _saved : ref _conflicts);
            return saved;
        }
    }
}
