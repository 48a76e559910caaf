using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.IntegrationTests.Servers;
using Npgsql;
using Xunit.Abstractions;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// The database restarted while hosts run (issue 13): their key syncs reconnect and re-read, so a key revoked after the restart is
/// refused by every host; saves work again once a call found its pooled connection gone; the relay carries on. This restarts the
/// server the whole test run shares, so it runs alone (a collection that is not run in parallel) and only where restarting is
/// allowed: in CI, or when <c>FLUENTS_POSTGRES_RESTART=1</c> (see <see cref="PostgresRestartFactAttribute"/>).
/// </summary>
[Collection(DatabaseRestartCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private TestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        if (!PostgresRestartFactAttribute.Allowed) return;
        _schema = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_schema is null) return;
        await PostgresServer.UntilReadyAsync(Patience); // whatever happened, the server is left up
        TestSchema.ForgetPooledConnections();
        await _schema.DisposeAsync();
    }

    [PostgresRestartFact]
    public async Task DatabaseRestartedWhileHostsRun_TheyReconnect_ResynchroniseKeys_AndCarryOn()
    {
        await using var a = await PostgreSqlHost.StartAsync(_schema, name: "a", relay: true);
        await using var b = await PostgreSqlHost.StartAsync(_schema, name: "b");
        var account = new AccountId(Guid.NewGuid());
        _ = (await a.Service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, account)).Value;
        var created = (await a.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;
        await UntilAsync(() => b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded, "host B did not load the new key");
        await UntilAsync(() => a.Events.Events.Count >= 3, "the relay did not deliver before the restart");

        var restart = Stopwatch.StartNew();
        await PostgresServer.RestartAsync();
        await PostgresServer.UntilReadyAsync(Patience);
        output.WriteLine($"the server restarted and answered again after {restart.ElapsedMilliseconds} ms");

        // Right away, while host B's listener may still be waiting to reconnect: the key is rotated away through host A. Host A's
        // pool may still hold connections the restart closed; a call that meets one fails with an NpgsqlException and changes
        // nothing, and the next one opens a fresh connection.
        var failures = new List<string>();
        string? rotated = null;
        while (rotated is null)
        {
            try
            {
                rotated = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, created.Environment, Duration.Zero)).Value.ApiKey.Reveal();
            }
            catch (NpgsqlException failure)
            {
                failures.Add(failure.Message);
                Assert.True(failures.Count <= 10, $"saves did not recover: {string.Join(" | ", failures)}");
            }
        }
        var rotatedAfter = restart.Elapsed;
        output.WriteLine($"host A rotated after {failures.Count} failed attempt(s): {string.Join(" | ", failures)}");

        // Host B reconnects, re-reads, and refuses the old key; the new one works there; the relay delivers the rotation.
        await UntilAsync(() => !b.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded && b.Service.VerifyApiKey(rotated).Succeeded, $"host B kept the old key (last failure: {b.Sync.LastFailure?.Message})");
        output.WriteLine($"host B refused the old key {(restart.Elapsed - rotatedAfter).TotalMilliseconds:F0} ms after the rotation, having reconnected {b.Sync.Reconnects} time(s)");
        Assert.True(b.Sync.Reconnects >= 1);
        Assert.True(a.Sync.Reconnects >= 1);
        await UntilAsync(() => b.Sync.IsListening && a.Sync.IsListening, "a key sync is not listening again");
        await UntilAsync(() => a.Events.Events.Any(e => e is Environments.ApiKeyRotated), "the relay did not deliver after the restart");

        // And the listener works again: the next revocation arrives by notice.
        var notices = b.Sync.Notices;
        _ = (await a.Service.RotateApiKeyAsync(account, TestAccounts.Admin, created.Environment, Duration.Zero)).Value;
        await UntilAsync(() => !b.Service.VerifyApiKey(rotated).Succeeded && b.Sync.Notices > notices, "host B did not hear the next rotation");
    }

    private static async Task UntilAsync(Func<bool> condition, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed >= Patience) Assert.Fail(failure);
            await Task.Delay(10);
        }
    }
}

/// <summary>The tests that restart the server: run alone, after the tests that run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseRestartCollection
{
    public const string Name = "PostgreSQL restart";
}

/// <summary>
/// A test that restarts the PostgreSQL server. It runs in CI (<c>CI=true</c>, where it fails if the server cannot be restarted) or
/// when <c>FLUENTS_POSTGRES_RESTART=1</c>; elsewhere it is skipped with one sentence, so a developer's run never restarts a server
/// other work may be using.
/// </summary>
public sealed class PostgresRestartFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless restarting the server is allowed and the server is reachable (or this is CI).</summary>
    public PostgresRestartFactAttribute()
    {
        if (!Allowed) Skip = "restarts the PostgreSQL server: runs in CI (CI=true) or with FLUENTS_POSTGRES_RESTART=1 on a machine whose server may restart (needs pg_ctlcluster, as root or with sudo).";
        else if (!TestServers.InCi && !TestServers.Postgres.IsReachable) Skip = TestServers.Postgres.Missing;
    }

    /// <summary>Whether this run may restart the server.</summary>
    public static bool Allowed => TestServers.InCi || System.Environment.GetEnvironmentVariable("FLUENTS_POSTGRES_RESTART") == "1";
}

/// <summary>Restarts the local PostgreSQL cluster (Debian's <c>pg_ctlcluster</c>, as <c>.ci/start-servers</c> started it).</summary>
internal static class PostgresServer
{
    // As root, pg_ctlcluster runs the server as its owner (postgres); otherwise through sudo without a password prompt.
    private const string Script = """
        set -eu
        cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1 " " $2 }')
        if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster $cluster "$1" -m fast; else sudo -n pg_ctlcluster $cluster "$1" -m fast; fi
        """;

    /// <summary>Restarts the server: every connection to it is closed.</summary>
    public static Task RestartAsync() => RunAsync("restart");

    /// <summary>Waits until the server accepts connections again, starting it if it is down.</summary>
    public static async Task UntilReadyAsync(TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        var started = false;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(TestServers.Postgres.Connection);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < patience)
            {
                if (!started && deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    started = true;
                    await RunAsync("start"); // a restart that left it down
                }
                await Task.Delay(100);
            }
        }
    }

    private static async Task RunAsync(string action)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", Script, "pg-restart", action }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var errors = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_ctlcluster {action} failed ({process.ExitCode}): {await errors}");
    }
}
