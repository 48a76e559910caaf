using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>A Max Concurrent Calls value or plan limit below zero (R8, R9).</summary>
/// <param name="Requested">The value that was given.</param>
public sealed record InvalidMaxConcurrentCalls(int Requested) : DomainError
{
    /// <inheritdoc />
    public override string Code => "concurrency.invalid_limit";

    /// <inheritdoc />
    public override string Message => $"A concurrent-call limit must be 0 or more; {Requested} was given.";
}

/// <summary>
/// Raising an environment's Max Concurrent Calls would make the environments' sum exceed the plan
/// (R10), or the account is over-allocated and nothing may be raised (R12).
/// </summary>
/// <param name="Environment">The environment being set, or <c>null</c> for a new one.</param>
/// <param name="Requested">The Max Concurrent Calls that was asked for.</param>
/// <param name="Allowed">The most this environment may have right now.</param>
/// <param name="Unallocated">How many of the plan's calls no environment holds (0 when over-allocated).</param>
/// <param name="PlanLimit">The plan's maximum concurrent calls.</param>
public sealed record AllocationExceedsPlan(EnvironmentId? Environment, int Requested, int Allowed, int Unallocated, int PlanLimit) : DomainError
{
    /// <inheritdoc />
    public override string Code => "concurrency.exceeds_plan";

    /// <inheritdoc />
    public override string Message =>
        $"Max Concurrent Calls of {Requested} does not fit the plan: this environment may have at most {Allowed}, "
        + $"and {Unallocated} of the plan's {PlanLimit} concurrent calls are unallocated.";
}

/// <summary>A bulk reallocation whose result raises an environment yet does not fit the plan (R10–R12).</summary>
/// <param name="RequestedTotal">The environments' sum after the reallocation.</param>
/// <param name="PlanLimit">The plan's maximum concurrent calls.</param>
public sealed record ReallocationExceedsPlan(int RequestedTotal, int PlanLimit) : DomainError
{
    /// <inheritdoc />
    public override string Code => "concurrency.reallocation_exceeds_plan";

    /// <inheritdoc />
    public override string Message =>
        $"The environments would hold {RequestedTotal} concurrent calls in all, more than the plan's {PlanLimit}.";
}

/// <summary>A rebalance proposal made for an earlier state of the account than the current one.</summary>
/// <param name="ProposedAtVersion">The account version the proposal was computed from.</param>
/// <param name="CurrentVersion">The account's version now.</param>
public sealed record StaleRebalanceProposal(long ProposedAtVersion, long CurrentVersion) : DomainError
{
    /// <inheritdoc />
    public override string Code => "concurrency.stale_proposal";

    /// <inheritdoc />
    public override string Message =>
        $"The rebalance was proposed for version {ProposedAtVersion} of the account, which is now at version {CurrentVersion}; propose again.";
}
