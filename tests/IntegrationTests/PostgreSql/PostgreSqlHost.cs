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
    private PostgreSqlHost(TestSchema schema, IClock clock, bool relay)
    {
        DataSource = schema.NewDataSource();
        Repository = new PostgreSqlAccountRepository(DataSource, schema.Options);
        Keys = new PostgreSqlApiKeyIndex();
        Sync = new PostgreSqlApiKeySync(DataSource, Keys, schema.Options);
        Service = new SettingsService(Repository, Mailer, Keys, clock, CryptographicSecretGenerator.Instance);
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
    public static async Task<PostgreSqlHost> StartAsync(TestSchema schema, IClock? clock = null, bool relay = false)
    {
        var host = new PostgreSqlHost(schema, clock ?? SystemClock.Instance, relay);
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
