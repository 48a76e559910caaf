using Ardalis.GuardClauses;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Hosting.PostgreSql;
using Fluents.Settings.InMemory;
using Fluents.Settings.PostgreSql;
using Fluents.Settings.PostgreSql.Accounts;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Audit;
using Fluents.Settings.PostgreSql.Outbox;
using Fluents.Settings.PostgreSql.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fluents.Settings.Hosting;

/// <summary><c>UsePostgreSql()</c>: accounts, the audit trail and the API keys stored in PostgreSQL, shared by every host (R24–R27, R31, R32).</summary>
public static class FluentsSettingsBuilderPostgreSqlExtensions
{
    /// <summary>The name of the health check this registers: <c>fluents_settings_postgresql</c>.</summary>
    public const string HealthCheckName = "fluents_settings_postgresql";

    /// <summary>
    /// Puts the PostgreSQL adapters in place of the in-memory defaults (a port the host registered itself stays the host's):
    /// <see cref="PostgreSqlAccountRepository"/> (events, audit rows and invitation mail written in the save's transaction),
    /// <see cref="PostgreSqlAuditTrail"/>, <see cref="PostgreSqlApiKeyIndex"/>; on the host's <see cref="NpgsqlDataSource"/>
    /// when it registered one, else on one made from <see cref="PostgreSqlHostingOptions.ConnectionString"/>. A hosted service
    /// checks (or migrates) the schema at start, loads every API key and listens for changes, and runs the outbox relay,
    /// which calls the registered <see cref="IAccountEventHandler"/>s and <see cref="IInvitationMailer"/>. Options are bound
    /// from <c>"FluentsSettings:PostgreSql"</c> and validated at start; the <see cref="HealthCheckName"/> health check is added.
    /// </summary>
    /// <param name="builder">What <c>AddFluentsSettings()</c> returned.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static FluentsSettingsBuilder UsePostgreSql(this FluentsSettingsBuilder builder, Action<PostgreSqlHostingOptions>? configure = null)
    {
        Guard.Against.Null(builder);
        var services = builder.Services;
        services.AddOptions<PostgreSqlHostingOptions>().BindConfiguration(PostgreSqlHostingOptions.SectionName).ValidateOnStart();
        if (configure is not null) services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlHostingOptions>>(
            new PostgreSqlHostingOptionsValidator(connectsItself: () => services.LastOrDefault(IsDataSource)?.ImplementationFactory == (object)ConnectFromConfiguration)));

        services.TryAddSingleton(ConnectFromConfiguration);
        services.TryAddSingleton(static provider => provider.GetRequiredService<IOptions<PostgreSqlHostingOptions>>().Value
            .ToSettingsOptions(provider.GetRequiredService<FluentsSettingsTelemetry>().Metrics));
        services.TryAddSingleton(static provider => new PostgreSqlAccountRepository(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<PostgreSqlSettingsOptions>()));
        services.TryAddSingleton(static provider => provider.GetRequiredService<PostgreSqlAccountRepository>().AuditTrail);
        services.TryAddSingleton<PostgreSqlApiKeyIndex>();
        services.TryAddSingleton(static provider => new PostgreSqlSchema(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<PostgreSqlSettingsOptions>()));
        services.TryAddSingleton(static provider => new PostgreSqlApiKeySync(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IApiKeyIndex>(), provider.GetRequiredService<PostgreSqlSettingsOptions>()));
        services.TryAddSingleton(static provider => new PostgreSqlOutboxRelay(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<PostgreSqlSettingsOptions>(),
            provider.GetServices<IAccountEventHandler>(), provider.GetRequiredService<IInvitationMailer>()));

        ReplaceInMemory<IAccountRepository, InMemoryAccountRepository>(services, static provider => provider.GetRequiredService<PostgreSqlAccountRepository>());
        ReplaceInMemory<IAuditTrail, InMemoryAuditTrail>(services, static provider => provider.GetRequiredService<PostgreSqlAccountRepository>().AuditTrail);
        ReplaceInMemory<IApiKeyIndex, InMemoryApiKeyIndex>(services, static provider => provider.GetRequiredService<PostgreSqlApiKeyIndex>());

        services.AddHostedService<PostgreSqlHostedService>();
        services.AddHealthChecks().AddCheck<PostgreSqlHealthCheck>(HealthCheckName, tags: ["fluents_settings", "ready"]);
        return builder;
    }

    // The library's own data source, made only when the host registered none (before or after this call).
    private static readonly Func<IServiceProvider, NpgsqlDataSource> ConnectFromConfiguration = static provider =>
        NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<PostgreSqlHostingOptions>>().Value.ConnectionString!);

    private static bool IsDataSource(ServiceDescriptor descriptor) => descriptor.ServiceType == typeof(NpgsqlDataSource) && !descriptor.IsKeyedService;

    // AddFluentsSettings registered the in-memory adapter; a host's own registration of the port is left alone.
    private static void ReplaceInMemory<TService, TInMemory>(IServiceCollection services, Func<IServiceProvider, TService> factory)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService) && !d.IsKeyedService);
        if (registered is not null && registered.ImplementationType != typeof(TInMemory)) return;
        services.RemoveAll<TService>();
        services.AddSingleton(factory);
    }
}
