using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>One script's reply as the tests see it (<see cref="RedisCallGate.Trace"/>): with where it ran in the server's order: its server time in µs × 1,000 plus its position in its batch.</summary>
internal sealed record GateTrace(string Operation, AccountId Account, EnvironmentId Environment, CallLeaseId Lease, long Outcome, CallHeadroom Headroom, long ServerOrder)
{
    public const string Admit = "admit", Release = "release", Apply = "apply";

    /// <summary>For <see cref="Apply"/>: the account version.</summary>
    public long Version { get; init; }

    /// <summary>For <see cref="Apply"/>: the allocation.</summary>
    public ConcurrencyAllocation? Allocation { get; init; }
}
