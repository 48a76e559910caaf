using System.Collections.Immutable;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Concurrency;

/// <summary>
/// Model-based test of the call gate (R13): random sequences of admissions, releases, repeated releases
/// (of the call and of a copy) and allocation updates, on one thread, compared step by step with a model
/// that is just counts and limits.
/// </summary>
/// <remarks>
/// The gate's invariants it protects (docs/call-gate.md): G1 (no admission past an environment's limit, and counts that
/// Apply leaves alone), G3 (a first release frees, a repeat or a copy does not), G4 (the plan's count after every step,
/// counted or summed), G5 (after every Apply, the plan is counted exactly when the bounds exceed P or more than 16
/// environments are held) and G7 (the environments held are the live ones and the deleted ones with calls). One thread,
/// so not the races of G2 and G6: the stress tests and the interleaving unit tests cover those.
/// </remarks>
public class CallGateModelProperties
{
    [Property(MaxTest = 300)]
    public Property CallGate_behaves_like_counts_and_limits() => new CallGateMachine().ToProperty();
}

/// <summary>What the model expects an operation to have done.</summary>
public enum Outcome { None, Admitted, EnvironmentAtCapacity, PlanAtCapacity, Unknown, Deleted, Released, NotReleased }

/// <summary>
/// The model: the plan limit, each current environment's limit, the environments deleted so far, calls in
/// flight per environment (as a list of held calls) and the calls already released. The gate forgets a deleted
/// environment once its calls have ended, but still reports the last 32 it forgot as deleted: more than the model's
/// four, so here a deleted environment is reported as deleted for good.
/// </summary>
public sealed record GateModel(
    int PlanLimit,
    ImmutableDictionary<int, int> Limits,
    ImmutableHashSet<int> Deleted,
    ImmutableList<int> Held,
    int ReleasedCount,
    Outcome Expected,
    CallHeadroom ExpectedHeadroom)
{
    public int InFlight(int environment) => Held.Count(held => held == environment);

    public CallHeadroom HeadroomOf(int environment) =>
        new(InFlight(environment), Limits.GetValueOrDefault(environment), Held.Count, PlanLimit);

    public override string ToString() =>
        $"P={PlanLimit} limits=[{string.Join(",", Limits.OrderBy(l => l.Key).Select(l => $"{l.Key}:{l.Value}"))}] "
        + $"deleted=[{string.Join(",", Deleted.Order())}] held=[{string.Join(",", Held)}] expected={Expected}";
}

/// <summary>The gate with the calls a host would hold, in the same order as the model's.</summary>
public sealed class GateUnderTest(CallGate gate)
{
    public CallGate Gate { get; } = gate;

    public List<AdmittedCall> Held { get; } = [];

    public List<AdmittedCall> Released { get; } = [];

    public override string ToString() => $"gate with {Held.Count} held";
}

public sealed class CallGateMachine : CallGateMachineBase
{
    public CallGateMachine() : base(maxNumberOfCommands: 60) { }
}

public abstract class CallGateMachineBase(int maxNumberOfCommands) : Machine<GateUnderTest, GateModel>(maxNumberOfCommands)
{
    /// <summary>Environments 0–3 appear in allocations; environment 4 never does (an unknown id).</summary>
    public static readonly EnvironmentId[] Environments =
        Enumerable.Range(1, 5).Select(i => new EnvironmentId(new Guid(i, 0, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, (byte)i))).ToArray();

    private const int KnownEnvironments = 4;

    public override Arbitrary<Setup<GateUnderTest, GateModel>> Setup =>
        AllocationGen.Select(allocation => (Setup<GateUnderTest, GateModel>)new GateSetup(allocation)).ToArbitrary();

