using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Outbox;
using Fluents.Settings.PostgreSql.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fluents.Settings.Hosting.PostgreSql;

// At start, in order: the schema is validated (or migrated), every API key is loaded and the listener started (R31), the
// outbox relay started (R32). A schema that is not ready stops the host's start with SchemaNotReadyException. At stop, the
// relay then the key sync stop (the sync writes the last uses it holds).
internal sealed class PostgreSqlHostedService(
    PostgreSqlSchema schema, PostgreSqlApiKeySync keySync, PostgreSqlOutboxRelay relay, IOptions<PostgreSqlHostingOptions> options) : IHostedService
{
    private bool _relayStarted;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await keySync.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!options.Value.RunOutboxRelay) return;
        relay.Start();
        _relayStarted = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_relayStarted) await relay.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await keySync.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
