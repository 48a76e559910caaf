using System.Collections.Immutable;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using static Fluents.Settings.Testing.TestParts;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// Model-based test of <see cref="EnvironmentRoster"/> alone: random sequences of add, remove, rename, hide, unhide,
/// limit and plan changes, each asked of the roster's rules first as the account does (R2, R5), against a model that
/// is a plain list. After every step every index agrees with the model: ids, the name index (asked for every name of
/// the pool, in every case), the visible count, and the allocation's limits and sum.
/// </summary>
public class EnvironmentRosterProperties
{
    [Property(MaxTest = 300, EndSize = 60)]
    public Property Roster_AfterEveryStep_KeepsItsIndexesInStepWithTheModel_R2_R5_R10() => new EnvironmentRosterMachine().ToProperty();
}

/// <summary>An environment in the model: its trimmed name, its limit and whether it is hidden.</summary>
internal sealed record RosterEnvironment(string Name, int Limit, bool Hidden);

/// <summary>The model: environments by slot (a slot's id is <see cref="TestParts.EnvironmentNumber"/>), the plan, and what the last step should have returned.</summary>
internal sealed record EnvironmentRosterModel(int PlanLimit, ImmutableSortedDictionary<int, RosterEnvironment> Environments, int NextSlot, string Expected)
{
    public const string Ok = "ok";
    public const string NotFound = "not found";

    /// <summary>Names as typed: equal ignoring case and surrounding spaces in groups, so that R2 is met often.</summary>
    public static readonly string[] Names = ["default", "Default", " DEFAULT ", "staging", "Staging", "b", "B", " b", "été", "ÉTÉ", "c"];

    public int Visible => Environments.Values.Count(e => !e.Hidden);

    // The model's own idea of "the same name" (R2): trimmed, case ignored. Independent of EnvironmentName.Comparer.
    public static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public bool NameTaken(string name, int? except = null) => Environments.Any(e => e.Key != except && SameName(e.Value.Name, name));

    public EnvironmentRosterModel Refused(string error) => this with { Expected = error };

    public EnvironmentRosterModel With(int slot, RosterEnvironment environment) =>
        this with { Environments = Environments.SetItem(slot, environment), Expected = Ok };
}

internal sealed class EnvironmentRosterMachine : Machine<EnvironmentRoster, EnvironmentRosterModel>
{
    private static readonly Gen<string> AnyName = Gen.Elements(EnvironmentRosterModel.Names);

    private static readonly Gen<int> AnyLimit = Gen.Frequency((3, Gen.Choose(0, 3)), (1, Gen.Choose(0, 50)));

    public override Arbitrary<Setup<EnvironmentRoster, EnvironmentRosterModel>> Setup =>
        Gen.Choose(0, 20)
            .Select(plan => StateMachine.Setup(
                () =>
                {
                    var roster = new EnvironmentRoster(plan);
                    roster.Add(AnEnvironment(0, "default", plan));
                    return roster;
                },
                () => new EnvironmentRosterModel(plan, ImmutableSortedDictionary<int, RosterEnvironment>.Empty.Add(0, new RosterEnvironment("default", plan, false)), 1, EnvironmentRosterModel.Ok)))
            .ToArbitrary();

    public override Gen<Operation<EnvironmentRoster, EnvironmentRosterModel>> Next(EnvironmentRosterModel model) =>
        Gen.Frequency(
            (4, from name in AnyName from limit in AnyLimit from hidden in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
                select Step(new AddEnvironmentStep(model.NextSlot, name, limit, hidden))),
            (2, from slot in Slot(model) select Step(new RemoveEnvironmentStep(slot))),
            (3, from slot in Slot(model) from name in AnyName select Step(new RenameEnvironmentStep(slot, name))),
            (3, from slot in Slot(model) select Step(new HideEnvironmentStep(slot))),
            (2, from slot in Slot(model) select Step(new UnhideEnvironmentStep(slot))),
            (3, from slot in Slot(model) from limit in AnyLimit select Step(new SetLimitStep(slot, limit))),
            (1, from plan in Gen.Choose(0, 60) select Step(new ChangePlanStep(plan))));

    private static Operation<EnvironmentRoster, EnvironmentRosterModel> Step(EnvironmentRosterStep step) => step;

    /// <summary>Mostly an environment that exists, sometimes one that was removed (or never was).</summary>
    private static Gen<int> Slot(EnvironmentRosterModel model) =>
        Gen.Frequency((6, Gen.Elements(model.Environments.Keys.ToArray())), (1, Gen.Choose(0, model.NextSlot)));
}

