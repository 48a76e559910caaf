using System.Collections.Concurrent;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using StackExchange.Redis;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>
/// The keys of one account: <c>{prefix}{account}:limits</c> (hash), <c>{prefix}{account}:plan</c> (sorted set of every
/// lease) and <c>{prefix}{account}:env:{environment}</c> (sorted set per environment). The account id in braces is the
/// Redis Cluster hash tag, so every key of an account lives in one slot and one script can take both limits together.
/// </summary>
internal sealed class GateKeys
{
    private readonly string _accountPart;
    private readonly ConcurrentDictionary<EnvironmentId, EnvironmentKeys> _environments = new();

    public GateKeys(string prefix, AccountId account)
    {
        _accountPart = $"{prefix}{{{account.Value:N}}}:";
        Limits = _accountPart + "limits";
        Plan = _accountPart + "plan";
        RenewKeysStart = [Limits, Plan];
    }

    public RedisKey Limits { get; }

    public RedisKey Plan { get; }

    /// <summary>The first keys of a renewal: the limits, then the account's leases.</summary>
    public RedisKey[] RenewKeysStart { get; }

    public static RedisValue FieldOf(EnvironmentId environment) => $"e:{environment.Value:N}";

    public static bool TryParseField(string field, out EnvironmentId environment)
    {
        environment = default;
        if (!field.StartsWith("e:", StringComparison.Ordinal) || !Guid.TryParseExact(field.AsSpan(2), "N", out var value) || value == Guid.Empty) return false;
        environment = new EnvironmentId(value);
        return true;
    }

    public EnvironmentKeys Of(EnvironmentId environment) =>
        _environments.TryGetValue(environment, out var keys) ? keys : _environments.GetOrAdd(environment, Create);

    private EnvironmentKeys Create(EnvironmentId environment)
    {
        RedisKey set = $"{_accountPart}env:{environment.Value:N}";
        return new EnvironmentKeys(set, FieldOf(environment), [Limits, Plan, set], [Plan, set]);
    }
}

/// <summary>One environment's lease set and field, and the key arrays of its scripts (read-only, shared by every call).</summary>
internal sealed record EnvironmentKeys(RedisKey Leases, RedisValue Field, RedisKey[] AdmitKeys, RedisKey[] ReleaseKeys);
