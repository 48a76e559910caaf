using Ardalis.GuardClauses;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Hosting.Redis;
using Fluents.Settings.Redis.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fluents.Settings.Hosting;

/// <summary><c>UseRedisCallGate()</c>: the call gate on Redis, held across every host of an account (R30).</summary>
public static class FluentsSettingsBuilderRedisExtensions
{
    /// <summary>The name of the health check this registers: <c>fluents_settings_redis</c>.</summary>
    public const string HealthCheckName = "fluents_settings_redis";

    /// <summary>
    /// Makes a <see cref="RedisCallGate"/> the gate that decides admissions (metered like the in-process one), on the host's
    /// <see cref="IConnectionMultiplexer"/> when it registered one, else on a connection made from
    /// <see cref="RedisCallGateHostingOptions.Configuration"/>; renews this host's leases in a hosted service that starts and
    /// stops with the host; binds <see cref="RedisCallGateOptions"/> from <c>"FluentsSettings:Redis"</c> and validates them at
    /// start; and adds the <see cref="HealthCheckName"/> health check (Redis reachable, lease renewal keeping up).
    /// </summary>
    /// <param name="builder">What <c>AddFluentsSettings()</c> returned.</param>
    /// <param name="configure">Changes the gate's options after binding.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static FluentsSettingsBuilder UseRedisCallGate(this FluentsSettingsBuilder builder, Action<RedisCallGateOptions>? configure = null)
    {
        Guard.Against.Null(builder);
        var services = builder.Services;
        services.AddOptions<RedisCallGateOptions>().BindConfiguration(RedisCallGateHostingOptions.SectionName).ValidateOnStart();
        services.AddOptions<RedisCallGateHostingOptions>().BindConfiguration(RedisCallGateHostingOptions.SectionName).ValidateOnStart();
        if (configure is not null) services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisCallGateOptions>, RedisCallGateOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisCallGateHostingOptions>>(
            new RedisCallGateHostingOptionsValidator(connectsItself: () => services.LastOrDefault(IsMultiplexer)?.ImplementationFactory == (object)ConnectFromConfiguration)));

        services.TryAddSingleton(ConnectFromConfiguration);
        services.TryAddSingleton(static provider => new RedisCallGate(
            provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<IOptions<RedisCallGateOptions>>().Value,
            CallGateAllocationHandler.LimitsFrom(provider.GetRequiredService<IAccountRepository>()),
            provider.GetService<TimeProvider>()));

        services.RemoveAll(descriptor => descriptor.ServiceType == typeof(ICallGate) && Equals(descriptor.ServiceKey, FluentsSettingsBuilder.DecidingCallGateKey));
        services.AddKeyedSingleton<ICallGate>(FluentsSettingsBuilder.DecidingCallGateKey, static (provider, _) => provider.GetRequiredService<RedisCallGate>());
        services.AddHostedService<RedisLeaseRenewalService>();
        services.AddHealthChecks().AddCheck<RedisCallGateHealthCheck>(HealthCheckName, tags: ["fluents_settings", "ready"]);
        return builder;
    }

    // The library's own connection, made only when the host registered no multiplexer (before or after this call).
    private static readonly Func<IServiceProvider, IConnectionMultiplexer> ConnectFromConfiguration = static provider =>
    {
        var configuration = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<RedisCallGateHostingOptions>>().Value.Configuration!);
        configuration.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(configuration);
    };

    private static bool IsMultiplexer(ServiceDescriptor descriptor) => descriptor.ServiceType == typeof(IConnectionMultiplexer) && !descriptor.IsKeyedService;

    private static void RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        for (var i = services.Count - 1; i >= 0; i--)
            if (match(services[i])) services.RemoveAt(i);
    }
}