    public override Gen<Operation<GateUnderTest, GateModel>> Next(GateModel model)
    {
        var admit = Gen.Choose(0, Environments.Length - 1).Select(e => (Operation<GateUnderTest, GateModel>)new Admit(e));
        var release = Gen.Choose(0, Math.Max(0, model.Held.Count - 1)).Select(i => (Operation<GateUnderTest, GateModel>)new Release(i));
        var releaseAgain = Gen.Choose(0, Math.Max(0, model.ReleasedCount - 1)).Select(i => (Operation<GateUnderTest, GateModel>)new ReleaseAgain(i));
        var apply = AllocationGen.Select(a => (Operation<GateUnderTest, GateModel>)new Apply(a));
        var choices = new List<(int, Gen<Operation<GateUnderTest, GateModel>>)> { (6, admit), (1, apply) };
        if (model.Held.Count > 0) choices.Add((4, release));
        if (model.ReleasedCount > 0) choices.Add((1, releaseAgain));
        return Gen.Frequency(choices);
    }

    /// <summary>
    /// A plan limit 0–6 and, for each of environments 0–3, absent (deleted or never created) or a limit 0–4,
    /// with the edge cases on purpose: limit 0, limit = P, and sums above P (over-allocated, R12).
    /// </summary>
    public static Gen<TestAllocation> AllocationGen { get; } =
        from plan in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 6)))
        from limits in Gen.Frequency(
                (1, Gen.Constant(-1)),            // absent
                (1, Gen.Constant(0)),             // paused
                (1, Gen.Constant(plan)),          // the whole plan
                (4, Gen.Choose(1, 4)))
            .ArrayOf(KnownEnvironments)
        select new TestAllocation(plan, limits);

    private static Property Agrees(GateUnderTest actual, GateModel model)
    {
        var gate = actual.Gate;
        var agrees = gate.PlanInFlight == model.Held.Count && gate.PlanLimit == model.PlanLimit;
        for (var e = 0; e < Environments.Length; e++)
        {
            var known = gate.TryGetHeadroom(Environments[e], out var headroom);
            var modelKnows = model.Limits.ContainsKey(e) || model.Deleted.Contains(e);
            agrees &= known == modelKnows && (!known || headroom == model.HeadroomOf(e));
        }

        return agrees.Label($"counts agree with the model {model}");
    }

    private static GateModel Expect(GateModel model, Outcome outcome, CallHeadroom headroom = default) =>
        model with { Expected = outcome, ExpectedHeadroom = headroom };

    private sealed class GateSetup(TestAllocation allocation) : Setup<GateUnderTest, GateModel>
    {
        public override GateUnderTest Actual() => new(new CallGate(allocation.ToAllocation()));

        public override GateModel Model() => new(allocation.PlanLimit, allocation.Limits, [], [], 0, Outcome.None, default);

        public override string ToString() => $"new CallGate({allocation})";
    }

    private sealed class Admit(int environment) : Operation<GateUnderTest, GateModel>
    {
        public override GateModel Run(GateModel model)
        {
            var headroom = model.HeadroomOf(environment);
            if (model.Deleted.Contains(environment)) return Expect(model, Outcome.Deleted, headroom);
            if (!model.Limits.ContainsKey(environment)) return Expect(model, Outcome.Unknown, headroom);
            if (headroom.EnvironmentInFlight >= headroom.EnvironmentLimit) return Expect(model, Outcome.EnvironmentAtCapacity, headroom);
            if (headroom.PlanInFlight >= headroom.PlanLimit) return Expect(model, Outcome.PlanAtCapacity, headroom);
            return Expect(model with { Held = model.Held.Add(environment) }, Outcome.Admitted);
        }

        public override Property Check(GateUnderTest actual, GateModel model)
        {
            var admission = actual.Gate.TryAdmit(Environments[environment]);
            var (outcome, headroom) = admission.Match(
                call =>
                {
                    actual.Held.Add(call);
                    return (Outcome.Admitted, default(CallHeadroom));
                },
                full => (Outcome.EnvironmentAtCapacity, full.Headroom),
                plan => (Outcome.PlanAtCapacity, plan.Headroom),
                unknown => (unknown.WasDeleted ? Outcome.Deleted : Outcome.Unknown, unknown.Headroom));
            return (outcome == model.Expected && headroom == model.ExpectedHeadroom)
                .Label($"admission: got {outcome} {headroom}, expected {model.Expected} {model.ExpectedHeadroom}")
                .And(Agrees(actual, model));
        }

        public override string ToString() => $"TryAdmit(environment {environment})";
    }

    private sealed class Release(int index) : Operation<GateUnderTest, GateModel>
    {
        public override bool Pre(GateModel model) => index < model.Held.Count;

        public override GateModel Run(GateModel model) =>
            Expect(model with { Held = model.Held.RemoveAt(index), ReleasedCount = model.ReleasedCount + 1 }, Outcome.Released);

        public override Property Check(GateUnderTest actual, GateModel model)
        {
            var call = actual.Held[index];
            actual.Held.RemoveAt(index);
            actual.Released.Add(call);
            return call.Release().Label("the first release frees the call").And(Agrees(actual, model));
        }

        public override string ToString() => $"Release(held call #{index})";
    }

    private sealed class ReleaseAgain(int index) : Operation<GateUnderTest, GateModel>
    {
        public override bool Pre(GateModel model) => index < model.ReleasedCount;

        public override GateModel Run(GateModel model) => Expect(model, Outcome.NotReleased);

        public override Property Check(GateUnderTest actual, GateModel model)
        {
            var copy = actual.Released[index];
            return (!copy.Release()).Label("a repeated release frees nothing").And(Agrees(actual, model));
        }

        public override string ToString() => $"ReleaseAgain(released call #{index})";
    }

    private sealed class Apply(TestAllocation allocation) : Operation<GateUnderTest, GateModel>
    {
        public override GateModel Run(GateModel model)
        {
            var known = model.Limits.Keys.Concat(model.Deleted);
            var deleted = known.Where(e => !allocation.Limits.ContainsKey(e)).ToImmutableHashSet();
            return Expect(model with { PlanLimit = allocation.PlanLimit, Limits = allocation.Limits, Deleted = deleted }, Outcome.None);
        }

        public override Property Check(GateUnderTest actual, GateModel model)
        {
            actual.Gate.Apply(allocation.ToAllocation());

            // R6, G7: a deleted environment is held while its calls run, and forgotten by the first Apply that finds none.
            var held = model.Limits.Count + model.Deleted.Count(e => model.InFlight(e) > 0);

            // G5: the plan may go uncounted only while every environment's bound (limit, or calls in flight if more; a
            // deleted one's calls) fits P together: then no admission can take the account past P. And only while the
            // gate holds few environments, so that reading the plan by summing them stays O(1).
            var bounds = model.Limits.Keys.Concat(model.Deleted)
                .Sum(e => Math.Max(model.Limits.GetValueOrDefault(e, 0), model.InFlight(e)));
            var countsPlan = bounds > model.PlanLimit || held > CallGate.MostEnvironmentsSummed;
            return (actual.Gate.IsCountingPlan == countsPlan)
                .Label($"plan counted: {actual.Gate.IsCountingPlan}, expected {countsPlan} (bounds {bounds}, P {model.PlanLimit})")
                .And((actual.Gate.EnvironmentsHeld == held).Label($"environments held: {actual.Gate.EnvironmentsHeld}, expected {held}"))
                .And(Agrees(actual, model));
        }

        public override string ToString() => $"Apply({allocation})";
    }
}

/// <summary>A generated allocation: plan limit and the limits of environments 0–3 (−1: absent).</summary>
public sealed record TestAllocation(int PlanLimit, int[] RawLimits)
{
    public ImmutableDictionary<int, int> Limits { get; } =
        RawLimits.Select((limit, e) => (limit, e)).Where(x => x.limit >= 0).ToImmutableDictionary(x => x.e, x => x.limit);

    public ConcurrencyAllocation ToAllocation() =>
        ConcurrencyAllocation.Create(PlanLimit, Limits.Select(l => KeyValuePair.Create(CallGateMachineBase.Environments[l.Key], l.Value)));

    public override string ToString() =>
        $"P={PlanLimit}, {string.Join(", ", Limits.OrderBy(l => l.Key).Select(l => $"e{l.Key}={l.Value}"))}";
}
