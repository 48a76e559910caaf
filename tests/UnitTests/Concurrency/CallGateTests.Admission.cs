using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using OneOf;

namespace Fluents.Settings.UnitTests.Concurrency;

public partial class CallGateTests
{
    [Fact]
    public void TryAdmit_EnvironmentAndPlanBelowLimits_AdmitsAndCountsInBoth()
    {
        // R13, G1: a call may start when E's in-flight < m(E) and the account's in-flight < P.
        var gate = new CallGate(Allocation(40, (Production, 20), (Staging, 10)));

        var call = Admit(gate, Production);

        Assert.True(call.IsAdmitted);
        Assert.Equal(Production, call.Environment);
        AssertCounts(gate, Production, environmentInFlight: 1, planInFlight: 1);
        AssertCounts(gate, Staging, environmentInFlight: 0, planInFlight: 1);
    }

    [Fact]
    public void TryAdmit_EnvironmentAtLimit_RefusesWithEnvironmentHeadroom()
    {
        // R13, G1: E's own limit binds; the refusal says which limit and the headroom.
        var gate = new CallGate(Allocation(40, (Production, 2), (Staging, 10)));
        AdmitMany(gate, Production, 2);

        var full = AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));

        Assert.Equal(Production, full.Environment);
        Assert.Equal(new CallHeadroom(EnvironmentInFlight: 2, EnvironmentLimit: 2, PlanInFlight: 2, PlanLimit: 40), full.Headroom);
        Assert.Equal(0, full.Headroom.Remaining);
        Assert.Equal(38, full.Headroom.PlanRemaining);
        Assert.Equal("concurrency.environment_at_capacity", full.Code);
        Assert.Contains("2 calls in flight", full.Message, StringComparison.Ordinal);
        AssertCounts(gate, Production, environmentInFlight: 2, planInFlight: 2);
    }

    [Fact]
    public void TryAdmit_PlanAtLimitInOverAllocatedAccount_RefusesWithPlanHeadroomAndLeavesEnvironmentCountAlone()
    {
        // R12 + R13, G4, G5: environments hold 3 + 3 > P = 4; the plan binds before either environment does.
        var gate = new CallGate(Allocation(4, (Production, 3), (Staging, 3)));
        AdmitMany(gate, Production, 3);
        Admit(gate, Staging);

        var planFull = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));

        Assert.Equal(Staging, planFull.Environment);
        Assert.Equal(new CallHeadroom(EnvironmentInFlight: 1, EnvironmentLimit: 3, PlanInFlight: 4, PlanLimit: 4), planFull.Headroom);
        Assert.Equal(2, planFull.Headroom.EnvironmentRemaining);
        Assert.Equal(0, planFull.Headroom.Remaining);
        Assert.Equal("concurrency.plan_at_capacity", planFull.Code);
        AssertCounts(gate, Staging, environmentInFlight: 1, planInFlight: 4); // the environment place was given back
    }

    [Fact]
    public void TryAdmit_PausedEnvironment_RefusesAsEnvironmentAtCapacity()
    {
        // R9, G1: Max Concurrent Calls 0 pauses calling.
        var gate = new CallGate(Allocation(10, (Production, 0)));

        var refusal = AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));

        Assert.Equal(new CallHeadroom(0, 0, 0, 10), refusal.Headroom);
        Assert.Contains("paused", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAdmit_PlanLimitZero_RefusesAsPlanAtCapacity()
    {
        // R8, R12, G4, G5: a plan of 0 with an environment still allocated (over-allocated) admits nothing.
        var gate = new CallGate(Allocation(0, (Production, 5)));

        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Production));

        Assert.Equal(0, gate.PlanInFlight);
    }

    [Fact]
    public void TryAdmit_UnknownEnvironment_RefusesAsUnknownNotDeleted()
    {
        // R13, G7: only the account's environments admit calls.
        var gate = new CallGate(Allocation(10, (Production, 5)));

        var refusal = AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging));

        Assert.False(refusal.WasDeleted);
        Assert.Equal("concurrency.unknown_environment", refusal.Code);
        Assert.Equal(new CallHeadroom(0, 0, 0, 10), refusal.Headroom);
        Assert.False(gate.TryGetHeadroom(Staging, out _));
    }

    [Fact]
    public void TryAdmit_DefaultEnvironmentId_Throws()
    {
        // DESIGN.md §1: a default id is a programming error.
        var gate = new CallGate(Allocation(10, (Production, 5)));

        Assert.Throws<ArgumentException>(() => gate.TryAdmit(default));
    }

    [Fact]
    public void Create_NullAllocation_Throws()
    {
        // DESIGN.md §1: null is a programming error, thrown by a guard.
        Assert.Throws<ArgumentNullException>(() => new CallGate(null!));
    }

    [Fact]
    public void TryAdmit_ManyCallsBeyondTheFirstSeats_AdmitsUpToLimitWithDistinctCalls()
    {
        // R13, G1, G3: the seat pool grows as needed; every admitted call is a distinct admission.
        var gate = new CallGate(Allocation(1000, (Production, 1000)));

        var calls = AdmitMany(gate, Production, 1000);

        Assert.Equal(1000, calls.Distinct().Count());
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));
        Assert.All(calls, call => Assert.True(call.Release()));
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
        Assert.Equal(1000, AdmitMany(gate, Production, 1000).Count);
    }

    [Fact]
    public void Refusals_AreMatchedThroughOneGenericMap()
    {
        // R13: every refusal says which limit was hit, with a stable code and the headroom.
        // Hosts map every refusal alike (code + headroom) through ICallRefusal.
        var gate = new CallGate(Allocation(1, (Production, 1), (Staging, 1)));
        Admit(gate, Production);

        static string Describe<TRefusal>(TRefusal refusal) where TRefusal : ICallRefusal =>
            $"{refusal.Code}:{refusal.Headroom.Remaining}";

        var codes = new[] { Production, Staging, Development }.Select(environment => gate.TryAdmit(environment).Match(
            call => "admitted", Describe, Describe, Describe));

        Assert.Equal(["concurrency.environment_at_capacity:0", "concurrency.plan_at_capacity:0", "concurrency.unknown_environment:0"], codes);
    }

    [Fact]
    public void TryGetCall_Admitted_GivesTheCall_Refused_GivesDefault()
    {
        // R13: the common "admitted or not" test.
        var gate = new CallGate(Allocation(1, (Production, 1)));

        Assert.True(gate.TryAdmit(Production).TryGetCall(out var call));
        Assert.True(call.IsAdmitted);
        var refused = gate.TryAdmit(Production);
        Assert.False(refused.IsAdmitted);
        Assert.False(refused.TryGetCall(out var none));
        Assert.False(none.IsAdmitted);
        Assert.Equal(default, none);
    }

    [Fact]
    public void Switch_EachOutcome_RunsTheMatchingActionOnly()
    {
        // R13: each refusal kind is handled by its own branch (exhaustive, like OneOf).
        var gate = new CallGate(Allocation(1, (Production, 1), (Staging, 1)));
        var seen = new List<string>();

        foreach (var environment in new[] { Production, Production, Staging, Development })
        {
            gate.TryAdmit(environment).Switch(
                call => seen.Add("admitted"),
                full => seen.Add(full.Code),
                plan => seen.Add(plan.Code),
                unknown => seen.Add(unknown.Code));
        }

        Assert.Equal(["admitted", "concurrency.environment_at_capacity", "concurrency.plan_at_capacity", "concurrency.unknown_environment"], seen);
    }

    [Fact]
    public void ToString_AdmittedOrRefused_NamesTheOutcome()
    {
        // R13: logs show which limit refused the call.
        var gate = new CallGate(Allocation(1, (Production, 1)));

        Assert.StartsWith("admitted call", gate.TryAdmit(Production).ToString(), StringComparison.Ordinal);
        Assert.Equal("concurrency.environment_at_capacity", gate.TryAdmit(Production).ToString());
    }

    [Fact]
    public void ToOneOf_EachOutcome_HoldsTheCaseTheNamedFormsName()
    {
        // R13: the OneOf form, for code that prefers that type, holds the same case as Match and TryGetCall.
        var gate = new CallGate(Allocation(1, (Production, 1), (Staging, 1)));

        Assert.IsType<AdmittedCall>(gate.TryAdmit(Production).ToOneOf().Value);
        Assert.IsType<EnvironmentAtCapacity>(gate.TryAdmit(Production).ToOneOf().Value);
        Assert.IsType<PlanAtCapacity>(gate.TryAdmit(Staging).ToOneOf().Value);
        OneOf<AdmittedCall, EnvironmentAtCapacity, PlanAtCapacity, UnknownEnvironment> converted = gate.TryAdmit(Development);
        Assert.IsType<UnknownEnvironment>(converted.Value);
    }

    [Fact]
    public void Match_DefaultAdmission_Throws()
    {
        // DESIGN.md §1: a default result is a programming error; only the gate makes admissions.
        var admission = default(CallAdmission);

        Assert.False(admission.IsAdmitted);
        Assert.Throws<InvalidOperationException>(() => admission.ToOneOf());
        Assert.Throws<InvalidOperationException>(() => admission.Match(_ => 0, _ => 1, _ => 2, _ => 3));
    }
}
