using Fluents.Settings.Concurrency;
using Fluents.Settings.Contracts;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Redis.Concurrency;

namespace Fluents.Settings.IntegrationTests.Concurrency;

/// <summary>The Redis gate passes the contract every call gate passes (R13, R30), against the real server.</summary>
[RedisRequired]
public sealed class RedisCallGateContractTests : CallGateContract
{
    protected override ICallGate CreateGate(GateLimitsLoader? loadLimits = null) =>
        new RedisCallGate(RedisConnections.Shared, Options, loadLimits);

    // Short lives, so that the shared test server keeps no key of these accounts for long.
    private static readonly RedisCallGateOptions Options = new()
    {
        KeyPrefix = "fluents-test:", LeaseTimeToLive = TimeSpan.FromSeconds(10), RenewalInterval = TimeSpan.FromSeconds(2), LimitsTimeToLive = TimeSpan.FromSeconds(30),
        OperationTimeout = TimeSpan.FromSeconds(5), // generous: a loaded CI machine must not turn a slow answer into a refusal
    };
}
