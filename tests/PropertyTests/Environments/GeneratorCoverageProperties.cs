using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// The model-based generators hit the edges on purpose. One property classifies single generated steps (FsCheck
/// prints the distribution); one test measures, over sampled runs, how often each edge occurs at least once and
/// fails if an edge becomes rare (a generator change that silently stops testing a rule).
/// </summary>
public class GeneratorCoverageProperties(ITestOutputHelper output)
{
    /// <summary>Every edge the run generators are meant to reach, with the share of runs that must reach it.</summary>
    public static readonly IReadOnlyDictionary<string, double> RequiredEdges = new Dictionary<string, double>
    {
        ["non-admin refused (R3)"] = 0.5,
        ["name taken ignoring case or spaces (R2)"] = 0.5,
        ["invalid name (R2)"] = 0.2,
        ["limit negative (R9)"] = 0.3,
        ["limit 0 (R9)"] = 0.5,
        ["limit = P (R9)"] = 0.5,
        ["limit = P + 1 (R9)"] = 0.3,
        ["raise to exactly the allowed limit (R10)"] = 0.3,
        ["raise to one above the allowed limit (R10)"] = 0.3,
        ["raise while over-allocated (R12)"] = 0.2,
        ["hide of the last visible refused (R5)"] = 0.1,
        ["delete of the last visible refused (R5)"] = 0.1,
        ["delete with a wrong confirmation refused (R6)"] = 0.3,
        ["delete accepted (R6)"] = 0.3,
        ["reallocation refused as a whole (R11)"] = 0.3,
        ["reallocation ended over-allocation (R12)"] = 0.1,
        ["plan decrease over-allocated the account (R12)"] = 0.3,
        ["rebalance applied while over-allocated (R12)"] = 0.1,
        ["stale proposal refused (R12)"] = 0.1,
    };

    private static IEnumerable<string> EdgesOf(MachineRun<AccountUnderTest, AccountModel> run) =>
        run.Operations.SelectMany(step => ((AccountOperation)step.Item1).Edges(step.Item2.Before!, step.Item2));

    /// <summary>Single steps of generated runs, classified by the edge they hit (most steps hit none; a step that hits several is counted under its first).</summary>
    [Property(MaxTest = 200)]
    public Property Generated_steps_hit_the_edges_and_the_model_keeps_the_rules()
    {
        var steps =
            from run in StateMachine.Generate(new AccountMachine())
            where !run.Operations.IsEmpty
            from index in Gen.Choose(0, run.Operations.Length - 1)
            select run.Operations[index];
        return Prop.ForAll(steps.ToArbitrary(), step =>
        {
            var (operation, after) = ((AccountOperation)step.Item1, step.Item2);
            var before = after.Before!;
            // The model itself keeps R5, R9 and R10/R12, so agreeing with it means keeping them too.
            var keepsRules = after.VisibleCount >= 1
                && after.Environments.All(e => e.Limit >= 0)
                && (operation.IsPlanChange || !after.IsOverAllocated || (before.IsOverAllocated && after.Allocated <= before.Allocated));
            // One stamp per step (its first edge), so FsCheck prints one line per edge rather than every combination.
            var edge = operation.Edges(before, after).FirstOrDefault();
            return keepsRules.ToProperty().Label($"{operation} on {before} gave {after}").Classify(edge is not null, edge ?? "");
        });
    }

    [Fact]
    public void Generated_runs_reach_every_edge_often_enough()
    {
        var runs = StateMachine.Generate(new AccountMachine()).Sample(size: 40, seed: new Rnd(20261128UL, 0x9E3779B97F4A7C15UL), numberOfSamples: 200);
        var hits = RequiredEdges.Keys.ToDictionary(edge => edge, edge => runs.Count(run => EdgesOf(run).Contains(edge)) / (double)runs.Length);

        foreach (var (edge, share) in hits.OrderByDescending(h => h.Value)) output.WriteLine($"{share,6:P0}  {edge}");
        Assert.All(RequiredEdges, required => Assert.True(hits[required.Key] >= required.Value, $"only {hits[required.Key]:P0} of runs hit '{required.Key}', expected {required.Value:P0}"));
    }
}
