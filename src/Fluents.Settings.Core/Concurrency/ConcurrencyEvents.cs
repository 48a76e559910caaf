using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>One environment's Max Concurrent Calls before and after a change.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Name">Its name at the time.</param>
/// <param name="From">The limit before.</param>
/// <param name="To">The limit after.</param>
public sealed record LimitChange(EnvironmentId Environment, string Name, int From, int To);

/// <summary>Environments' Max Concurrent Calls changed: one edit, a bulk reallocation (R11) or an applied rebalance (R12).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Changes">Each environment whose limit changed.</param>
/// <param name="Allocated">The environments' sum afterwards.</param>
/// <param name="PlanLimit">The plan limit.</param>
public sealed record AllocationChanged(AccountId AccountId, Instant OccurredAt, IReadOnlyList<LimitChange> Changes, int Allocated, int PlanLimit) : DomainEvent(AccountId, OccurredAt);

/// <summary>The plan's limit changed (R12: never refused). The account may now be over-allocated.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="From">The old plan limit.</param>
/// <param name="To">The new plan limit.</param>
/// <param name="Allocated">The environments' sum, unchanged by this event.</param>
public sealed record PlanLimitChanged(AccountId AccountId, Instant OccurredAt, int From, int To, int Allocated) : DomainEvent(AccountId, OccurredAt)
{
    /// <summary>Whether the environments now hold more than the plan.</summary>
    public bool IsOverAllocated => Allocated > To;
}
