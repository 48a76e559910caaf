using System.Collections.Immutable;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// One Settings-page action. <see cref="Run"/> is the model's prediction; <see cref="Execute"/> performs it on the
/// aggregate; <see cref="Check"/> compares the two and checks the invariants (see <see cref="AccountInvariants"/>).
/// </summary>
public abstract class AccountOperation(Actor actor) : Operation<AccountUnderTest, AccountModel>
{
    public static readonly Instant Later = TestAccounts.Now + Duration.FromDays(1);

    public Actor Actor { get; } = actor;

    /// <summary>Only a plan change may leave the account over-allocated where it was not (R12).</summary>
    public virtual bool IsPlanChange => false;

    /// <summary>Performs the action on the aggregate: its refusal, or <c>null</c> when it succeeded.</summary>
    public abstract DomainError? Execute(AccountUnderTest actual);

    public override AccountModel Run(AccountModel model)
    {
        var after = Actor == Actor.Admin || !NeedsAdmin ? Predict(model) : model.Refuse(AccountModel.NotPermitted); // R3
        return after with { Before = model with { Before = null } };
    }

    public override Property Check(AccountUnderTest actual, AccountModel model) => AccountInvariants.Check(this, actual, model);

    /// <summary>The edge cases this operation hit, for <c>Classify</c>; <paramref name="before"/> is the model it ran on.</summary>
    public virtual IEnumerable<string> Edges(AccountModel before, AccountModel after)
    {
        if (after.Last.Code == AccountModel.NotPermitted) yield return "non-admin refused (R3)";
    }

    protected virtual bool NeedsAdmin => true;

    protected abstract AccountModel Predict(AccountModel model);
}

public sealed class CreateEnvironmentOperation(Actor actor, int slot, string name, int limit) : AccountOperation(actor)
{
    public int Slot => slot;

    public override bool Pre(AccountModel model) => model.Find(slot) is null && !model.DeletedSlots.Contains(slot);

    public override AccountModel Run(AccountModel model) => base.Run(model) with { NextSlot = Math.Max(model.NextSlot, slot + 1) };

    protected override AccountModel Predict(AccountModel model)
    {
        if (AccountModel.ValidName(name) is not { } valid) return model.Refuse(AccountModel.NameInvalid);
        if (model.IsNameTaken(valid, -1)) return model.Refuse(AccountModel.NameTaken);
        if (limit < 0) return model.Refuse(AccountModel.InvalidLimit);
        if (limit > 0 && model.Allocated + limit > model.PlanLimit) return model.Refuse(AccountModel.ExceedsPlan); // R10, R12
        return model.Change(m => m with { Environments = m.Environments.Add(new ModelEnvironment(slot, valid, limit, false)) }, nameof(EnvironmentCreated));
    }

    public override DomainError? Execute(AccountUnderTest actual)
    {
        var result = actual.Account.CreateEnvironment(AccountUnderTest.UserOf(Actor), name, limit, AccountUnderTest.CreatedAt(slot), new SeededSecretGenerator(1000 + slot));
        if (result.TryGetValue(out var created, out var refusal)) actual.Slots[slot] = created.Environment;
        return refusal;
    }

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after) =>
        base.Edges(before, after).Concat(LimitEdges.Of(limit, 0, before)).Concat(NameEdges.Of(after));

    public override string ToString() => $"{Actor}: create #{slot} '{name}' m={limit}";
}

