using System.Collections.Concurrent;
using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.InMemory;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.PostgreSql.Outbox;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// The transactional outbox and its relay (R32): events delivered at least once, in order per account, keyed for
/// de-duplication, by several relays without two delivering an entry at once; nothing lost when a process dies after the commit;
/// and invitation mail that is never silently missing.
/// </summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private TestSchema _schema = null!;
    private PostgreSqlHost _host = null!;

    public async Task InitializeAsync()
    {
        if (!TestServers.Postgres.IsReachable && !TestServers.InCi) return;
        _schema = await TestSchema.CreateAsync();
        _host = await PostgreSqlHost.StartAsync(_schema); // no relay of its own: each test runs the relays it needs
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_schema is not null) await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task Relay_DeliversEveryEventOnceInOrderPerAccountWithItsKey_R32()
    {
        var accounts = new[] { await OpenAsync(), await OpenAsync() };
        foreach (var account in accounts)
        {
            for (var limit = 41; limit <= 45; limit++) _ = (await _host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, limit)).Value;
        }
        var log = new InMemoryEventLog();
        await using var relay = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [log], null);

        while (await relay.DeliverDueAsync() > 0) { }

        foreach (var account in accounts)
        {
            var keys = log.Events.Where(e => e.AccountId == account).Select(e => (e.Version, e.Index)).ToArray();
            Assert.Equal([(0L, 0), (0L, 1), (1L, 0), (2L, 0), (3L, 0), (4L, 0), (5L, 0)], keys); // opened (two events), then five changes
        }
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE delivered_at IS NULL"));
    }

    [PostgresFact]
    public async Task RelayDiesAfterTheCommit_MidBatch_ARestartedRelayDeliversEverything_AtLeastOnce_R32()
    {
        var account = await OpenAsync();
        for (var limit = 41; limit <= 44; limit++) _ = (await _host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, limit)).Value;
        // The first relay "dies" while handling the third event: its process is gone, its transaction never commits.
        var dying = new DyingHandler(dieAt: 3);
        var first = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [dying], null);
        first.Start();
        await dying.Died.WaitAsync(Patience);
        await first.StopAsync();
        Assert.Equal(6L, await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE account_id = $1 AND delivered_at IS NULL", account.Value));

        var log = new DeduplicatingLog();
        await using var second = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [log], null);
        while (await second.DeliverDueAsync() > 0) { }

        Assert.Equal([(0L, 0), (0L, 1), (1L, 0), (2L, 0), (3L, 0), (4L, 0)], log.Handled.Select(e => (e.Version, e.Index)));
        Assert.Equal(2, dying.Seen.Count); // handled before it died, and delivered again: the key lets a handler skip them
    }

    [PostgresFact]
    public async Task HandlerFails_TheEntryIsRetriedAndTheAccountsOrderKept()
    {
        var account = await OpenAsync();
        _ = (await _host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, 41)).Value;
        _ = (await _host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, 42)).Value;
        var flaky = new FlakyHandler(failuresOfVersion1: 2);
        await using var relay = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [flaky], null);
        relay.Start();

        await flaky.AllHandled(4).WaitAsync(Patience);

        Assert.Equal([(0L, 0), (0L, 1), (1L, 0), (2L, 0)], flaky.Handled.Select(e => (e.Version, e.Index)));
        Assert.Equal(2, await _schema.ScalarAsync<int>("SELECT attempts FROM outbox WHERE account_id = $1 AND version = 1", account.Value));
    }

    [PostgresFact]
    public async Task FourRelaysAtOnce_NoEntryIsHandledByTwoAtTheSameTime_AndEachAccountInOrder_R32()
    {
        var accounts = new List<AccountId>();
        for (var a = 0; a < 6; a++)
        {
            var account = await OpenAsync();
            accounts.Add(account);
            for (var limit = 41; limit <= 50; limit++) _ = (await _host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, limit)).Value;
        }
        var watch = new ConcurrencyWatch();
        var relays = Enumerable.Range(0, 4).Select(_ => new PostgreSqlOutboxRelay(_schema.NewDataSource(), _schema.Options, [watch], null)).ToArray();
        foreach (var relay in relays) relay.Start();

        await watch.AllHandled(accounts.Count * 12).WaitAsync(Patience);
        // Every batch committed before any relay stops: a relay stopped mid-batch rolls back, and another would rightly deliver
        // that batch again (at least once), which this test, with no fault injected, must not see.
        var committed = Stopwatch.StartNew();
        while (await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") > 0 && committed.Elapsed < Patience) await Task.Delay(20);
        foreach (var relay in relays) await relay.DisposeAsync();

        Assert.Equal(0, watch.Overlaps);
        foreach (var account in accounts)
        {
            var order = watch.Handled.Where(e => e.AccountId == account).Select(e => (e.Version, e.Index)).ToArray();
            Assert.Equal(order.Order(), order);
            Assert.Equal(12, order.Distinct().Count());
        }
    }

    [PostgresFact]
    public async Task Invite_ProcessDiesBetweenTheCommitAndTheSend_ALaterRelaySendsTheEmailAndItsLinkWorks_R32()
    {
        var account = await OpenAsync();
        // The host commits the invitation and "dies" before anything is sent: no relay ran, the mailer was never called.
        var invited = (await _host.Service.InviteAsync(account, TestAccounts.Admin, "bob@example.com", Role.Member)).Value;
        Assert.True(invited.Queued);
        Assert.Empty(_host.Mailer.Outbox);
        // A relay that dies in the mailer's call (a crash mid-send) commits nothing: the email stays queued.
        var crashing = new CrashingMailer();
        await using (var dead = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [], crashing))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dead.DeliverDueAsync(crashing.Crash.Token));
        }
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM invitation_mail"));

        // Another host's relay, later: the email goes out, its sealed copy is deleted, and its link works.
        var mailer = new InMemoryInvitationMailer();
        await using (var relay = new PostgreSqlOutboxRelay(_schema.NewDataSource(), _schema.Options, [], mailer))
        {
            while (await relay.DeliverDueAsync() > 0) { }
        }
        var email = Assert.Single(mailer.Outbox);
        Assert.Equal((invited.Invitation, InvitationEmailKind.Invite), (email.Invitation, email.Kind));
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT count(*) FROM invitation_mail"));
        var bob = new UserId(Guid.NewGuid());
        Assert.True((await _host.Service.AcceptInvitationAsync(account, bob, "Bob", "bob@example.com", email.Token.Reveal())).Succeeded);
    }

    [PostgresFact]
    public async Task Resend_BeforeTheFirstEmailWasSent_OnlyTheNewEmailGoesOut()
    {
        var account = await OpenAsync();
        var invited = (await _host.Service.InviteAsync(account, TestAccounts.Admin, "bob@example.com", Role.Member)).Value;
        _ = (await _host.Service.ResendInvitationAsync(account, TestAccounts.Admin, invited.Invitation)).Value;
        var mailer = new InMemoryInvitationMailer();
        await using var relay = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [], mailer);

        while (await relay.DeliverDueAsync() > 0) { }

        Assert.Equal(InvitationEmailKind.Resend, Assert.Single(mailer.Outbox).Kind); // the first link no longer works: not sent
    }

    [PostgresFact]
    public async Task MailerFails_TheEmailStaysQueuedWithTheFailureAndNoTokenInTheRow()
    {
        var account = await OpenAsync();
        _ = (await _host.Service.InviteAsync(account, TestAccounts.Admin, "bob@example.com", Role.Member)).Value;
        await using var relay = new PostgreSqlOutboxRelay(_host.DataSource, _schema.Options, [], new RefusingMailer());

        _ = await relay.DeliverDueAsync();

        Assert.Equal(0, relay.MailSent);
        Assert.Equal("InvalidOperationException", await _schema.ScalarAsync<string>("SELECT last_error FROM invitation_mail"));
        Assert.Equal(1, await _schema.ScalarAsync<int>("SELECT attempts FROM invitation_mail"));
    }

    private async Task<AccountId> OpenAsync()
    {
        var id = new AccountId(Guid.NewGuid());
        _ = (await _host.Service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, id)).Value;
        return id;
    }

    /// <summary>Handles events until the n-th, where its process "dies": it never returns, until the relay is stopped.</summary>
    private sealed class DyingHandler(int dieAt) : IAccountEventHandler
    {
        private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<DomainEvent> Seen { get; } = [];

        public Task Died => _died.Task;

        public async Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            if (Seen.Count + 1 == dieAt)
            {
                _died.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            Seen.Add(domainEvent);
        }
    }

    /// <summary>A handler that de-duplicates on the event's key, as the docs ask of every handler.</summary>
    private sealed class DeduplicatingLog : IAccountEventHandler
    {
        private readonly HashSet<(AccountId, long, int)> _seen = [];

        public List<DomainEvent> Handled { get; } = [];

        public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            if (_seen.Add((domainEvent.AccountId, domainEvent.Version, domainEvent.Index))) Handled.Add(domainEvent);
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails on version 1 a few times, then handles it.</summary>
    private sealed class FlakyHandler(int failuresOfVersion1) : IAccountEventHandler
    {
        private readonly ConcurrentQueue<DomainEvent> _handled = new();
        private int _failures;

        public IReadOnlyList<DomainEvent> Handled => [.. _handled];

        public async Task AllHandled(int count)
        {
            while (_handled.Count < count) await Task.Delay(20);
        }

        public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            if (domainEvent.Version == 1 && _failures < failuresOfVersion1)
            {
                _failures++;
                throw new InvalidOperationException("the downstream system is down");
            }
            _handled.Enqueue(domainEvent);
            return Task.CompletedTask;
        }
    }

    /// <summary>Counts handlings of one account that overlap in time (two relays at once) and records the order.</summary>
    private sealed class ConcurrencyWatch : IAccountEventHandler
    {
        private readonly ConcurrentDictionary<AccountId, int> _inFlight = new();
        private readonly ConcurrentQueue<DomainEvent> _handled = new();
        private int _overlaps;

        public int Overlaps => Volatile.Read(ref _overlaps);

        public IReadOnlyList<DomainEvent> Handled => [.. _handled];

        public async Task AllHandled(int distinct)
        {
            while (_handled.Select(e => (e.AccountId, e.Version, e.Index)).Distinct().Count() < distinct) await Task.Delay(20);
        }

        public async Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            if (_inFlight.AddOrUpdate(domainEvent.AccountId, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _overlaps);
            await Task.Delay(2, cancellationToken);
            _handled.Enqueue(domainEvent);
            _inFlight.AddOrUpdate(domainEvent.AccountId, 0, (_, n) => n - 1);
        }
    }

    /// <summary>Crashes the relay's process while sending: cancels the pass from inside the send, which never completes.</summary>
    private sealed class CrashingMailer : IInvitationMailer
    {
        public CancellationTokenSource Crash { get; } = new();

        public async Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
        {
            await Crash.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private sealed class RefusingMailer : IInvitationMailer
    {
        public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"421 cannot deliver {email.Token.Reveal()}");
    }
}
