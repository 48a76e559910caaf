using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>
    /// Sets several environments' Max Concurrent Calls in one atomic step (Admin only, R3, R11), so capacity
    /// moves from one environment to another without an intermediate save. Accepted when the new sum fits the
    /// plan, or when nothing is raised (R12: lowering is allowed while over-allocated). All or nothing.
    /// </summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="targets">The new limit of each environment to change; the others keep theirs.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when nothing changed), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ReallocateOutcome Reallocate(
        Actor actor, IReadOnlyDictionary<EnvironmentId, int> targets, Instant now)
    {
        Guard.Against.Null(targets);
        foreach (var environment in targets.Keys) Guard.Against.Default(environment, nameof(targets));
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        foreach (var (environment, limit) in targets)
        {
            if (!_environments.Contains(environment)) return new EnvironmentNotFound(environment);
            if (limit < 0) return new InvalidMaxConcurrentCalls(limit);
        }
        if (_environments.Allocation.CheckReallocation(targets).TryPickT1(out var exceeds, out _)) return exceeds;

        ApplyLimits(targets, now, who);
        return default(Success);
    }

    /// <summary>
    /// Changes the plan's limit P (R8, R12). Never refused for the allocation (billing decides the plan): if P
    /// drops below the environments' sum, the account becomes over-allocated, raises are refused until it fits
    /// again, and <see cref="ProposeRebalance(Actor)"/> suggests a fair reduction. Needs <see cref="Permission.ChangePlan"/>:
    /// Admins, and <see cref="SystemActor.Billing"/>, which acts as itself rather than as an Admin (R29).
    /// </summary>
    /// <param name="actor">The acting user or system actor (e.g. <see cref="SystemActor.Billing"/>).</param>
    /// <param name="newPlanLimit">The new P, 0 or more.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when P is unchanged), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ChangePlanLimitOutcome ChangePlanLimit(Actor actor, int newPlanLimit, Instant now)
    {
        if (Deny(actor, Permission.ChangePlan, out var who) is { } denied) return denied;
        if (newPlanLimit < 0) return new InvalidMaxConcurrentCalls(newPlanLimit);
        if (newPlanLimit == PlanLimit) return default(Success);

        var from = PlanLimit;
        _environments.ChangePlanLimit(newPlanLimit);
        Record(new PlanLimitChanged(Id, now, from, newPlanLimit, _environments.Allocation.Allocated));
        Changed(who);
        return default(Success);
    }

    /// <summary>
    /// Proposes a fair reduction for an over-allocated account (R12; see
    /// <see cref="ConcurrencyAllocation.ProposeRebalance"/> for the rounding). When the account fits its plan the
    /// proposal changes nothing. Read-only: nothing changes until an Admin applies it.
    /// </summary>
    /// <param name="viewer">The user asking (any member may look), or a system actor allowed to view environments.</param>
    /// <returns>The proposal, tied to the current <see cref="Version"/>, or <see cref="NotPermitted"/> for a user who is not a member.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ViewOutcome<RebalanceProposal> ProposeRebalance(Actor viewer)
    {
        if (Deny(viewer, Permission.ViewEnvironments) is { } denied) return denied;
        return ProposeRebalance();
    }

    // The proposal itself, without a viewer: for ApplyRebalance's own comparison and for tests.
    internal RebalanceProposal ProposeRebalance() => new(Version, PlanLimit, _environments.Allocation.ProposeRebalance());

    /// <summary>
    /// Applies a rebalance proposal in one step (Admin only, R12). Refused when the account changed since the
    /// proposal was made, so an admin never applies numbers computed from a state they did not see.
    /// </summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="proposal">A proposal from <see cref="ProposeRebalance(Actor)"/>.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success, or why it was refused.</returns>
    /// <exception cref="ArgumentException">The proposal was not made by this account's <see cref="ProposeRebalance(Actor)"/> (built by hand, or another account's).</exception>
    public ApplyRebalanceOutcome ApplyRebalance(Actor actor, RebalanceProposal proposal, Instant now)
    {
        Guard.Against.Null(proposal);
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        if (proposal.AccountVersion != Version) return new StaleRebalanceProposal(proposal.AccountVersion, Version);

        // Same version = same environments and limits, so a genuine proposal equals a fresh one. Anything else
        // (hand-built lines, another account's) could raise limits past the plan (R10) or name unknown environments.
        var fresh = ProposeRebalance().Lines;
        Guard.Against.InvalidInput(proposal, nameof(proposal), p => p.PlanLimit == PlanLimit && p.Lines.SequenceEqual(fresh), "The proposal was not made by this account's ProposeRebalance.");
        ApplyLimits(fresh.ToDictionary(line => line.Environment, line => line.Proposed), now, who);
        return default(Success);
    }

    private void ApplyLimits(IReadOnlyDictionary<EnvironmentId, int> targets, Instant now, RecordedActor who)
    {
        var changes = new List<LimitChange>();
        foreach (var (environment, limit) in targets)
        {
            var target = _environments[environment];
            if (target.MaxConcurrentCalls.Value == limit) continue;
            changes.Add(new LimitChange(environment, target.Name.Value, target.MaxConcurrentCalls.Value, limit));
            _environments.SetLimit(target, MaxConcurrentCallsOf(limit));
        }
        if (changes.Count == 0) return;
        Record(new AllocationChanged(Id, now, changes, _environments.Allocation.Allocated, PlanLimit));
        Changed(who);
    }
}

/// <summary>A proposed fair reduction of an over-allocated account (R12), to be applied with <see cref="Account.ApplyRebalance"/>.</summary>
/// <param name="AccountVersion">The account version it was computed from.</param>
/// <param name="PlanLimit">The plan limit it fits.</param>
/// <param name="Lines">Each environment's current and proposed limit.</param>
public sealed record RebalanceProposal(long AccountVersion, int PlanLimit, IReadOnlyList<RebalanceLine> Lines)
{
    /// <summary>Whether applying it would change any environment.</summary>
    public bool ChangesAnything => Lines.Any(line => line.Proposed != line.Current);

    /// <summary>The sum of the proposed limits.</summary>
    public int ProposedTotal => Lines.Sum(line => line.Proposed);
}
