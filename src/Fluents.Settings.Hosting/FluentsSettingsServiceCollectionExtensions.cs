using System.Diagnostics.Metrics;
using Ardalis.GuardClauses;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.Hosting;
using Fluents.Settings.InMemory;
using Fluents.Settings.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Fluents.Settings in a host's services.</summary>
public static class FluentsSettingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SettingsService"/> and its ports, on the in-memory adapters unless the host (or an adapter's
    /// <c>Use…</c> method) registered its own: every registration is a <c>TryAdd</c>, so a host replaces any port — its mailer,
    /// its repository, more <see cref="IAccountEventHandler"/>s — by registering it, before or after this call.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes the options after they are bound from the <c>"FluentsSettings"</c> section.</param>
    /// <returns>A builder for the adapters' <c>Use…</c> methods.</returns>
    /// <remarks>
    /// <para>Registered (singletons): <see cref="SettingsService"/>; <see cref="IAccountRepository"/>,
    /// <see cref="IApiKeyIndex"/>, <see cref="IAuditTrail"/>, <see cref="IInvitationMailer"/> (in memory by default — the
    /// in-memory mailer keeps mail in memory and sends nothing: register your own in production);
    /// <see cref="ICallGate"/> (an <see cref="InProcessCallGate"/> that loads each account's limits from the repository,
    /// wrapped in a <see cref="MeteredCallGate"/>), kept in step with every saved allocation by a
    /// <see cref="CallGateAllocationHandler"/>; NodaTime's <see cref="IClock"/> and the <see cref="ISecretGenerator"/>.</para>
    /// <para>Options (<see cref="FluentsSettingsOptions"/>) are bound from configuration and validated when the host starts
    /// (<c>ValidateOnStart</c>). Metrics are recorded through the host's <see cref="IMeterFactory"/> when it has one
    /// (every <c>Host.CreateApplicationBuilder</c> and <c>WebApplication</c> host does).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static FluentsSettingsBuilder AddFluentsSettings(this IServiceCollection services, Action<FluentsSettingsOptions>? configure = null)
    {
        Guard.Against.Null(services);
        services.AddOptions<FluentsSettingsOptions>().BindConfiguration(FluentsSettingsOptions.SectionName).ValidateOnStart();
        if (configure is not null) services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FluentsSettingsOptions>, FluentsSettingsOptionsValidator>());

        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton<ISecretGenerator>(CryptographicSecretGenerator.Instance);
        services.TryAddSingleton<IAccountRepository, InMemoryAccountRepository>();
        services.TryAddSingleton<IApiKeyIndex, InMemoryApiKeyIndex>();
        services.TryAddSingleton<IAuditTrail, InMemoryAuditTrail>();
        services.TryAddSingleton<IInvitationMailer, InMemoryInvitationMailer>();
        services.TryAddSingleton(static provider => new FluentsSettingsTelemetry(
            provider.GetService<IMeterFactory>(), provider.GetRequiredService<IOptions<FluentsSettingsOptions>>().Value.EnableMetrics));

        services.TryAddSingleton(static provider => new InProcessCallGate(CallGateAllocationHandler.LimitsFrom(provider.GetRequiredService<IAccountRepository>())));
        services.TryAddKeyedSingleton<ICallGate>(FluentsSettingsBuilder.DecidingCallGateKey, static (provider, _) => provider.GetRequiredService<InProcessCallGate>());
        services.TryAddSingleton(static provider =>
        {
            var deciding = provider.GetRequiredKeyedService<ICallGate>(FluentsSettingsBuilder.DecidingCallGateKey);
            return provider.GetRequiredService<FluentsSettingsTelemetry>().Metrics is { } metrics ? new MeteredCallGate(deciding, metrics) : deciding;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAccountEventHandler, CallGateAllocationHandler>());

        services.TryAddSingleton(static provider => new SettingsService(
            provider.GetRequiredService<IAccountRepository>(),
            provider.GetRequiredService<IInvitationMailer>(),
            provider.GetRequiredService<IApiKeyIndex>(),
            provider.GetRequiredService<IClock>(),
            provider.GetRequiredService<ISecretGenerator>(),
            provider.GetServices<IAccountEventHandler>(),
            provider.GetRequiredService<IOptions<FluentsSettingsOptions>>().Value.ToServiceOptions(provider.GetRequiredService<FluentsSettingsTelemetry>().Metrics),
            provider.GetRequiredService<IAuditTrail>()));
        return new FluentsSettingsBuilder(services);
    }
}
