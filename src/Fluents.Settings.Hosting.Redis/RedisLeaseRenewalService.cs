using Fluents.Settings.Redis.Concurrency;
using Microsoft.Extensions.Hosting;

namespace Fluents.Settings.Hosting.Redis;

// Renews this host's leases while the host runs (R30): a dead host's leases then expire after their time to live.
internal sealed class RedisLeaseRenewalService(RedisCallGate gate) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        gate.StartRenewal();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => gate.StopRenewalAsync().WaitAsync(cancellationToken);
}
