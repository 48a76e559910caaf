using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// Generators for model-based runs. They aim at the edges on purpose: limits 0, P, P + 1, exactly the allowed
/// limit and one above it, negative ones; names that differ from existing ones only by case or spaces; hiding and
/// deleting the last visible environment; plan changes to just below and above the sum; non-admin actors.
/// </summary>
public static class AccountGenerators
{
    private static readonly string[] StartingNames = ["default", "Staging", "prod", "QA"];
    private static readonly string[] CommonNames = ["default", "staging", "Prod", "qa", "eu-west"];
    private static readonly string[] InvalidNames = ["", "   ", "tab\tname", "new\nline", new string('n', 65)];

    public static Gen<Actor> Actors { get; } =
        Gen.Frequency((8, Gen.Constant(Actor.Admin)), (1, Gen.Constant(Actor.Member)), (1, Gen.Constant(Actor.Stranger)));

    /// <summary>A plan and 1–4 environments; three times in four they fit the plan, otherwise they may be over-allocated.</summary>
    public static Gen<StartingPoint> StartingPoints() =>
        from plan in Gen.Frequency((3, Gen.Elements(0, 1, 2, 3, 10, 40)), (2, Gen.Choose(0, 60)))
        from count in Gen.Choose(1, StartingNames.Length)
        from limits in Gen.Frequency((3, FittingLimits(plan, count)), (1, Gen.Choose(0, plan + 5).ArrayOf(count)))
        from hidden in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))).ArrayOf(count)
        let allHidden = hidden.All(h => h)
        select new StartingPoint(plan, [.. Enumerable.Range(0, count).Select(slot =>
            // R5 for the starting point: if every environment was drawn hidden, default stays visible.
            new ModelEnvironment(slot, StartingNames[slot], limits[slot], hidden[slot] && !(allHidden && slot == 0)))]);

    private static Gen<int[]> FittingLimits(int remaining, int count) =>
        count == 0
            ? Gen.Constant(Array.Empty<int>())
            : from first in Gen.Frequency((2, Gen.Constant(remaining)), (1, Gen.Constant(0)), (3, Gen.Choose(0, remaining)))
              from rest in FittingLimits(remaining - first, count - 1)
              select (int[])[first, .. rest];

    public static Gen<AccountOperation> Operation(AccountModel model)
    {
        var choices = new List<(int, Gen<AccountOperation>)>
        {
            (4, Create(model)),
            (6, Edit(model)),
            (3, Hide(model)),
            (2, Unhide(model)),
            (3, Delete(model)),
            (5, Reallocate(model)),
            (3, ChangePlan(model)),
            (1, Actors.Select(actor => (AccountOperation)new RebalanceOperation(actor))),
            (1, Gen.Constant((AccountOperation)new HoldProposalOperation())),
            (1, Rotate(model)),
        };
        if (model.HeldProposalVersion is not null) choices.Add((2, Actors.Select(actor => (AccountOperation)new ApplyHeldProposalOperation(actor))));
        return Gen.Frequency([.. choices]);
    }

    /// <summary>A limit around the edges for an environment that holds <paramref name="current"/> now.</summary>
    public static Gen<int> Limits(AccountModel model, int current)
    {
        var allowed = current + model.Unallocated;
        var plan = model.PlanLimit;
        return Gen.Frequency(
            (6, Gen.Elements(0, allowed, allowed + 1, plan, plan + 1, current, Math.Max(0, current - 1), current + 1)),
            (2, Gen.Choose(0, plan)),
            (1, Gen.Constant(-1)));
    }

    /// <summary>The same name as typed differently: other case, surrounding spaces or a tab.</summary>
    public static Gen<string> Variants(string name) =>
        Gen.Elements(name, name.ToUpperInvariant(), name.ToLowerInvariant(), $"  {name} ", $"{name}\t", $" {name.ToUpperInvariant()}");

    public static Gen<string> Names(AccountModel model)
    {
        var existing = model.Environments.Select(e => e.Name).ToArray();
        return Gen.Frequency(
            (3, Gen.Elements(CommonNames)),
            (3, Gen.Elements(existing).SelectMany(Variants)),
            (3, Gen.Constant($"env{model.NextSlot}")),
            (1, Gen.Elements(InvalidNames)),
            (1, Gen.Constant(" " + new string('x', 63) + model.NextSlot % 10 + " ")));
    }

    /// <summary>Mostly a live environment; sometimes a deleted one or one that never existed (-1).</summary>
    public static Gen<int> Targets(AccountModel model, Func<ModelEnvironment, bool>? preferred = null)
    {
        var live = model.Environments.Select(e => e.Slot).ToArray();
        var favourites = model.Environments.Where(preferred ?? (_ => true)).Select(e => e.Slot).ToArray();
        var choices = new List<(int, Gen<int>)> { (6, Gen.Elements(live)), (1, Gen.Constant(-1)) };
        if (favourites.Length > 0) choices.Add((6, Gen.Elements(favourites)));
        if (!model.DeletedSlots.IsEmpty) choices.Add((1, Gen.Elements(model.DeletedSlots.ToArray())));
        return Gen.Frequency([.. choices]);
    }

    private static Gen<AccountOperation> Create(AccountModel model) =>
        from actor in Actors
        from name in Names(model)
        from limit in Limits(model, 0)
        select (AccountOperation)new CreateEnvironmentOperation(actor, model.NextSlot, name, limit);

    private static Gen<AccountOperation> Edit(AccountModel model) =>
        from actor in Actors
        from slot in Targets(model)
        from what in Gen.Frequency((3, Gen.Constant("limit")), (2, Gen.Constant("name")), (1, Gen.Constant("both")), (1, Gen.Constant("neither")))
        from name in Names(model)
        from limit in Limits(model, model.Find(slot)?.Limit ?? 0)
        select (AccountOperation)new EditEnvironmentOperation(
            actor, slot, what is "name" or "both" ? name : null, what is "limit" or "both" ? limit : null);

    private static Gen<AccountOperation> Hide(AccountModel model) =>
        from actor in Actors
        from slot in Targets(model, e => !e.Hidden)
        select (AccountOperation)new HideEnvironmentOperation(actor, slot);

    private static Gen<AccountOperation> Unhide(AccountModel model) =>
        from actor in Actors
        from slot in Targets(model, e => e.Hidden)
        select (AccountOperation)new UnhideEnvironmentOperation(actor, slot);

    private static Gen<AccountOperation> Delete(AccountModel model) =>
        from actor in Actors
        from slot in Targets(model)
        let name = model.Find(slot)?.Name ?? "ghost"
        from confirmation in Gen.Frequency(
            (4, Gen.Constant<string?>(name)),
            (2, Variants(name).Select(v => (string?)v)),
            (2, Gen.Elements<string?>(null, "", name + "x", name[..^1])),
            (1, Gen.Elements(model.Environments.Select(e => (string?)e.Name).ToArray())))
        select (AccountOperation)new DeleteEnvironmentOperation(actor, slot, confirmation);

    private static Gen<AccountOperation> Reallocate(AccountModel model)
    {
        var live = model.Environments;
        var someTargets =
            from shuffled in Gen.Shuffle(live.Select(e => e.Slot).ToArray())
            from count in Gen.Choose(1, Math.Min(3, shuffled.Length))
            from limits in Gen.CollectToArray(shuffled.Take(count).Select(slot => Limits(model, model.Find(slot)!.Limit).Select(limit => (slot, limit))))
            select limits.ToImmutableArray();
        var choices = new List<(int, Gen<ImmutableArray<(int, int)>>)>
        {
            (3, someTargets),
            (1, someTargets.SelectMany(targets => Targets(model).Select(slot => targets.Any(t => t.Item1 == slot) ? targets : targets.Add((slot, 0))))),
        };
        if (live.Count >= 2)
        {
            // Move k calls from one environment to another: the sum stays the same (R11).
            choices.Add((4,
                from pair in Gen.Shuffle(live.ToArray()).Select(s => (From: s[0], To: s[1]))
                from k in Gen.Choose(1, Math.Max(1, pair.From.Limit))
                select ImmutableArray.Create((pair.From.Slot, pair.From.Limit - k), (pair.To.Slot, pair.To.Limit + k))));
        }
        return from actor in Actors
               from targets in Gen.Frequency([.. choices])
               select (AccountOperation)new ReallocateOperation(actor, targets);
    }

    private static Gen<AccountOperation> ChangePlan(AccountModel model)
    {
        int plan = model.PlanLimit, sum = model.Allocated;
        return from actor in Actors
               from newPlan in Gen.Frequency(
                   (4, Gen.Elements(0, plan - 1, plan + 1, sum, sum - 1, sum + 1, plan / 2, 2 * plan + 1, -1)),
                   (1, Gen.Choose(0, 2 * sum + 5)))
               select (AccountOperation)new ChangePlanOperation(actor, newPlan);
    }

    private static Gen<AccountOperation> Rotate(AccountModel model) =>
        from actor in Actors
        from slot in Targets(model)
        from grace in Gen.Elements(Duration.Zero, Duration.FromHours(1), Duration.FromDays(7), Duration.FromDays(7) + Duration.FromSeconds(1), Duration.FromSeconds(-1))
        from seed in Gen.Choose(1, int.MaxValue - 1)
        select (AccountOperation)new RotateKeyOperation(actor, slot, grace, seed);
}
