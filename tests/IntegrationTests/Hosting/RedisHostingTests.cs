using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.Hosting;
using Fluents.Settings.IntegrationTests.Concurrency;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Members;
using Fluents.Settings.Redis.Concurrency;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fluents.Settings.IntegrationTests.Hosting;

/// <summary><c>AddFluentsSettings().UseRedisCallGate()</c> in a real host against the loopback redis-server (issue 15).</summary>
public class RedisHostingTests
{
    [RedisFact]
    public async Task AHost_OnRedis_ResolvesStartsAdmitsAcrossItsGateAndStops()
    {
        using var host = Build(new() { ["FluentsSettings:Redis:Configuration"] = TestServers.Redis.Connection });
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var gate = host.Services.GetRequiredService<ICallGate>();
        var redisGate = host.Services.GetRequiredService<RedisCallGate>();
        var admin = new UserId(Guid.NewGuid());
        var opened = (await settings.OpenAccountAsync(2, admin, "Ada Lovelace", "ada@example.com")).Value;

        Assert.Same(redisGate, Assert.IsType<MeteredCallGate>(gate).Inner);
        Assert.True(redisGate.IsRenewing); // the hosted service started the renewal
        var first = await gate.TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment);
        var second = await gate.TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment);
        var third = await gate.TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment);
        Assert.Equal([true, true, false], new[] { first, second, third }.Select(a => a.IsAdmitted));

        // A change saved through the service reaches Redis: the handler AddFluentsSettings registered applies it.
        Assert.True((await settings.EditEnvironmentAsync(opened.Account.Id, admin, opened.DefaultEnvironment, null, 1)).Succeeded);
        var headroom = await gate.GetHeadroomAsync(opened.Account.Id, opened.DefaultEnvironment);
        Assert.Equal(1, headroom?.EnvironmentLimit);

        Assert.True(first.TryGetLease(out var lease) && await lease.ReleaseAsync());
        Assert.True(second.TryGetLease(out lease) && await lease.ReleaseAsync());
        await host.StopAsync();
        Assert.False(redisGate.IsRenewing);
    }

    [RedisFact]
    public async Task TheHostsOwnMultiplexer_IsUsed_AndNoConnectionStringIsNeeded()
    {
        using var own = RedisConnections.Connect("host-own");
        using var host = Build(services: services => services.AddSingleton<IConnectionMultiplexer>(own));
        await host.StartAsync();

        Assert.Same(own, host.Services.GetRequiredService<IConnectionMultiplexer>());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries[FluentsSettingsBuilderRedisExtensions.HealthCheckName].Status);
        await host.StopAsync();
    }

    [RedisTheory]
    [InlineData("RenewalInterval", "00:00:20", "FluentsSettings:Redis: RenewalInterval (00:00:20) must be positive and less than half of LeaseTimeToLive (00:00:30), so that one late renewal loses no lease.")]
    [InlineData("OperationTimeout", "00:00:00", "FluentsSettings:Redis: OperationTimeout must be positive and at most one minute: 00:00:00.")]
    [InlineData("KeyPrefix", "a{b", "FluentsSettings:Redis: KeyPrefix must be non-empty and contain no brace (the account is the keys' hash tag): 'a{b'.")]
    public async Task ABadValue_StopsTheHostAtStart_WithItsMessage(string key, string value, string message)
    {
        using var host = Build(new() { ["FluentsSettings:Redis:Configuration"] = TestServers.Redis.Connection, [$"FluentsSettings:Redis:{key}"] = value });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, refused.Failures);
    }

    [Fact]
    public async Task NoConnectionString_AndNoMultiplexer_StopsTheHostAtStart()
    {
        using var host = Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("FluentsSettings:Redis:Configuration is required (e.g. \"127.0.0.1:6379\") unless the host registers its own IConnectionMultiplexer.", refused.Failures);
    }

    [Fact]
    public async Task RedisNotListening_IsUnhealthy_AndAdmissionsAreRefusedWithinTheTimeout()
    {
        using var host = Build(new()
        {
            ["FluentsSettings:Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200",
            ["FluentsSettings:Redis:OperationTimeout"] = "00:00:00.300",
        });
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<SettingsService>();
        // The account is saved; applying its limits to the unreachable gate is reported after the save, with the result.
        var unapplied = await Assert.ThrowsAsync<EventDispatchException>(() => settings.OpenAccountAsync(2, new UserId(Guid.NewGuid()), "Ada Lovelace", "ada@example.com"));
        Assert.IsType<CallGateUnavailableException>(unapplied.InnerException);
        var opened = Assert.IsType<OpenAccountResult>(unapplied.Result).Value;

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var admission = await host.Services.GetRequiredService<ICallGate>().TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries[FluentsSettingsBuilderRedisExtensions.HealthCheckName].Status);
        Assert.IsType<GateUnavailable>(admission.Error);
        await host.StopAsync();
    }

    [RedisFact]
    public async Task LeasesHeldWithoutRenewal_AreDegraded()
    {
        using var host = Build(new() { ["FluentsSettings:Redis:Configuration"] = TestServers.Redis.Connection });
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var opened = (await settings.OpenAccountAsync(2, new UserId(Guid.NewGuid()), "Ada Lovelace", "ada@example.com")).Value;
        var redisGate = host.Services.GetRequiredService<RedisCallGate>();
        var admission = await host.Services.GetRequiredService<ICallGate>().TryAdmitAsync(opened.Account.Id, opened.DefaultEnvironment);
        Assert.True(admission.IsAdmitted);

        await redisGate.StopRenewalAsync();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Entries[FluentsSettingsBuilderRedisExtensions.HealthCheckName].Status);
        Assert.True(admission.TryGetLease(out var lease) && await lease.ReleaseAsync());
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?>? configuration = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FluentsSettings:Redis:KeyPrefix"] = configuration?.GetValueOrDefault("FluentsSettings:Redis:KeyPrefix") ?? RedisGateTesting.Prefix,
            ["FluentsSettings:Redis:LeaseTimeToLive"] = "00:00:30",
        });
        services?.Invoke(builder.Services);
        builder.Services.AddFluentsSettings().UseRedisCallGate();
        return builder.Build();
    }
}
