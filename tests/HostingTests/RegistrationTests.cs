using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fluents.Settings.HostingTests;

public class RegistrationTests
{
    [Fact]
    public async Task AHost_ResolvesStartsServesAUseCaseAndStops_OnTheInMemoryDefault()
    {
        using var host = TestHost.Build();
        await host.StartAsync();

        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, opened) = await TestHost.OpenAccountAsync(settings);
        var created = await settings.CreateEnvironmentAsync(account, admin, "staging", 10);

        Assert.True(created.Succeeded, created.ToString());
        Assert.True(settings.VerifyApiKey(created.Value.ApiKey.Reveal()).Succeeded);
        Assert.Same(settings, host.Services.GetRequiredService<SettingsService>());
        Assert.IsType<InMemoryAccountRepository>(host.Services.GetRequiredService<IAccountRepository>());
        Assert.IsType<InMemoryApiKeyIndex>(host.Services.GetRequiredService<IApiKeyIndex>());
        Assert.IsType<InMemoryAuditTrail>(host.Services.GetRequiredService<IAuditTrail>());
        Assert.NotNull(opened);

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stopping.Token);
        Assert.False(stopping.IsCancellationRequested);
    }

    [Fact]
    public async Task TheCallGate_IsMeteredInProcess_AndFollowsEverySavedAllocation()
    {
        using var host = TestHost.Build();
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var gate = host.Services.GetRequiredService<ICallGate>();
        var (account, admin, opened) = await TestHost.OpenAccountAsync(settings, planLimit: 2, defaultLimit: null);

        var metered = Assert.IsType<MeteredCallGate>(gate);
        Assert.Same(host.Services.GetRequiredService<InProcessCallGate>(), metered.Inner);

        // Loaded from the repository on first use: the default environment holds the whole plan (2).
        var first = await gate.TryAdmitAsync(account, opened.DefaultEnvironment);
        Assert.True(first.IsAdmitted);

        // Lowered through the service: the CallGateAllocationHandler registered by AddFluentsSettings applies it.
        Assert.True((await settings.EditEnvironmentAsync(account, admin, opened.DefaultEnvironment, newName: null, newMaxConcurrentCalls: 1)).Succeeded);
        var second = await gate.TryAdmitAsync(account, opened.DefaultEnvironment);
        Assert.True(second.Error is EnvironmentAtCapacity, second.ToString());

        Assert.True(first.TryGetLease(out var lease));
        Assert.True(await lease.ReleaseAsync());
        Assert.False(await lease.ReleaseAsync());
        Assert.True((await gate.TryAdmitAsync(account, opened.DefaultEnvironment)).IsAdmitted);
        await host.StopAsync();
    }

    [Fact]
    public async Task AHostsOwnPort_RegisteredBeforeOrAfter_ReplacesTheDefault()
    {
        var before = new RecordingMailer();
        using var hostBefore = TestHost.Build(services => services.AddSingleton<IInvitationMailer>(before));
        await InviteAsync(hostBefore);
        Assert.Single(before.Sent);

        var after = new RecordingMailer();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddFluentsSettings();
        builder.Services.AddSingleton<IInvitationMailer>(after); // registered later: the last registration wins
        using var hostAfter = builder.Build();
        await InviteAsync(hostAfter);
        Assert.Single(after.Sent);
    }

    [Fact]
    public async Task MoreEventHandlers_AreCalledBesideTheLibrarysOwn()
    {
        var log = new InMemoryEventLog();
        using var host = TestHost.Build(services => services.AddSingleton<IAccountEventHandler>(log));
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, _) = await TestHost.OpenAccountAsync(settings);

        await settings.CreateEnvironmentAsync(account, admin, "staging", 10);

        Assert.Contains(log.Events, e => e is Environments.EnvironmentCreated);
        Assert.Contains(host.Services.GetServices<IAccountEventHandler>(), h => h is CallGateAllocationHandler);
    }

    [Fact]
    public void AddingTwice_RegistersEachServiceOnce()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddFluentsSettings();
        builder.Services.AddFluentsSettings();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(SettingsService));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IAccountEventHandler));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IValidateOptions<Hosting.FluentsSettingsOptions>));
    }

    [Fact]
    public async Task Options_AreBoundFromTheFluentsSettingsSection()
    {
        using var host = TestHost.Build(configuration: new Dictionary<string, string?>
        {
            ["FluentsSettings:MaxAttempts"] = "7",
            ["FluentsSettings:AfterSaveTimeout"] = "00:00:03",
            ["FluentsSettings:EnableMetrics"] = "false",
        });

        var options = host.Services.GetRequiredService<IOptions<Hosting.FluentsSettingsOptions>>().Value;

        Assert.Equal(7, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AfterSaveTimeout);
        Assert.False(options.EnableMetrics);
        Assert.IsType<InProcessCallGate>(host.Services.GetRequiredService<ICallGate>()); // metrics off: nothing to meter
        await host.StartAsync();
        await host.StopAsync();
    }

    private static async Task InviteAsync(IHost host)
    {
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, _) = await TestHost.OpenAccountAsync(settings);
        var invited = await settings.InviteAsync(account, admin, "grace@example.com", Members.Role.Member);
        Assert.True(invited.Succeeded, invited.ToString());
    }

    private sealed class RecordingMailer : IInvitationMailer
    {
        public List<InvitationEmail> Sent { get; } = [];

        public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
        {
            Sent.Add(email);
            return Task.CompletedTask;
        }
    }
}
