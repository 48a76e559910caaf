using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Concurrency;

/// <summary>(b) R12: the laws of <see cref="ConcurrencyAllocation.ProposeRebalance"/>.</summary>
public class RebalanceProperties
{
    /// <summary>A plan and 1–12 environments with distinct random ids; limits fit the plan or cluster at 0, P and P + 1.</summary>
    public sealed record Allocation(int PlanLimit, KeyValuePair<EnvironmentId, int>[] Limits)
    {
        public long Sum => Limits.Sum(l => (long)l.Value);

        public override string ToString() => $"P={PlanLimit} [{string.Join(", ", Limits.Select(l => l.Value))}]";
    }

    private static Gen<Allocation> Allocations() =>
        from plan in Gen.Frequency((2, Gen.Elements(0, 1, 2, 7)), (3, Gen.Choose(0, 100)), (1, Gen.Choose(1_000, 1_000_000)))
        from count in Gen.Choose(1, 12)
        from limits in Gen.Frequency(
            (2, FittingLimits(plan, count)),
            (3, Gen.Frequency(
                (3, Gen.Elements(0, plan, plan + 1, 1)),
                (4, Gen.Choose(0, Math.Max(1, plan))),
                (2, Gen.Choose(0, Math.Max(1, 3 * plan)))).ArrayOf(count)))
        from ids in Gen.Choose(1, int.MaxValue).ArrayOf(count)
        where ids.Distinct().Count() == count
        select new Allocation(plan, [.. ids.Zip(limits, (id, limit) => KeyValuePair.Create(IdOf(id), limit))]);

    // Limits that fit the plan, the first ones often taking all that is left (sum = P).
    private static Gen<int[]> FittingLimits(int remaining, int count) =>
        count == 0
            ? Gen.Constant(Array.Empty<int>())
            : from first in Gen.Frequency((1, Gen.Constant(remaining)), (1, Gen.Constant(0)), (3, Gen.Choose(0, remaining)))
              from rest in FittingLimits(remaining - first, count - 1)
              select (int[])[first, .. rest];

    private static EnvironmentId IdOf(int value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, value);
        BitConverter.TryWriteBytes(bytes[8..], ~value);
        return new EnvironmentId(new Guid(bytes));
    }

    private static Property Classified(Property property, Allocation allocation) =>
        property
            .Classify(allocation.Sum > allocation.PlanLimit, "over-allocated")
            .Classify(allocation.Sum == allocation.PlanLimit, "sum = P")
            .Classify(allocation.PlanLimit == 0, "P = 0")
            .Classify(allocation.Limits.Any(l => l.Value == 0), "an environment at 0")
            .Classify(allocation.Limits.Any(l => l.Value == allocation.PlanLimit + 1), "an environment at P + 1");

    private static Arbitrary<Allocation> Arbitrary => Allocations().ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Proposal_sums_to_P_when_over_allocated_and_changes_nothing_otherwise() =>
        Prop.ForAll(Arbitrary, allocation =>
        {
            var lines = ConcurrencyAllocation.Create(allocation.PlanLimit, allocation.Limits).ProposeRebalance();
            var total = lines.Sum(l => (long)l.Proposed);
            var holds = allocation.Sum > allocation.PlanLimit
                ? total == allocation.PlanLimit
                : lines.All(l => l.Proposed == l.Current);
            return Classified(holds.ToProperty().Label($"proposed total {total}"), allocation);
        });

    [Property(MaxTest = 500)]
    public Property Proposal_never_raises_an_environment() =>
        Prop.ForAll(Arbitrary, allocation =>
        {
            var lines = ConcurrencyAllocation.Create(allocation.PlanLimit, allocation.Limits).ProposeRebalance();
            var current = allocation.Limits.ToDictionary(l => l.Key, l => l.Value);
            return Classified(lines.All(l => l.Proposed >= 0 && l.Proposed <= l.Current && l.Current == current[l.Environment]).ToProperty(), allocation);
        });

    [Property(MaxTest = 500)]
    public Property Each_proposal_is_within_one_of_its_exact_proportional_share() =>
        Prop.ForAll(Arbitrary, allocation =>
        {
            var lines = ConcurrencyAllocation.Create(allocation.PlanLimit, allocation.Limits).ProposeRebalance();
            long plan = allocation.PlanLimit, sum = Math.Max(allocation.Sum, plan);
            // |proposed − m·P/S| < 1, multiplied out by S to stay in integers (S = P when the account fits: share = m).
            var within = lines.All(l => sum == 0 ? l.Proposed == 0 : Math.Abs(l.Proposed * sum - l.Current * plan) < sum);
            return Classified(within.ToProperty(), allocation);
        });

    [Property(MaxTest = 500)]
    public Property Rounding_leftovers_go_to_the_largest_remainders() =>
        Prop.ForAll(Arbitrary, allocation =>
        {
            var lines = ConcurrencyAllocation.Create(allocation.PlanLimit, allocation.Limits).ProposeRebalance();
            long plan = allocation.PlanLimit, sum = allocation.Sum;
            var rounded = lines.Select(l => (Up: l.Proposed * sum > l.Current * plan, Remainder: l.Current * plan % Math.Max(1, sum))).ToArray();
            var fair = rounded.Where(r => r.Up).All(up => rounded.Where(r => !r.Up).All(down => up.Remainder >= down.Remainder));
            return Classified(fair.ToProperty().When(sum > plan), allocation);
        });

    [Property(MaxTest = 300)]
    public Property Same_input_gives_the_same_proposal_in_any_order() =>
        Prop.ForAll(Arbitrary, allocation =>
            Prop.ForAll(Gen.Shuffle(allocation.Limits).ToArbitrary(), shuffled =>
            {
                var first = ConcurrencyAllocation.Create(allocation.PlanLimit, allocation.Limits).ProposeRebalance();
                var again = ConcurrencyAllocation.Create(allocation.PlanLimit, allocation.Limits).ProposeRebalance();
                var reordered = ConcurrencyAllocation.Create(allocation.PlanLimit, shuffled).ProposeRebalance();
                return Classified((first.SequenceEqual(again) && first.SequenceEqual(reordered)).ToProperty(), allocation);
            }));
}