/// <summary>One step: its effect on the model (<see cref="Operation{TActual,TModel}.Run"/>), then on the roster after asking its rules, then every index against the model.</summary>
internal abstract class EnvironmentRosterStep : Operation<EnvironmentRoster, EnvironmentRosterModel>
{
    /// <summary>Asks the roster's rules as the account does, and makes the change only when they allow it; returns the outcome's name.</summary>
    protected abstract string Act(EnvironmentRoster roster);

    public override Property Check(EnvironmentRoster roster, EnvironmentRosterModel model)
    {
        var outcome = Act(roster);
        var failures = new List<string>();
        if (outcome != model.Expected) failures.Add($"returned {outcome} but the model expected {model.Expected}");
        failures.AddRange(Disagreements(roster, model));
        return (failures.Count == 0).Label($"after {this}: {string.Join("; ", failures)}");
    }

    protected static string Outcome(object? refusal) => refusal?.GetType().Name ?? EnvironmentRosterModel.Ok;

    private static IEnumerable<string> Disagreements(EnvironmentRoster roster, EnvironmentRosterModel model)
    {
        if (roster.Count != model.Environments.Count) yield return $"{roster.Count} environments, model {model.Environments.Count}";
        if (roster.VisibleCount != model.Visible) yield return $"{roster.VisibleCount} visible, model {model.Visible}";
        if (roster.Values.Count(e => !e.Hidden) != roster.VisibleCount) yield return "the visible count is not the number of visible environments";

        var allocation = roster.Allocation;
        if (allocation.PlanLimit != model.PlanLimit) yield return $"plan {allocation.PlanLimit}, model {model.PlanLimit}";
        if (allocation.Limits.Count != model.Environments.Count) yield return $"{allocation.Limits.Count} limits in the allocation, model {model.Environments.Count}";
        var sum = model.Environments.Values.Sum(e => e.Limit);
        if (allocation.Allocated != sum) yield return $"allocated {allocation.Allocated}, model {sum}";

        for (var slot = 0; slot <= model.NextSlot; slot++)
        {
            var id = EnvironmentNumber(slot);
            var found = roster.Find(id);
            if (!model.Environments.TryGetValue(slot, out var wanted))
            {
                if (found is not null || roster.Contains(id) || allocation.Limits.ContainsKey(id)) yield return $"#{slot} is still there";
                continue;
            }
            if (found is null || !roster.Contains(id))
            {
                yield return $"#{slot} is missing";
                continue;
            }
            if (found.Name.Value != wanted.Name.Trim() || found.MaxConcurrentCalls.Value != wanted.Limit || found.Hidden != wanted.Hidden)
                yield return $"#{slot} is {found.Name} {found.MaxConcurrentCalls.Value} hidden={found.Hidden}, model {wanted}";
            if (allocation.Limits.GetValueOrDefault(id, -1) != wanted.Limit) yield return $"#{slot}'s limit in the allocation is {allocation.Limits.GetValueOrDefault(id, -1)}, model {wanted.Limit}";

            // R2: an environment may keep its own name; R5: only the last visible one must stay.
            if (roster.NameStaysUnique(found.Name, id) is not null) yield return $"#{slot} may not keep its own name";
            var mustStay = !wanted.Hidden && model.Visible == 1;
            if ((roster.LastVisibleEnvironmentStays(found) is not null) != mustStay) yield return $"#{slot}: last visible is {!mustStay}, model {mustStay}";
        }

        // R2: the name index answers for every spelling exactly as the model does.
        foreach (var name in EnvironmentRosterModel.Names)
        {
            var taken = roster.NameStaysUnique(Name(name)) is not null;
            if (taken != model.NameTaken(name)) yield return $"'{name}' taken is {taken}, model {model.NameTaken(name)}";
        }
    }
}

internal sealed class AddEnvironmentStep(int slot, string name, int limit, bool hidden) : EnvironmentRosterStep
{
    public override bool Pre(EnvironmentRosterModel model) => !model.Environments.ContainsKey(slot);

    public override EnvironmentRosterModel Run(EnvironmentRosterModel model) =>
        model.NameTaken(name)
            ? model.Refused(nameof(EnvironmentNameTaken)) with { NextSlot = Math.Max(model.NextSlot, slot + 1) }
            : model.With(slot, new RosterEnvironment(name.Trim(), limit, hidden)) with { NextSlot = Math.Max(model.NextSlot, slot + 1) };

    protected override string Act(EnvironmentRoster roster)
    {
        if (roster.NameStaysUnique(Name(name)) is { } taken) return Outcome(taken);
        roster.Add(AnEnvironment(slot, name, limit, hidden));
        return Outcome(null);
    }

    public override string ToString() => $"add #{slot} '{name}' {limit}{(hidden ? " hidden" : "")}";
}

