using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using StackExchange.Redis;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>
/// The two keys of one account: <c>{prefix}{account}:limits</c> (hash: the version, the plan limit, each environment's limit
/// and calls) and <c>{prefix}{account}:leases</c> (sorted set: each lease, named with its environment, scored by its expiry).
/// The account id in braces is the Redis Cluster hash tag, so both keys live in one slot and one script takes both limits
/// together.
/// </summary>
internal static class GateKeys
{
    public static RedisKey[] Of(string prefix, AccountId account)
    {
        var start = $"{prefix}{{{Id(account.Value)}}}:";
        return [start + "limits", start + "leases"];
    }

    /// <summary>How ids appear in keys, fields and lease names: 32 hex digits.</summary>
    public static string Id(Guid id) => id.ToString("N");

    /// <summary>A lease as the set names it: <c>{lease}|{environment}</c>, so that a swept lease lowers its environment's count.</summary>
    public static RedisValue Member(CallLeaseId lease, EnvironmentId environment) => $"{Id(lease.Value)}|{Id(environment.Value)}";

    public static bool TryParseEnvironment(string id, out EnvironmentId environment)
    {
        environment = default;
        if (!Guid.TryParseExact(id, "N", out var value) || value == Guid.Empty) return false;
        environment = new EnvironmentId(value);
        return true;
    }
}
