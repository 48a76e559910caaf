using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Schema;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Fluents.Settings.Hosting.PostgreSql;

// Healthy: PostgreSQL answers and the schema is at the package's version. Degraded: so, but the key listener is down (a key
// revoked on another host is refused here only at the next periodic re-read). Unhealthy: no answer, or another schema version.
internal sealed class PostgreSqlHealthCheck(PostgreSqlSchema schema, PostgreSqlApiKeySync keySync) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SchemaCheck check;
        try
        {
            check = await schema.ValidateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL did not answer.", failure);
        }

        var data = new Dictionary<string, object> { ["schema_found"] = check.Found, ["schema_expected"] = check.Expected, ["key_notices"] = keySync.Notices };
        if (!check.IsUpToDate)
            return new HealthCheckResult(context.Registration.FailureStatus, $"The schema is not at the package's version: {check}.", data: data);
        return keySync.IsListening
            ? HealthCheckResult.Healthy($"PostgreSQL answered; schema version {check.Found}.", data)
            : HealthCheckResult.Degraded("PostgreSQL answered, but the API-key listener is reconnecting: revocations from other hosts arrive at the next re-read.", data: data);
    }
}