public sealed class EditEnvironmentOperation(Actor actor, int slot, string? newName, int? newLimit) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model)
    {
        if (model.Find(slot) is not { } target) return model.Refuse(AccountModel.NotFound);
        var name = target.Name;
        if (newName is not null)
        {
            if (AccountModel.ValidName(newName) is not { } valid) return model.Refuse(AccountModel.NameInvalid);
            if (model.IsNameTaken(valid, slot)) return model.Refuse(AccountModel.NameTaken); // R2
            name = valid;
        }
        var limit = target.Limit;
        if (newLimit is { } requested)
        {
            if (requested < 0) return model.Refuse(AccountModel.InvalidLimit); // R9
            if (requested > target.Limit && model.Allocated - target.Limit + requested > model.PlanLimit) return model.Refuse(AccountModel.ExceedsPlan); // R10, R12
            limit = requested;
        }
        var events = new List<string>();
        if (!string.Equals(name, target.Name, StringComparison.Ordinal)) events.Add(nameof(EnvironmentRenamed));
        if (limit != target.Limit) events.Add(nameof(AllocationChanged));
        return events.Count == 0 ? model.Unchanged() : model.Change(m => m.Replace(target with { Name = name, Limit = limit }), [.. events]);
    }

    public override DomainError? Execute(AccountUnderTest actual) =>
        actual.Account.EditEnvironment(AccountUnderTest.UserOf(Actor), actual.IdOf(slot), newName, newLimit, Later).Error;

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after) =>
        base.Edges(before, after)
            .Concat(newLimit is { } l && before.Find(slot) is { } t ? LimitEdges.Of(l, t.Limit, before) : [])
            .Concat(NameEdges.Of(after));

    public override string ToString() => $"{Actor}: edit #{slot} name={(newName is null ? "-" : $"'{newName}'")} m={(newLimit?.ToString() ?? "-")}";
}

public sealed class HideEnvironmentOperation(Actor actor, int slot) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model)
    {
        if (model.Find(slot) is not { } target) return model.Refuse(AccountModel.NotFound);
        if (target.Hidden) return model.Unchanged();
        if (model.VisibleCount == 1) return model.Refuse(AccountModel.LastVisible); // R5
        return model.Change(m => m.Replace(target with { Hidden = true }), nameof(EnvironmentHidden));
    }

    public override DomainError? Execute(AccountUnderTest actual) => actual.Account.HideEnvironment(AccountUnderTest.UserOf(Actor), actual.IdOf(slot), Later).Error;

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after) =>
        base.Edges(before, after).Concat(after.Last.Code == AccountModel.LastVisible ? ["hide of the last visible refused (R5)"] : []);

    public override string ToString() => $"{Actor}: hide #{slot}";
}

public sealed class UnhideEnvironmentOperation(Actor actor, int slot) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model)
    {
        if (model.Find(slot) is not { } target) return model.Refuse(AccountModel.NotFound);
        if (!target.Hidden) return model.Unchanged();
        return model.Change(m => m.Replace(target with { Hidden = false }), nameof(EnvironmentUnhidden));
    }

    public override DomainError? Execute(AccountUnderTest actual) => actual.Account.UnhideEnvironment(AccountUnderTest.UserOf(Actor), actual.IdOf(slot), Later).Error;

    public override string ToString() => $"{Actor}: unhide #{slot}";
}

public sealed class DeleteEnvironmentOperation(Actor actor, int slot, string? confirmation) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model)
    {
        if (model.Find(slot) is not { } target) return model.Refuse(AccountModel.NotFound);
        if (!string.Equals(confirmation?.Trim(), target.Name, StringComparison.OrdinalIgnoreCase)) return model.Refuse(AccountModel.NotConfirmed); // R6
        if (!target.Hidden && model.VisibleCount == 1) return model.Refuse(AccountModel.LastVisible); // R5
        return model.Change(m => m with { Environments = m.Environments.Remove(target), DeletedSlots = m.DeletedSlots.Add(slot) }, nameof(EnvironmentDeleted));
    }

    public override DomainError? Execute(AccountUnderTest actual) =>
        actual.Account.DeleteEnvironment(AccountUnderTest.UserOf(Actor), actual.IdOf(slot), confirmation, Later).Error;

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after) =>
        base.Edges(before, after).Concat(after.Last.Code switch
        {
            AccountModel.LastVisible => ["delete of the last visible refused (R5)"],
            AccountModel.NotConfirmed => ["delete with a wrong confirmation refused (R6)"],
            Outcome.Ok => ["delete accepted (R6)"],
            _ => [],
        });

    public override string ToString() => $"{Actor}: delete #{slot} typing {(confirmation is null ? "null" : $"'{confirmation}'")}";
}

