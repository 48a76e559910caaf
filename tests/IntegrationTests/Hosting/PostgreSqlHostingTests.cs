using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.Hosting;
using Fluents.Settings.Hosting.PostgreSql;
using Fluents.Settings.IntegrationTests.Concurrency;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Members;
using Fluents.Settings.PostgreSql.Accounts;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Schema;
using Fluents.Settings.Redis.Concurrency;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fluents.Settings.IntegrationTests.Hosting;

/// <summary><c>AddFluentsSettings().UsePostgreSql()</c> (and with <c>UseRedisCallGate()</c>) in a real host against the loopback servers (issue 15).</summary>
public sealed class PostgreSqlHostingTests : IAsyncLifetime
{
    private readonly string _schema = $"h_{Guid.NewGuid():N}"[..20];
    private readonly RecordingMailer _mailer = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!TestServers.Postgres.IsReachable) return;
        await using var admin = NpgsqlDataSource.Create(TestServers.Postgres.Connection);
        await using var drop = admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task AHost_OnPostgreSql_MigratesAtStart_ServesUseCases_DeliversMailThroughTheRelay_AndStops()
    {
        using var host = Build(Migrate());
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var lag = new MetricCollector<double>(meters, SettingsTelemetry.Name, SettingsTelemetry.Instruments.OutboxLag);
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<SettingsService>();

        Assert.IsType<PostgreSqlAccountRepository>(host.Services.GetRequiredService<IAccountRepository>());
        Assert.IsType<PostgreSqlApiKeyIndex>(host.Services.GetRequiredService<Fluents.Settings.ApiKeys.IApiKeyIndex>());
        Assert.Same(host.Services.GetRequiredService<PostgreSqlAccountRepository>().AuditTrail, host.Services.GetRequiredService<IAuditTrail>());
        var admin = new UserId(Guid.NewGuid());
        var opened = (await settings.OpenAccountAsync(40, admin, "Ada Lovelace", "ada@example.com")).Value;
        Assert.True((await settings.EditEnvironmentAsync(opened.Account.Id, admin, opened.DefaultEnvironment, "production", 20)).Succeeded);
        var staging = (await settings.CreateEnvironmentAsync(opened.Account.Id, admin, "staging", 10)).Value;
        Assert.True(settings.VerifyApiKey(staging.ApiKey.Reveal()).Succeeded);
        var invited = await settings.InviteAsync(opened.Account.Id, admin, "grace@example.com", Role.Member);
        Assert.True(invited.Succeeded, invited.ToString());

        // The relay, started by the hosted service, hands the sealed mail to the host's mailer and records the outbox lag.
        Assert.True(await RedisGateTesting.EventuallyAsync(() => Task.FromResult(!_mailer.Sent.IsEmpty), TimeSpan.FromSeconds(10)));
        Assert.Equal("grace@example.com", _mailer.Sent.Single().To.Value);
        Assert.True(await RedisGateTesting.EventuallyAsync(() => Task.FromResult(lag.GetMeasurementSnapshot().Count > 0), TimeSpan.FromSeconds(10)));
        Assert.All(lag.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 10));

        // The in-process gate follows the saved allocation: the relay calls the handler AddFluentsSettings registered.
        var gate = host.Services.GetRequiredService<ICallGate>();
        Assert.True(await RedisGateTesting.EventuallyAsync(
            async () => (await gate.GetHeadroomAsync(opened.Account.Id, staging.Environment))?.EnvironmentLimit == 10, TimeSpan.FromSeconds(10)));

        var trail = (await settings.ListAuditTrailAsync(opened.Account.Id, admin)).Value;
        Assert.Contains(trail.Entries, e => e.Type == "environment.created");
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries[FluentsSettingsBuilderPostgreSqlExtensions.HealthCheckName].Status);

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await host.StopAsync(stopping.Token);
        Assert.False(stopping.IsCancellationRequested);
    }

    [PostgresFact]
    public async Task ValidateMode_OnASchemaThatIsNotThere_StopsTheHostAtStart()
    {
        using var host = Build(new() { ["FluentsSettings:PostgreSql:ConnectionString"] = TestServers.Postgres.Connection, ["FluentsSettings:PostgreSql:SchemaMode"] = "Validate" });

        var refused = await Assert.ThrowsAsync<SchemaNotReadyException>(() => host.StartAsync());

        Assert.Contains(_schema, refused.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task TheHostsOwnDataSource_IsUsed_AndNoConnectionStringIsNeeded()
    {
        await using var own = NpgsqlDataSource.Create(TestServers.Postgres.Connection);
        using var host = Build(Migrate(connectionString: null), services => services.AddSingleton(own));
        await host.StartAsync();

        Assert.Same(own, host.Services.GetRequiredService<NpgsqlDataSource>());
        var settings = host.Services.GetRequiredService<SettingsService>();
        Assert.True((await settings.OpenAccountAsync(40, new UserId(Guid.NewGuid()), "Ada Lovelace", "ada@example.com")).Succeeded);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("KeyResyncInterval", "00:00:00", "FluentsSettings:PostgreSql: ")]
    [InlineData("RelayBatchSize", "0", "FluentsSettings:PostgreSql: ")]
    [InlineData("Schema", "Bad-Name", "FluentsSettings:PostgreSql: 'Bad-Name' is not a schema name this package uses")]
    [InlineData("InvitationMailKey", "c2hvcnQ=", "FluentsSettings:PostgreSql: InvitationMailKey must be the base64 of 32 bytes (an AES-256 key).")]
    public async Task ABadValue_StopsTheHostAtStart_WithItsMessage(string key, string value, string message)
    {
        using var host = Build(new() { ["FluentsSettings:PostgreSql:ConnectionString"] = TestServers.Postgres.Connection, [$"FluentsSettings:PostgreSql:{key}"] = value });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(refused.Failures, failure => failure.StartsWith(message, StringComparison.Ordinal));
        Assert.Contains(refused.Failures, failure => failure.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoConnectionString_AndNoDataSource_StopsTheHostAtStart()
    {
        using var host = Build(new());

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("FluentsSettings:PostgreSql:ConnectionString is required unless the host registers its own NpgsqlDataSource.", refused.Failures);
    }

    [PostgresFact]
    public async Task Production_PostgreSqlAndRedis_FromConfigurationAlone()
    {
        Assert.True(TestServers.Redis.IsReachable || !TestServers.InCi, TestServers.Redis.Missing);
        if (!TestServers.Redis.IsReachable) return; // outside CI without Redis: the PostgreSQL half is covered above
        var configuration = Migrate();
        configuration["FluentsSettings:Redis:Configuration"] = TestServers.Redis.Connection;
        configuration["FluentsSettings:Redis:KeyPrefix"] = RedisGateTesting.Prefix;
        using var host = Build(configuration, redis: true);
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var gate = host.Services.GetRequiredService<ICallGate>();

        var opened = (await settings.OpenAccountAsync(1, new UserId(Guid.NewGuid()), "Ada Lovelace", "ada@example.com")).Value;
        var admitted = await gate.TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment); // limits loaded from PostgreSQL into Redis
        var refused = await gate.TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment);

        Assert.IsType<RedisCallGate>(Assert.IsType<MeteredCallGate>(gate).Inner);
        Assert.True(admitted.IsAdmitted, admitted.ToString());
        Assert.IsType<EnvironmentAtCapacity>(refused.Error);
        Assert.True(admitted.TryGetLease(out var lease) && await lease.ReleaseAsync());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        await host.StopAsync();
    }

    private Dictionary<string, string?> Migrate(string? connectionString = "") => new()
    {
        ["FluentsSettings:PostgreSql:ConnectionString"] = connectionString == "" ? TestServers.Postgres.Connection : connectionString,
        ["FluentsSettings:PostgreSql:SchemaMode"] = "Migrate",
    };

    private IHost Build(Dictionary<string, string?> configuration, Action<IServiceCollection>? services = null, bool redis = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FluentsSettings:PostgreSql:Schema"] = _schema,
            ["FluentsSettings:PostgreSql:InvitationMailKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["FluentsSettings:PostgreSql:RelayPollInterval"] = "00:00:00.050",
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<IInvitationMailer>(_mailer);
        services?.Invoke(builder.Services);
        var settings = builder.Services.AddFluentsSettings().UsePostgreSql();
        if (redis) settings.UseRedisCallGate();
        return builder.Build();
    }

    private sealed class RecordingMailer : IInvitationMailer
    {
        public ConcurrentQueue<InvitationEmail> Sent { get; } = new();

        public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
        {
            Sent.Enqueue(email);
            return Task.CompletedTask;
        }
    }
}
