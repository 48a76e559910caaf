using Fluents.Settings.Redis.Concurrency;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fluents.Settings.Hosting.Redis;

// Healthy: Redis answers a PING within the gate's operation timeout and the last complete renewal is recent.
// Degraded: Redis answers but renewals have not all succeeded for half a lease's time to live (leases are about to be lost).
// Unhealthy: Redis does not answer (admissions are refused with GateUnavailable).
internal sealed class RedisCallGateHealthCheck(IConnectionMultiplexer redis, RedisCallGate gate, IOptions<RedisCallGateOptions> options, TimeProvider? time = null)
    : IHealthCheck
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        TimeSpan latency;
        try
        {
            latency = await redis.GetDatabase(settings.Database).PingAsync().WaitAsync(settings.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException or ObjectDisposedException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis did not answer within {settings.OperationTimeout.TotalMilliseconds:0} ms: call admissions are refused (fail closed).", failure);
        }

        var data = new Dictionary<string, object>
        {
            ["ping_ms"] = latency.TotalMilliseconds,
            ["held_leases"] = gate.HeldLeaseCount,
            ["lost_leases"] = gate.LostLeaseCount,
            ["failed_renewal_batches"] = gate.FailedRenewalCount,
        };
        if (gate.IsRenewing && gate.LastCompleteRenewal is { } last && _time.GetUtcNow() - last > settings.LeaseTimeToLive / 2)
            return HealthCheckResult.Degraded(
                $"Lease renewal is behind: the last complete renewal was {(_time.GetUtcNow() - last).TotalSeconds:0.#} s ago and leases expire {settings.LeaseTimeToLive.TotalSeconds:0.#} s after their last renewal.",
                data: data);
        return gate.IsRenewing || gate.HeldLeaseCount == 0
            ? HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.", data)
            : HealthCheckResult.Degraded("This host holds leases but does not renew them: they expire after their time to live.", data: data);
    }
}
