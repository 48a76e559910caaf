using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Redis.Concurrency;
using StackExchange.Redis;

namespace Fluents.Settings.IntegrationTests.Concurrency;

/// <summary>What the Redis gate's own tests share: short lease lives (so that they stay fast), fresh accounts, the keys.</summary>
internal static class RedisGateTesting
{
    public const string Prefix = "fluents-test:";

    /// <summary>A database no other test uses, for the one test that counts every key (DBSIZE).</summary>
    public const int IdleAccountDatabase = 9;

    public static RedisCallGateOptions Options(TimeSpan? leaseTimeToLive = null, TimeSpan? renewalInterval = null, TimeSpan? operationTimeout = null, int database = -1)
    {
        var ttl = leaseTimeToLive ?? TimeSpan.FromSeconds(10);
        return new RedisCallGateOptions
        {
            KeyPrefix = Prefix,
            Database = database,
            LeaseTimeToLive = ttl,
            RenewalInterval = renewalInterval ?? ttl / 4,
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(5), // generous: a loaded CI machine must not turn a slow answer into a refusal
            LimitsTimeToLive = ttl * 3,
        };
    }

    public static AccountId NewAccount() => new(Guid.NewGuid());

    public static EnvironmentId NewEnvironment() => new(Guid.NewGuid());

    public static ConcurrencyAllocation Allocation(int plan, params (EnvironmentId Environment, int Limit)[] limits) =>
        ConcurrencyAllocation.Create(plan, limits.Select(l => KeyValuePair.Create(l.Environment, l.Limit)));

    public static RedisKey LeasesKey(AccountId account) => $"{Prefix}{{{account.Value:N}}}:leases";

    public static RedisKey LimitsKey(AccountId account) => $"{Prefix}{{{account.Value:N}}}:limits";

    public static CallLease Admitted(GateAdmission admission)
    {
        Assert.True(admission.TryGetValue(out var lease, out var refusal), $"expected an admission, got {refusal?.Code}: {refusal?.Message}");
        return lease;
    }

    public static TRefusal Refused<TRefusal>(GateAdmission admission)
        where TRefusal : ICallRefusal
    {
        Assert.False(admission.IsAdmitted, $"expected {typeof(TRefusal).Name}, got {admission}");
        return Assert.IsType<TRefusal>(admission.Error);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(25));
        }

        return await condition();
    }

    public static IServer Server => RedisConnections.ServerOf(RedisConnections.Shared);
}

/// <summary>A host's clock set off by <see cref="Offset"/>: the gate must never read it for a lease.</summary>
internal sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
