using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>One script's reply as the tests see it (<see cref="RedisCallGate.Trace"/>): with the server time it ran at, in µs.</summary>
internal sealed record GateTrace(string Operation, AccountId Account, EnvironmentId Environment, CallLeaseId Lease, long Outcome, CallHeadroom Headroom, long ServerMicroseconds)
{
    public const string Admit = "admit", Release = "release", Apply = "apply";

    /// <summary>For <see cref="Apply"/>: the account version.</summary>
    public long Version { get; init; }

    /// <summary>For <see cref="Apply"/>: the allocation.</summary>
    public ConcurrencyAllocation? Allocation { get; init; }
}
