using System.Collections.Concurrent;
using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.PostgreSql.Outbox;
using Npgsql;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// Faults on the real server (issue 13): a connection killed with <c>pg_terminate_backend</c> in the middle of a save's
/// transaction leaves nothing half-written, fails with a clear error, and the next attempt succeeds; a relay whose connection is
/// killed mid-batch delivers everything later, at least once. The faults are injected in the server (a trigger that holds a
/// transaction open, a terminated backend), never by a fake store.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
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
    public async Task ConnectionKilledMidTransaction_NothingIsHalfWritten_TheErrorIsClear_AndTheNextAttemptSucceeds()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema, name: "victim");
        await using var b = await PostgreSqlHost.StartAsync(_schema, name: "watcher");
        var account = await OpenAsync(a);
        await UntilAsync(() => Task.FromResult<bool?>(b.Sync.Notices >= 1 ? true : null)); // the opening's notice
        var notices = b.Sync.Notices;
        var before = await CountsAsync(account);

        // Failure injection: a trigger holds every save inside its transaction once the row, the outbox, the audit entries and the
        // keys are written (AFTER triggers run at the end of the statement), until the test lets go of an advisory lock.
        var hold = _schema.Name.GetHashCode(StringComparison.Ordinal) & int.MaxValue;
        await _schema.ExecuteAsync($"""
            CREATE FUNCTION hold_save() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock({hold}); RETURN NULL; END $$;
            CREATE TRIGGER hold_save AFTER INSERT ON audit FOR EACH STATEMENT EXECUTE FUNCTION hold_save();
            """);
        await using var holder = new NpgsqlConnection(TestServers.Postgres.Connection);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({hold})", holder)) await take.ExecuteNonQueryAsync();

        var saving = Task.Run(() => a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0));
        var held = $"SELECT pid FROM pg_stat_activity WHERE application_name = 'fluents-{_schema.Name}-victim' AND wait_event = 'advisory'";
        var pid = await UntilAsync(async () => await ScalarOrNullAsync<int>(held));
        Assert.Equal(1L, await _schema.ScalarAsync<long>($"SELECT count(*) FROM pg_locks WHERE pid = {pid} AND locktype = 'transactionid'")); // mid-transaction: it has written, so it holds a transaction id
        await _schema.ExecuteAsync($"SELECT pg_terminate_backend({pid})");

        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => saving);
        Assert.Equal(PostgresErrorCodes.AdminShutdown, Assert.IsType<PostgresException>(failure).SqlState); // 57P01: "terminating connection due to administrator command"
        Assert.Equal(before, await CountsAsync(account)); // nothing of the change: no row, outbox, audit or key written
        await Task.Delay(200);
        Assert.Equal(notices, b.Sync.Notices); // and no notice: it would have been sent on commit only

        // The fault is gone: the same call on the same host (same pool) succeeds, and the other host sees the new key.
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({hold})", holder)) await release.ExecuteNonQueryAsync();
        await _schema.ExecuteAsync("DROP TRIGGER hold_save ON audit");
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;
        var after = await CountsAsync(account);
        Assert.Equal(before with { Version = before.Version + 1, Outbox = before.Outbox + 1, Audit = before.Audit + 1, Keys = before.Keys + 1 }, after);
        await UntilAsync(() => Task.FromResult<bool?>(b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded ? true : null));
    }

    [PostgresFact]
    public async Task RelayConnectionKilledMidBatch_TheRelayCarriesOn_AndDeliversEverythingAtLeastOnce_R32()
    {
        await using var host = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(host);
        for (var limit = 41; limit <= 43; limit++) _ = (await host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, limit)).Value;
        var handler = new StallingHandler(stallAt: 2);
        await using var relayData = _schema.NewDataSource("relay");
        await using var relay = new PostgreSqlOutboxRelay(relayData, _schema.Options, [handler], null);
        relay.Start();

        // The relay holds its batch's transaction while the handler stalls; its connection is killed there.
        await handler.Stalled.WaitAsync(Patience);
        var pid = await UntilAsync(() => ScalarOrNullAsync<int>($"SELECT pid FROM pg_stat_activity WHERE application_name = 'fluents-{_schema.Name}-relay' AND state = 'idle in transaction'"));
        await _schema.ExecuteAsync($"SELECT pg_terminate_backend({pid})");
        handler.Resume();

        await UntilAsync(async () => await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0 ? true : (bool?)null);
        Assert.IsAssignableFrom<NpgsqlException>(relay.LastFailure); // the lost batch: reported, not thrown
        Assert.Equal([(0L, 0), (0L, 1), (1L, 0), (2L, 0), (3L, 0)], handler.Distinct.Select(e => (e.Version, e.Index)));
        Assert.True(handler.Calls > handler.Distinct.Count, "the entries handled before the kill were delivered again (at least once)");
    }

    private async Task<Counts> CountsAsync(AccountId account) => new(
        await _schema.ScalarAsync<long>("SELECT version FROM accounts WHERE id = $1", account.Value),
        await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE account_id = $1", account.Value),
        await _schema.ScalarAsync<long>("SELECT count(*) FROM audit WHERE account_id = $1", account.Value),
        await _schema.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE account_id = $1", account.Value));

    private async Task<T?> ScalarOrNullAsync<T>(string sql)
        where T : struct
    {
        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is T value ? value : null;
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> found)
        where T : struct
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await found() is { } value) return value;
            if (deadline.Elapsed >= Patience) Assert.Fail("the fault's moment did not come in time");
            await Task.Delay(10);
        }
    }

    private static async Task<AccountId> OpenAsync(PostgreSqlHost host)
    {
        var id = new AccountId(Guid.NewGuid());
        _ = (await host.Service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, id)).Value;
        return id;
    }

    /// <summary>What a save writes, counted: the row's version, outbox, audit and key rows.</summary>
    private sealed record Counts(long Version, long Outbox, long Audit, long Keys);

    /// <summary>Handles events, stalls at the n-th until resumed (its relay's transaction open meanwhile), and de-duplicates by key.</summary>
    private sealed class StallingHandler(int stallAt) : IAccountEventHandler
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<(AccountId, long, int), DomainEvent> _seen = new();
        private readonly ConcurrentQueue<DomainEvent> _distinct = new();
        private int _calls;

        public Task Stalled => _stalled.Task;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<DomainEvent> Distinct => [.. _distinct];

        public void Resume() => _resume.TrySetResult();

        public async Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == stallAt)
            {
                _stalled.TrySetResult();
                await _resume.Task.WaitAsync(cancellationToken);
            }
            if (_seen.TryAdd((domainEvent.AccountId, domainEvent.Version, domainEvent.Index), domainEvent)) _distinct.Enqueue(domainEvent);
        }
    }
}
