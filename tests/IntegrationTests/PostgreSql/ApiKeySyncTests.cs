using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.Secrets;
using NodaTime.Testing;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// Each host's key index in step with the table (R24–R27, R31): keys made, rotated away or deleted through one host are
/// accepted or refused by another; a notification that never came is caught by the periodic re-read; a lost listener
/// reconnects and re-reads; and last uses reach the table in batches, never more often than the period per key.
/// </summary>
public sealed class ApiKeySyncTests : IAsyncLifetime
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