public sealed class ReallocateOperation(Actor actor, ImmutableArray<(int Slot, int Limit)> targets) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model)
    {
        foreach (var (slot, limit) in targets)
        {
            if (model.Find(slot) is null) return model.Refuse(AccountModel.NotFound);
            if (limit < 0) return model.Refuse(AccountModel.InvalidLimit); // R9
        }
        var raises = targets.Any(t => t.Limit > model.Find(t.Slot)!.Limit);
        var sum = model.Allocated + targets.Sum(t => t.Limit - model.Find(t.Slot)!.Limit);
        if (raises && sum > model.PlanLimit) return model.Refuse(AccountModel.ReallocationExceedsPlan); // R10, R11, R12
        var changed = targets.Where(t => t.Limit != model.Find(t.Slot)!.Limit).ToArray();
        if (changed.Length == 0) return model.Unchanged();
        return model.Change(m => changed.Aggregate(m, (acc, t) => acc.Replace(acc.Find(t.Slot)! with { Limit = t.Limit })), nameof(AllocationChanged));
    }

    public override DomainError? Execute(AccountUnderTest actual)
    {
        var byId = new Dictionary<EnvironmentId, int>();
        foreach (var (slot, limit) in targets) byId[actual.IdOf(slot)] = limit;
        return actual.Account.Reallocate(AccountUnderTest.UserOf(Actor), byId, Later).Error;
    }

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after)
    {
        foreach (var edge in base.Edges(before, after)) yield return edge;
        if (after.Last.Code == AccountModel.ReallocationExceedsPlan) yield return "reallocation refused as a whole (R11)";
        if (before.IsOverAllocated && !after.Last.IsRefused && !after.IsOverAllocated) yield return "reallocation ended over-allocation (R12)";
    }

    public override string ToString() => $"{Actor}: reallocate {string.Join(", ", targets.Select(t => $"#{t.Slot}={t.Limit}"))}";
}

public sealed class ChangePlanOperation(Actor actor, int newPlanLimit) : AccountOperation(actor)
{
    public override bool IsPlanChange => true;

    protected override AccountModel Predict(AccountModel model)
    {
        if (newPlanLimit < 0) return model.Refuse(AccountModel.InvalidLimit); // R8
        if (newPlanLimit == model.PlanLimit) return model.Unchanged();
        return model.Change(m => m with { PlanLimit = newPlanLimit }, nameof(PlanLimitChanged)); // R12: never refused
    }

    public override DomainError? Execute(AccountUnderTest actual) => actual.Account.ChangePlanLimit(AccountUnderTest.UserOf(Actor), newPlanLimit, Later).Error;

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after)
    {
        foreach (var edge in base.Edges(before, after)) yield return edge;
        if (!before.IsOverAllocated && after.IsOverAllocated) yield return "plan decrease over-allocated the account (R12)";
    }

    public override string ToString() => $"{Actor}: change plan to {newPlanLimit}";
}

/// <summary>Proposes a rebalance and applies it at once (R12).</summary>
public sealed class RebalanceOperation(Actor actor) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model) => Rebalance(model);

    public static AccountModel Rebalance(AccountModel model)
    {
        var rebalanced = model.Rebalanced();
        return rebalanced.SequenceEqual(model.Environments)
            ? model.Unchanged()
            : model.Change(m => m with { Environments = rebalanced }, nameof(AllocationChanged));
    }

    public override DomainError? Execute(AccountUnderTest actual) =>
        actual.Account.ApplyRebalance(AccountUnderTest.UserOf(Actor), actual.Account.ProposeRebalance(), Later).Error;

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after) =>
        base.Edges(before, after).Concat(before.IsOverAllocated && !after.Last.IsRefused ? ["rebalance applied while over-allocated (R12)"] : []);

    public override string ToString() => $"{Actor}: propose and apply a rebalance";
}

