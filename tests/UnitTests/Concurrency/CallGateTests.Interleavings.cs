using Fluents.Settings.Concurrency;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// R13 under the races that only a thread switch exposes, made deterministic: an <see cref="CallGate.Apply"/>
/// runs between an admission's reads and its compare-and-swap (through the gate's test hook, on the out-of-line
/// admission paths), on the same thread. They pin G2 (a replaced limit), G4 (a plan place handed back) and G7 (a
/// counter forgotten under an admission) of docs/call-gate.md.
/// </summary>
public partial class CallGateTests
{
    [Fact]
    public void TryAdmit_CapacityMovedAwayBetweenItsReadsAndItsCas_IsJudgedAgainByTheNewLimit()
    {
        // R11 + R13, G2: the plan is not counted (the limits fit P). The 33rd call in Production takes the out-of-line path;
        // after it read Production's limit of 40, a reallocation moves 8 of it to Staging. Apply switches Production's
        // word to counting and back, so the word is as the admission read it and its CAS succeeds: only the limit's
        // version tells it that it was judged by a replaced limit. Admitted, it would let the account run 41 calls on a plan of 40.
        var gate = new CallGate(Allocation(40, (Production, 40), (Staging, 0)));
        AdmitMany(gate, Production, 32);
        RunOnceBeforeAdmissionCas(gate, () => gate.Apply(Allocation(40, (Production, 32), (Staging, 8))));

        var refusal = AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));

        Assert.Equal(new CallHeadroom(32, 32, 32, 40), refusal.Headroom);
        AdmitMany(gate, Staging, 8);
        Assert.Equal(40, gate.PlanInFlight);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Staging));
    }

    [Fact]
    public void TryAdmit_CountingStoppedAfterItTookAPlanPlace_GivesThePlaceBack()
    {
        // R13, G4: over-allocated, so the admission takes a plan place first (on the counted path). Before its CAS, an Apply
        // that fits stops counting the plan (draining the counter), so the CAS fails; the admission must hand its place
        // back, or the counter keeps it and, once the plan is counted again, refuses one call too early.
        var gate = new CallGate(Allocation(2, (Production, 2), (Staging, 2)));
        Assert.True(gate.IsCountingPlan);
        RunOnceBeforeAdmissionCas(gate, () => gate.Apply(Allocation(4, (Production, 2), (Staging, 2))));

        Admit(gate, Production);
        Assert.False(gate.IsCountingPlan);
        gate.Apply(Allocation(2, (Production, 2), (Staging, 2)));

        Assert.True(gate.IsCountingPlan);
        Assert.Equal(1, gate.PlanInFlight);
        Admit(gate, Staging);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.Equal(new CallHeadroom(1, 2, 2, 2), refusal.Headroom);
    }

    [Fact]
    public void TryAdmit_CallBeyondTheFastSeatsWhenCountingStopsAfterItTookAPlanPlace_GivesThePlaceBack()
    {
        // R13, G4: the same race on the out-of-line path (32 calls hold the fast seats, so the 33rd takes an overflow seat):
        // its loop took a plan place, the word stopped counting the plan before its CAS, so the place goes back and the
        // call is admitted uncounted.
        var gate = new CallGate(Allocation(40, (Production, 40), (Staging, 40)));
        AdmitMany(gate, Production, 32);
        RunOnceBeforeAdmissionCas(gate, () => gate.Apply(Allocation(80, (Production, 40), (Staging, 40))));

        Admit(gate, Production);
        Assert.False(gate.IsCountingPlan);
        gate.Apply(Allocation(40, (Production, 40), (Staging, 40)));

        Assert.True(gate.IsCountingPlan);
        Assert.Equal(33, gate.PlanInFlight);
        AdmitMany(gate, Staging, 7);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.Equal(new CallHeadroom(7, 40, 40, 40), refusal.Headroom);
    }

    [Fact]
    public void TryAdmit_EnvironmentDeletedAndForgottenBetweenItsReadsAndItsCas_UndoesAndRefusesAsDeleted()
    {
        // R6 + R13, G2, G4, G7: the admission holds the counter of an environment that an Apply deletes and, having no call, drops.
        // Its CAS still lands on the dropped counter; the limit's version makes it undo (handing its plan place back),
        // and the plan's count stays exact across the next switches.
        var gate = new CallGate(Allocation(1, (Production, 1), (Staging, 1))); // over-allocated: the plan is counted
        RunOnceBeforeAdmissionCas(gate, () => gate.Apply(Allocation(1, (Production, 1))));

        var refusal = AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging));

        Assert.True(refusal.WasDeleted);
        Assert.Equal(1, gate.EnvironmentsHeld);
        Assert.False(gate.IsCountingPlan);
        Admit(gate, Production);
        gate.Apply(Allocation(0, (Production, 1))); // counted again: only Production's call is in the plan
        Assert.True(gate.IsCountingPlan);
        Assert.Equal(1, gate.PlanInFlight);
    }

    private static void RunOnceBeforeAdmissionCas(CallGate gate, Action interleaved) =>
        gate.TestHookBeforeAdmissionCas = () =>
        {
            gate.TestHookBeforeAdmissionCas = null;
            interleaved();
        };
}
