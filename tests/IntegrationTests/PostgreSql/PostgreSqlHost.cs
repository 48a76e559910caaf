using Fluents.Settings.Application;
using Fluents.Settings.InMemory;
using Fluents.Settings.PostgreSql.Accounts;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Outbox;
using Fluents.Settings.Secrets;
using Npgsql;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// One API server of a deployment, as a host team wires it: a data source (a pool) of its own, the repository, its own key
/// index kept in step by a key sync, a service, and (optionally) an outbox relay with a mailer and an event log.
/// </summary>
internal sealed class PostgreSqlHost : IAsyncDisposable
{
    private PostgreSqlHost(TestSchema schema, IClock clock, bool relay, string? name, SettingsServiceOptions? serviceOptions, Func<IOutboxAccountRepository, IOutboxAccountRepository>? decorate)
    {
        DataSource = schema.NewDataSource(name);
        Repository = new PostgreSqlAccountRepository(DataSource, schema.Options);
        Keys = new PostgreSqlApiKeyIndex();
        Sync = new PostgreSqlApiKeySync(DataSource, Keys, schema.Options);
        Service = new SettingsService(decorate is null ? Repository : decorate(Repository), Mailer, Keys, clock, CryptographicSecretGenerator.Instance, options: serviceOptions);
        Relay = relay ? new PostgreSqlOutboxRelay(DataSource, schema.Options, [Events], Mailer) : null;
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgreSqlAccountRepository Repository { get; }

    public PostgreSqlApiKeyIndex Keys { get; }

    public PostgreSqlApiKeySync Sync { get; }

    public SettingsService Service { get; }

    public InMemoryInvitationMailer Mailer { get; } = new();

    public InMemoryEventLog Events { get; } = new();

    public PostgreSqlOutboxRelay? Relay { get; }

    /// <summary>Starts a host: its key sync loaded and listening, its relay running when asked for.</summary>
    /// <param name="schema">The test's schema.</param>
    /// <param name="clock">The service's clock (the system's by default).</param>
    /// <param name="relay">Whether the host runs an outbox relay.</param>
    /// <param name="name">A name for the host's connections in <c>pg_stat_activity</c> (<c>fluents-{schema}-{name}</c>), to find them.</param>
    /// <param name="serviceOptions">The service's options (defaults when <c>null</c>).</param>
    /// <param name="decorate">Wraps the repository the service uses (to count saves and conflicts).</param>
    public static async Task<PostgreSqlHost> StartAsync(
        TestSchema schema,
        IClock? clock = null,
        bool relay = false,
        string? name = null,
        SettingsServiceOptions? serviceOptions = null,
        Func<IOutboxAccountRepository, IOutboxAccountRepository>? decorate = null)
    {
        var host = new PostgreSqlHost(schema, clock ?? SystemClock.Instance, relay, name, serviceOptions, decorate);
        await host.Sync.StartAsync();
        host.Relay?.Start();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (Relay is not null) await Relay.DisposeAsync();
        await Sync.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