/// <summary>Proposes a rebalance and keeps it (read-only: any member's view) to apply later.</summary>
public sealed class HoldProposalOperation() : AccountOperation(Actor.Admin)
{
    protected override bool NeedsAdmin => false;

    protected override AccountModel Predict(AccountModel model) => model.Unchanged() with { HeldProposalVersion = model.Version };

    public override DomainError? Execute(AccountUnderTest actual)
    {
        actual.HeldProposal = actual.Account.ProposeRebalance();
        return null;
    }

    public override string ToString() => "propose a rebalance and hold it";
}

/// <summary>Applies the held proposal: stale if the account changed since (R12).</summary>
public sealed class ApplyHeldProposalOperation(Actor actor) : AccountOperation(actor)
{
    public override bool Pre(AccountModel model) => model.HeldProposalVersion is not null;

    protected override AccountModel Predict(AccountModel model) =>
        model.HeldProposalVersion != model.Version ? model.Refuse(AccountModel.StaleProposal) : RebalanceOperation.Rebalance(model);

    public override DomainError? Execute(AccountUnderTest actual) =>
        actual.Account.ApplyRebalance(AccountUnderTest.UserOf(Actor), actual.HeldProposal!, Later).Error;

    public override IEnumerable<string> Edges(AccountModel before, AccountModel after) =>
        base.Edges(before, after).Concat(after.Last.Code == AccountModel.StaleProposal ? ["stale proposal refused (R12)"] : []);

    public override string ToString() => $"{Actor}: apply the held proposal";
}

/// <summary>Rotates an environment's key (R3: Admin only). The model tracks only that it happened.</summary>
public sealed class RotateKeyOperation(Actor actor, int slot, Duration grace, int seed) : AccountOperation(actor)
{
    protected override AccountModel Predict(AccountModel model)
    {
        if (model.Find(slot) is null) return model.Refuse(AccountModel.NotFound);
        if (grace < Duration.Zero || grace > Account.MaxApiKeyGracePeriod) return model.Refuse(AccountModel.InvalidGracePeriod);
        return model.Change(m => m, nameof(ApiKeyRotated));
    }

    public override DomainError? Execute(AccountUnderTest actual) =>
        actual.Account.RotateApiKey(AccountUnderTest.UserOf(Actor), actual.IdOf(slot), grace, Later, new SeededSecretGenerator(seed)).Error;

    public override string ToString() => $"{Actor}: rotate the key of #{slot} with grace {grace}";
}

/// <summary>The limit edges an operation hit (R9, R10, R12), named for <c>Classify</c>.</summary>
public static class LimitEdges
{
    public static IEnumerable<string> Of(int requested, int current, AccountModel before)
    {
        var allowed = current + before.Unallocated;
        if (requested < 0) yield return "limit negative (R9)";
        if (requested == 0) yield return "limit 0 (R9)";
        if (requested == before.PlanLimit) yield return "limit = P (R9)";
        if (requested == before.PlanLimit + 1) yield return "limit = P + 1 (R9)";
        if (requested == allowed && requested > current) yield return "raise to exactly the allowed limit (R10)";
        if (requested == allowed + 1) yield return "raise to one above the allowed limit (R10)";
        if (before.IsOverAllocated && requested > current) yield return "raise while over-allocated (R12)";
    }
}

/// <summary>The name edges an operation hit (R2).</summary>
public static class NameEdges
{
    public static IEnumerable<string> Of(AccountModel after)
    {
        if (after.Last.Code == AccountModel.NameTaken) yield return "name taken ignoring case or spaces (R2)";
        if (after.Last.Code == AccountModel.NameInvalid) yield return "invalid name (R2)";
    }
}