internal sealed class RemoveEnvironmentStep(int slot) : EnvironmentRosterStep
{
    public override EnvironmentRosterModel Run(EnvironmentRosterModel model)
    {
        if (!model.Environments.TryGetValue(slot, out var target)) return model.Refused(EnvironmentRosterModel.NotFound);
        if (!target.Hidden && model.Visible == 1) return model.Refused(nameof(LastVisibleEnvironment));
        return model with { Environments = model.Environments.Remove(slot), Expected = EnvironmentRosterModel.Ok };
    }

    protected override string Act(EnvironmentRoster roster)
    {
        if (!roster.TryGet(EnvironmentNumber(slot), out var target)) return EnvironmentRosterModel.NotFound;
        if (roster.LastVisibleEnvironmentStays(target) is { } refused) return Outcome(refused);
        roster.Remove(target);
        return Outcome(null);
    }

    public override string ToString() => $"remove #{slot}";
}

internal sealed class RenameEnvironmentStep(int slot, string name) : EnvironmentRosterStep
{
    public override EnvironmentRosterModel Run(EnvironmentRosterModel model)
    {
        if (!model.Environments.TryGetValue(slot, out var target)) return model.Refused(EnvironmentRosterModel.NotFound);
        if (model.NameTaken(name, except: slot)) return model.Refused(nameof(EnvironmentNameTaken));
        return model.With(slot, target with { Name = name.Trim() });
    }

    protected override string Act(EnvironmentRoster roster)
    {
        if (!roster.TryGet(EnvironmentNumber(slot), out var target)) return EnvironmentRosterModel.NotFound;
        if (roster.NameStaysUnique(Name(name), target.Id) is { } taken) return Outcome(taken);
        roster.Rename(target, Name(name));
        return Outcome(null);
    }

    public override string ToString() => $"rename #{slot} to '{name}'";
}

internal sealed class HideEnvironmentStep(int slot) : EnvironmentRosterStep
{
    public override EnvironmentRosterModel Run(EnvironmentRosterModel model)
    {
        if (!model.Environments.TryGetValue(slot, out var target)) return model.Refused(EnvironmentRosterModel.NotFound);
        if (!target.Hidden && model.Visible == 1) return model.Refused(nameof(LastVisibleEnvironment));
        return model.With(slot, target with { Hidden = true });
    }

    // As the account: hiding a hidden environment changes nothing and is no refusal.
    protected override string Act(EnvironmentRoster roster)
    {
        if (!roster.TryGet(EnvironmentNumber(slot), out var target)) return EnvironmentRosterModel.NotFound;
        if (target.Hidden) return Outcome(null);
        if (roster.LastVisibleEnvironmentStays(target) is { } refused) return Outcome(refused);
        roster.Hide(target);
        return Outcome(null);
    }

    public override string ToString() => $"hide #{slot}";
}

internal sealed class UnhideEnvironmentStep(int slot) : EnvironmentRosterStep
{
    public override EnvironmentRosterModel Run(EnvironmentRosterModel model) =>
        model.Environments.TryGetValue(slot, out var target) ? model.With(slot, target with { Hidden = false }) : model.Refused(EnvironmentRosterModel.NotFound);

    protected override string Act(EnvironmentRoster roster)
    {
        if (!roster.TryGet(EnvironmentNumber(slot), out var target)) return EnvironmentRosterModel.NotFound;
        roster.Unhide(target);
        return Outcome(null);
    }

    public override string ToString() => $"unhide #{slot}";
}

internal sealed class SetLimitStep(int slot, int limit) : EnvironmentRosterStep
{
    public override EnvironmentRosterModel Run(EnvironmentRosterModel model) =>
        model.Environments.TryGetValue(slot, out var target) ? model.With(slot, target with { Limit = limit }) : model.Refused(EnvironmentRosterModel.NotFound);

    // The allocation's own rule (R10) is ConcurrencyAllocation's and tested there; here any limit goes, to test the sum.
    protected override string Act(EnvironmentRoster roster)
    {
        if (!roster.TryGet(EnvironmentNumber(slot), out var target)) return EnvironmentRosterModel.NotFound;
        roster.SetLimit(target, MaxConcurrentCalls.Create(limit).AsT0);
        return Outcome(null);
    }

    public override string ToString() => $"limit #{slot} to {limit}";
}

internal sealed class ChangePlanStep(int plan) : EnvironmentRosterStep
{
    public override EnvironmentRosterModel Run(EnvironmentRosterModel model) => model with { PlanLimit = plan, Expected = EnvironmentRosterModel.Ok };

    protected override string Act(EnvironmentRoster roster)
    {
        roster.ChangePlanLimit(plan);
        return Outcome(null);
    }

    public override string ToString() => $"plan {plan}";
}
