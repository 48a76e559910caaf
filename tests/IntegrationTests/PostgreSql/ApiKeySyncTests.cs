using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.Secrets;
using Npgsql;
using NodaTime.Testing;
using Xunit.Abstractions;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// Each host's key index in step with the table (R24–R27, R31): keys made, rotated away or deleted through one host are
/// accepted or refused by another; a notification that never came is caught by the periodic re-read; a lost listener
/// reconnects and re-reads; only a newer version replaces an account's entries; the revocation bound, measured; and last uses
/// reach the table in batches, never more often than the period per key, and never on the verification path.
/// </summary>
public sealed class ApiKeySyncTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
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
    public async Task KeyCreatedOnHostA_IsAcceptedOnHostB_AndRotatedAwayOrDeleted_IsRefusedThere_R31()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        await using var b = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);

        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;
        await UntilAsync(() => b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);

        var rotated = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, created.Environment, Duration.Zero)).Value;
        await UntilAsync(() => !b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded && b.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded);

        _ = (await a.Service.DeleteEnvironmentAsync(account, TestAccounts.Admin, created.Environment, "staging")).Value;
        await UntilAsync(() => b.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Error is UnknownApiKey);
        Assert.True(b.Sync.Notices >= 3);
    }

    [PostgresFact]
    public async Task HostStartedLater_LoadsEveryKeyAtStart()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;

        await using var b = await PostgreSqlHost.StartAsync(_schema);

        Assert.Equal(created.Environment, b.Service.VerifyApiKey(created.ApiKey.Reveal()).Value.Environment);
        Assert.Equal(2, b.Keys.Count);
    }

    [PostgresFact]
    public async Task ChangeWhoseNotificationNeverCame_IsCaughtByThePeriodicReRead()
    {
        var options = _schema.Options with { KeyResyncInterval = TimeSpan.FromMilliseconds(300) };
        var index = new PostgreSqlApiKeyIndex();
        await using var sync = new PostgreSqlApiKeySync(_schema.DataSource, index, options);
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;
        await sync.StartAsync();
        var verifier = new ApiKeyVerifier(index);
        Assert.True(verifier.Verify(created.ApiKey.Reveal(), SystemClock.Instance.GetCurrentInstant()).Succeeded);

        // A change written without its NOTIFY (as if the notice were lost): the key expired, at a newer version.
        await _schema.ExecuteAsync("UPDATE api_keys SET valid_until = '2000-01-01T00:00:00Z' WHERE environment_id = $1", created.Environment.Value);
        await _schema.ExecuteAsync("UPDATE accounts SET version = version + 1 WHERE id = $1", account.Value);

        await UntilAsync(() => verifier.Verify(created.ApiKey.Reveal(), SystemClock.Instance.GetCurrentInstant()).Error is ExpiredApiKey);
    }

    [PostgresFact]
    public async Task ListenerConnectionKilled_ItReconnects_AndCatchesWhatChangedMeanwhile()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        await using var b = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;
        await UntilAsync(() => b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);

        // Kill every listener of this schema (A's and B's), then revoke while they are down.
        await _schema.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", $"fluents-{_schema.Name} (api-key listener)");
        _ = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, created.Environment, Duration.Zero)).Value;

        await UntilAsync(() => b.Sync.Reconnects >= 1 && b.Service.VerifyApiKey(created.ApiKey.Reveal()).Error is UnknownApiKey or ExpiredApiKey);
        Assert.True(b.Sync.IsListening);
    }

    [PostgresFact]
    public async Task LastUse_IsWrittenInBatches_AtMostOncePerKeyPerPeriod()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        var options = _schema.Options with { KeyUsageWritePeriod = TimeSpan.FromSeconds(2) };
        var index = new PostgreSqlApiKeyIndex();
        await using var sync = new PostgreSqlApiKeySync(_schema.DataSource, index, options);
        await using var a = await PostgreSqlHost.StartAsync(_schema, clock);
        var account = await OpenAsync(a);
        var key = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value.ApiKey;
        await sync.StartAsync();
        var verifier = new ApiKeyVerifier(index);
        var firstUse = clock.GetCurrentInstant();

        Assert.True(verifier.Verify(key.Reveal(), firstUse).Succeeded); // the verification path itself writes nothing
        await UntilAsync(async () => (await sync.ReadLastUsedAsync([key.Hash])).TryGetValue(key.Hash, out var used) && used == Truncated(firstUse), sync, async () => $"first write: {string.Join(",", (await sync.ReadLastUsedAsync([key.Hash])).Values)} vs {firstUse}");
        var written = Stopwatch.StartNew();

        var secondUse = firstUse + Duration.FromSeconds(30);
        Assert.True(verifier.Verify(key.Reveal(), secondUse).Succeeded);
        await Task.Delay(500);
        Assert.Equal(Truncated(firstUse), (await sync.ReadLastUsedAsync([key.Hash]))[key.Hash]); // not within the period
        await UntilAsync(async () => (await sync.ReadLastUsedAsync([key.Hash]))[key.Hash] == Truncated(secondUse), sync, async () => $"second write: {string.Join(",", (await sync.ReadLastUsedAsync([key.Hash])).Values)} vs {secondUse}");
        Assert.True(written.Elapsed >= TimeSpan.FromSeconds(1.9), $"written again after {written.Elapsed}");
    }

    [PostgresFact]
    public async Task RevocationBound_KeyRotatedAwayOrDeletedOnHostA_IsRefusedOnHostBWithinASecond_P99Of100Trials_R31()
    {
        const int Trials = 100;
        await using var a = await PostgreSqlHost.StartAsync(_schema, name: "a");
        await using var b = await PostgreSqlHost.StartAsync(_schema, name: "b");
        var account = await OpenAsync(a);
        var rotating = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "rotating", 0)).Value;
        var key = rotating.ApiKey.Reveal();
        var sinceCall = new List<TimeSpan>();
        var sinceReturn = new List<TimeSpan>();

        for (var trial = 0; trial < Trials; trial++)
        {
            string revoked;
            long called, returned;
            if (trial % 2 == 0)
            {
                // Rotated away with no grace: the old key stops at once (R26).
                await UntilAsync(() => b.Service.VerifyApiKey(key).Succeeded);
                revoked = key;
                called = Stopwatch.GetTimestamp();
                key = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, rotating.Environment, Duration.Zero)).Value.ApiKey.Reveal();
                returned = Stopwatch.GetTimestamp();
            }
            else
            {
                // Deleted: its keys are revoked at once (R6).
                var doomed = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, $"doomed-{trial}", 0)).Value;
                revoked = doomed.ApiKey.Reveal();
                await UntilAsync(() => b.Service.VerifyApiKey(revoked).Succeeded);
                called = Stopwatch.GetTimestamp();
                _ = (await a.Service.DeleteEnvironmentAsync(account, TestAccounts.Admin, doomed.Environment, $"doomed-{trial}")).Value;
                returned = Stopwatch.GetTimestamp();
            }
            var refused = await RevocationTimer.UntilRefusedEverywhereAsync([() => !b.Service.VerifyApiKey(revoked).Succeeded], called, Patience);
            sinceCall.Add(refused);
            sinceReturn.Add(refused - Stopwatch.GetElapsedTime(called, returned));
        }

        output.WriteLine($"revocation seen by host B, from the start of host A's call: {RevocationTimer.Describe(sinceCall)}");
        output.WriteLine($"revocation seen by host B, after host A's call returned: {RevocationTimer.Describe(sinceReturn)}");
        Assert.True(RevocationTimer.Percentile(sinceCall, 99) <= TimeSpan.FromSeconds(1), RevocationTimer.Describe(sinceCall));
    }

    [PostgresFact]
    public async Task OnlyANewerVersion_ReplacesAnAccountsEntries_AnOlderReadOrNoticeChangesNothing()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        await using var b = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value; // version 1
        var rotated = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, created.Environment, Duration.Zero)).Value; // version 2
        await UntilAsync(() => b.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded && !b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);

        // The table as it was at version 1 (the first key current again): what a read that started before the rotation saw.
        await _schema.ExecuteAsync("UPDATE accounts SET version = 1 WHERE id = $1", account.Value);
        await _schema.ExecuteAsync("DELETE FROM api_keys WHERE environment_id = $1", created.Environment.Value);
        await _schema.ExecuteAsync(
            "INSERT INTO api_keys (key_hash, account_id, environment_id, valid_until, account_version) VALUES ($1, $2, $3, NULL, 1)",
            HashBytes(created.ApiKey.Hash), account.Value, created.Environment.Value);
        var notices = b.Sync.Notices;
        await _schema.ExecuteAsync("SELECT pg_notify($1, $2)", _schema.Options.KeyChannel, $"{account.Value}:1");
        await UntilAsync(() => b.Sync.Notices > notices);

        Assert.Equal(0, await b.Sync.ResynchronizeAsync());
        Assert.False(b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);
        Assert.True(b.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded);

        // The same rows at a newer version do replace the entries.
        await _schema.ExecuteAsync("UPDATE accounts SET version = 3 WHERE id = $1", account.Value);
        Assert.Equal(1, await b.Sync.ResynchronizeAsync());
        Assert.True(b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);
        Assert.IsType<UnknownApiKey>(b.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Error);
    }

    [PostgresFact]
    public async Task LastUse_TheServerSeesAtMostOneWritePerKeyPerPeriod_AndTheKeysOfARoundInOneStatement()
    {
        // The server counts: a trigger logs every row written to api_key_usage (with the server's clock) and every statement.
        var s = _schema.Name;
        await _schema.ExecuteAsync($"""
            CREATE TABLE usage_rows (key_hash bytea NOT NULL, written_at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE TABLE usage_statements (written_at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE FUNCTION log_usage_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO "{s}".usage_rows (key_hash) VALUES (NEW.key_hash); RETURN NEW; END $$;
            CREATE FUNCTION log_usage_statement() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO "{s}".usage_statements DEFAULT VALUES; RETURN NULL; END $$;
            CREATE TRIGGER usage_row AFTER INSERT OR UPDATE ON api_key_usage FOR EACH ROW EXECUTE FUNCTION log_usage_row();
            CREATE TRIGGER usage_statement AFTER INSERT ON api_key_usage FOR EACH STATEMENT EXECUTE FUNCTION log_usage_statement();
            """);
        var period = TimeSpan.FromSeconds(1);
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);
        var first = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "first", 0)).Value.ApiKey;
        var second = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "second", 0)).Value.ApiKey;
        await using var dataSource = _schema.NewDataSource("usage");
        var index = new PostgreSqlApiKeyIndex();
        var verifier = new ApiKeyVerifier(index);
        await using var sync = new PostgreSqlApiKeySync(dataSource, index, _schema.Options with { KeyUsageWritePeriod = period });
        await sync.StartAsync();

        // Both keys busy for 3.5 periods (a use every few milliseconds).
        var busy = Stopwatch.StartNew();
        var uses = 0;
        while (busy.Elapsed < 3.5 * period)
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            Assert.True(verifier.Verify(first.Reveal(), now).Succeeded);
            Assert.True(verifier.Verify(second.Reveal(), now).Succeeded);
            uses += 2;
            await Task.Delay(5);
        }
        var running = await _schema.ScalarAsync<long>("SELECT count(*) FROM usage_rows");
        var perKey = await _schema.ScalarAsync<long>("SELECT max(n) FROM (SELECT count(*) AS n FROM usage_rows GROUP BY key_hash) k");
        var statements = await _schema.ScalarAsync<long>("SELECT count(*) FROM usage_statements");
        var closest = await _schema.ScalarAsync<TimeSpan>("""
            SELECT min(written_at - previous) FROM (
                SELECT written_at, lag(written_at) OVER (PARTITION BY key_hash ORDER BY written_at) AS previous FROM usage_rows) w
            WHERE previous IS NOT NULL
            """);
        // Stopping writes the uses not written yet, once: the one exception to the period, so a shutdown loses no last use.
        await sync.DisposeAsync();
        var atStop = await _schema.ScalarAsync<long>("SELECT count(*) FROM usage_rows") - running;

        output.WriteLine($"{uses} uses of 2 keys in {busy.Elapsed.TotalSeconds:F1} s: {running} rows written in {statements} statements while running, at most {perKey} per key, the closest two writes of a key {closest.TotalMilliseconds:F0} ms apart (period {period.TotalMilliseconds} ms); {atStop} more at stop");
        Assert.InRange(perKey, 1, 4); // about one per period over 3.5 periods, never more
        // The server's clock, which also sees how long each write took to arrive: on a loaded machine a late write and the next
        // one on time come closer than the period, never twice within half of it.
        Assert.True(closest >= 0.5 * period, $"two writes of one key {closest.TotalMilliseconds:F0} ms apart");
        Assert.True(statements < running, $"{running} rows in {statements} statements: the keys of a round are not written together");
        Assert.InRange(atStop, 0, 2);
        Assert.Equal(TimeSpan.FromMinutes(1), new Fluents.Settings.PostgreSql.PostgreSqlSettingsOptions().KeyUsageWritePeriod); // the default: once a minute
    }

    [PostgresFact]
    public async Task LastUseWriteBlockedByALock_VerificationNeverWaits_AndARevocationStillArrives()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema);
        var account = await OpenAsync(a);
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;
        var key = created.ApiKey.Reveal();
        await using var dataSource = _schema.NewDataSource("verifier");
        var index = new PostgreSqlApiKeyIndex();
        var verifier = new ApiKeyVerifier(index);
        await using var sync = new PostgreSqlApiKeySync(dataSource, index, _schema.Options with { KeyUsageWritePeriod = TimeSpan.FromMilliseconds(40) });
        await sync.StartAsync();

        // A DBA's lock on the last-use table: every write of it waits until the transaction ends.
        await using var dba = new NpgsqlConnection(TestServers.Postgres.Connection);
        await dba.OpenAsync();
        await using var lockTable = await dba.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE \"{_schema.Name}\".api_key_usage IN ACCESS EXCLUSIVE MODE", dba, lockTable)) await command.ExecuteNonQueryAsync();
        Assert.True(verifier.Verify(key, SystemClock.Instance.GetCurrentInstant()).Succeeded);
        var waiting = $"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fluents-{_schema.Name}-verifier' AND wait_event_type = 'Lock' AND query LIKE '%api_key_usage%'";
        await UntilAsync(async () => await _schema.ScalarAsync<long>(waiting) == 1, sync);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++) Assert.True(verifier.Verify(key, SystemClock.Instance.GetCurrentInstant()).Succeeded);
        clock.Stop();
        Assert.Equal(1L, await _schema.ScalarAsync<long>(waiting)); // the write was blocked the whole time
        output.WriteLine($"100,000 verifications in {clock.ElapsedMilliseconds} ms while the last-use write waited for a lock");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));

        // The key loop is not held up by the blocked write: a rotation through host A still reaches this index.
        _ = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, created.Environment, Duration.Zero)).Value;
        await UntilAsync(() => !verifier.Verify(key, SystemClock.Instance.GetCurrentInstant()).Succeeded, sync);

        // The lock released, the use is written.
        await lockTable.RollbackAsync();
        await UntilAsync(async () => (await sync.ReadLastUsedAsync([created.ApiKey.Hash])).ContainsKey(created.ApiKey.Hash), sync);
    }

    private static byte[] HashBytes(SecretHash hash)
    {
        var bytes = new byte[SecretHash.Length];
        hash.CopyTo(bytes);
        return bytes;
    }

    // timestamptz keeps microseconds.
    private static Instant Truncated(Instant instant) => Instant.FromUnixTimeTicks(instant.ToUnixTimeTicks() / 10 * 10);

    private static async Task<AccountId> OpenAsync(PostgreSqlHost host)
    {
        var id = new AccountId(Guid.NewGuid());
        _ = (await host.Service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, id)).Value;
        return id;
    }

    private static Task UntilAsync(Func<bool> condition, PostgreSqlApiKeySync? sync = null) => UntilAsync(() => Task.FromResult(condition()), sync);

    private static async Task UntilAsync(Func<Task<bool>> condition, PostgreSqlApiKeySync? sync = null, Func<Task<string>>? state = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed >= Patience)
                Assert.Fail($"the condition did not hold in time ({(state is null ? "" : await state())}); the sync's last failure: {sync?.LastFailure}");
            await Task.Delay(10);
        }
    }
}
