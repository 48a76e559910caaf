using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// R13 when the plan must be counted: the gate skips the plan counter only while the environments' bounds
/// (limit, or calls in flight if more) fit P, and counts it otherwise. These tests pin when it switches (G5 of
/// docs/call-gate.md) and that the switch never loses or double-counts a call (G4).
/// </summary>
public partial class CallGateTests
{
    [Fact]
    public void Apply_LimitsFitThePlan_AdmitsWithoutCountingThePlan()
    {
        // R10, G5: R10 holds, so the plan cannot be exceeded: no shared counter on the call path.
        var gate = new CallGate(Allocation(40, (Production, 20), (Staging, 10), (Development, 10)));

        Assert.False(gate.IsCountingPlan);
        AdmitMany(gate, Production, 20);
        AdmitMany(gate, Staging, 10);
        AdmitMany(gate, Development, 10);
        Assert.Equal(40, gate.PlanInFlight);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production)); // the environment binds first
    }

    [Fact]
    public void Apply_OverAllocatedPlan_CountsThePlanAndRefusesAtP()
    {
        // R12 + R13, G4, G5: the limits sum to 6 but P is 4; the fifth call is refused by the plan.
        var gate = new CallGate(Allocation(4, (Production, 3), (Staging, 3)));

        Assert.True(gate.IsCountingPlan);
        AdmitMany(gate, Production, 3);
        Admit(gate, Staging);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.Equal(new CallHeadroom(1, 3, 4, 4), refusal.Headroom);
    }

    [Fact]
    public void Apply_ReallocatedWhileOldEnvironmentStillHasCalls_PlanStillBindsUntilTheyEnd()
    {
        // R11 + R13, G5: moving capacity from Production to Staging while Production's calls run. Each environment's own
        // limit would allow 4 + 4, but the account may run only P = 4 at once, so the gate counts the plan.
        var gate = new CallGate(Allocation(4, (Production, 4), (Staging, 0)));
        var calls = AdmitMany(gate, Production, 4);

        gate.Apply(Allocation(4, (Production, 0), (Staging, 4)));

        Assert.True(gate.IsCountingPlan);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.Equal(new CallHeadroom(0, 4, 4, 4), refusal.Headroom);
        Assert.True(calls[0].Release());
        Admit(gate, Staging);
        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        calls.Skip(1).ToList().ForEach(call => Assert.True(call.Release()));
        AdmitMany(gate, Staging, 3);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Staging));
    }

    [Fact]
    public void Apply_SwitchingCountingOnWithCallsRunning_RefusesAtThePlanLimitAtOnce()
    {
        // R12 + R13, G4: the first admission after the plan decrease is already judged by P, with the calls that were
        // running before the switch counted in it.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        AdmitMany(gate, Production, 3);

        gate.Apply(Allocation(4, (Production, 5), (Staging, 5)));

        Assert.True(gate.IsCountingPlan);
        Admit(gate, Staging);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.Equal(new CallHeadroom(1, 5, 4, 4), refusal.Headroom);
        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Production));
    }

    [Fact]
    public void Apply_OverAllocatedThenFitsThenOverAllocatedAgain_CountsTheRunningCallsOnce()
    {
        // R12 + R13, G4: calls run through both switches. Stopping must hand their places back to the counter, so that
        // starting again counts each of them once, not twice.
        var gate = new CallGate(Allocation(4, (Production, 3), (Staging, 3)));
        AdmitMany(gate, Production, 2);
        Admit(gate, Staging);

        gate.Apply(Allocation(10, (Production, 3), (Staging, 3)));
        Assert.False(gate.IsCountingPlan);
        gate.Apply(Allocation(4, (Production, 3), (Staging, 3)));

        Assert.True(gate.IsCountingPlan);
        Assert.Equal(3, gate.PlanInFlight);
        Admit(gate, Staging);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Production));
        Assert.Equal(new CallHeadroom(2, 3, 4, 4), refusal.Headroom);
    }

    [Fact]
    public void Apply_AfterTheCallsAboveALoweredLimitEnded_StopsCountingThePlan()
    {
        // G5: the plan stays counted while calls above a lowered limit could push the account past P; the next Apply
        // after they end finds the bounds within P again.
        var gate = new CallGate(Allocation(4, (Production, 4), (Staging, 0)));
        var calls = AdmitMany(gate, Production, 4);
        gate.Apply(Allocation(4, (Production, 1), (Staging, 3)));
        Assert.True(gate.IsCountingPlan);

        calls.ForEach(call => Assert.True(call.Release()));
        gate.Apply(Allocation(4, (Production, 1), (Staging, 3)));

        Assert.False(gate.IsCountingPlan);
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
    }

    [Fact]
    public void Apply_SwitchingBackAndForthWithCallsRunning_KeepsEveryCountExact()
    {
        // G3, G4: calls admitted before a switch are released after it, in both directions: none is lost or freed twice.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        var admittedFree = AdmitMany(gate, Production, 3);

        gate.Apply(Allocation(4, (Production, 5), (Staging, 5))); // over-allocated: counted, 3 already in the plan
        Assert.True(gate.IsCountingPlan);
        Assert.Equal(3, gate.PlanInFlight);
        var admittedCounted = Admit(gate, Staging);
        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.True(admittedFree[0].Release());
        Assert.Equal(3, gate.PlanInFlight);

        gate.Apply(Allocation(10, (Production, 5), (Staging, 5))); // fits again
        Assert.False(gate.IsCountingPlan);
        Assert.True(admittedCounted.Release());
        Assert.False(admittedCounted.Release());
        Assert.True(admittedFree[1].Release());
        Assert.True(admittedFree[2].Release());
        Assert.Equal(0, gate.PlanInFlight);

        gate.Apply(Allocation(1, (Production, 5), (Staging, 5)));
        Assert.Equal(0, gate.PlanInFlight);
        Admit(gate, Staging);
        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Production));
    }

    [Fact]
    public void Apply_MoreEnvironmentsThanAreSummed_CountsThePlanSoThatRefusalsReadItAtOnce()
    {
        // G5, G6 (issue 10): a refusal reports the plan's calls in flight. Summing every environment's count made it cost
        // O(environments); beyond a few environments the gate counts the plan instead, even though the limits fit.
        var environments = Enumerable.Range(0, CallGate.MostEnvironmentsSummed + 1).Select(_ => new EnvironmentId(Guid.CreateVersion7())).ToArray();
        var gate = new CallGate(Allocation(100, environments.Select(id => (id, 1)).ToArray()));

        Assert.True(gate.IsCountingPlan);
        Admit(gate, environments[0]);
        Admit(gate, environments[1]);
        var refusal = AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(environments[0]));
        Assert.Equal(new CallHeadroom(1, 1, 2, 100), refusal.Headroom);

        gate.Apply(Allocation(100, environments.Take(CallGate.MostEnvironmentsSummed).Select(id => (id, 1)).ToArray()));

        Assert.False(gate.IsCountingPlan); // one deleted, without calls: forgotten, so few enough to sum again
        AssertCounts(gate, environments[0], environmentInFlight: 1, planInFlight: 2);
    }

    [Fact]
    public void Apply_AsManyEnvironmentsAsAreSummedFittingThePlan_DoesNotCountThePlan()
    {
        // G5: at most 16 environments whose limits fit P need no plan counter; reading the plan sums them.
        var environments = Enumerable.Range(0, CallGate.MostEnvironmentsSummed).Select(_ => new EnvironmentId(Guid.CreateVersion7())).ToArray();

        var gate = new CallGate(Allocation(100, environments.Select(id => (id, 1)).ToArray()));

        Assert.False(gate.IsCountingPlan);
    }

    [Fact]
    public void Release_OverflowSeatTwiceOrByStaleCopy_FreesOnlyOnce()
    {
        // R13, G3: beyond the 32 fast seats: the 33rd call and later take overflow seats, released exactly once too.
        var gate = new CallGate(Allocation(100, (Production, 100)));
        var calls = AdmitMany(gate, Production, 40);
        var overflow = calls[^1];

        Assert.True(overflow.Release());
        Assert.False(overflow.Release());
        var reused = Admit(gate, Production); // takes the freed overflow seat again
        Assert.False(overflow.Release());      // the stale copy does not free the new call

        AssertCounts(gate, Production, environmentInFlight: 40, planInFlight: 40);
        Assert.True(reused.Release());
        calls.SkipLast(1).ToList().ForEach(call => Assert.True(call.Release()));
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
    }

    [Fact]
    public void TryAdmit_PlanCountedAndManyCalls_UsesOverflowSeatsAndStaysExact()
    {
        // G3, G4: both slower paths at once: the plan counted (over-allocated) and calls beyond the fast seats.
        var gate = new CallGate(Allocation(50, (Production, 45), (Staging, 45)));
        Assert.True(gate.IsCountingPlan);

        var production = AdmitMany(gate, Production, 40);
        var staging = AdmitMany(gate, Staging, 10);

        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Production));
        Assert.Equal(50, production.Concat(staging).Distinct().Count());
        production.Concat(staging).ToList().ForEach(call => Assert.True(call.Release()));
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
        AssertCounts(gate, Staging, environmentInFlight: 0, planInFlight: 0);
    }
}
