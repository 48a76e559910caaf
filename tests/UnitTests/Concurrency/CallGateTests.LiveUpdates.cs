using Fluents.Settings.Concurrency;

namespace Fluents.Settings.UnitTests.Concurrency;

public partial class CallGateTests
{
    [Fact]
    public void Apply_LimitLoweredBelowInFlight_KeepsCallsAndRefusesUntilBelowNewLimit()
    {
        // R13, G1: lowering a limit never cuts calls; new calls are refused until the count drops below it.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        var calls = AdmitMany(gate, Production, 4);

        gate.Apply(Allocation(10, (Production, 2)));

        AssertCounts(gate, Production, environmentInFlight: 4, planInFlight: 4);
        var refusal = AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));
        Assert.Equal(new CallHeadroom(4, 2, 4, 10), refusal.Headroom);

        Assert.True(calls[0].Release());
        Assert.True(calls[1].Release());
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production)); // 2 in flight, limit 2: still full
        Assert.True(calls[2].Release());
        Admit(gate, Production); // 1 in flight < 2
    }

    [Fact]
    public void Apply_LimitRaised_AdmitsMoreAtNextAdmission()
    {
        // R13: a new allocation takes effect for the next admission.
        var gate = new CallGate(Allocation(10, (Production, 1)));
        Admit(gate, Production);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));

        gate.Apply(Allocation(10, (Production, 3)));

        AdmitMany(gate, Production, 2);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));
    }

    [Fact]
    public void Apply_PlanLowered_RefusesAsPlanUntilBelowNewPlanLimit()
    {
        // R12 + R13, G4, G5: a plan decrease never cuts calls; it leaves the account over-allocated.
        var gate = new CallGate(Allocation(6, (Production, 3), (Staging, 3)));
        var calls = AdmitMany(gate, Production, 3);

        gate.Apply(Allocation(2, (Production, 3), (Staging, 3)));

        Assert.Equal(2, gate.PlanLimit);
        var refusal = AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging));
        Assert.Equal(new CallHeadroom(0, 3, 3, 2), refusal.Headroom);
        Assert.True(calls[0].Release());
        AssertRefused<PlanAtCapacity>(gate.TryAdmit(Staging)); // 2 in flight, plan 2: still full
        Assert.True(calls[1].Release());
        Admit(gate, Staging); // 1 in flight < 2
    }

    [Fact]
    public void Apply_EnvironmentCreated_AdmitsIntoIt()
    {
        // R13: a new environment admits from the next admission on.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging));

        gate.Apply(Allocation(10, (Production, 5), (Staging, 5)));

        Admit(gate, Staging);
        AssertCounts(gate, Staging, environmentInFlight: 1, planInFlight: 1);
    }

    [Fact]
    public void Apply_EnvironmentDeleted_AdmitsNothingButItsCallsStillRelease()
    {
        // R6 + R13, G3, G7: a deleted environment admits nothing; calls running in it end normally.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        var running = AdmitMany(gate, Staging, 2);

        gate.Apply(Allocation(10, (Production, 5)));

        var refusal = AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging));
        Assert.True(refusal.WasDeleted);
        Assert.Equal("concurrency.environment_deleted", refusal.Code);
        Assert.Equal(new CallHeadroom(2, 0, 2, 10), refusal.Headroom);
        Assert.Contains(Staging, gate.HeadroomByEnvironment().Keys);

        Assert.True(running[0].Release());
        Assert.True(running[1].Release());
        Assert.False(running[1].Release());
        Assert.Equal(0, gate.PlanInFlight);
        Assert.DoesNotContain(Staging, gate.HeadroomByEnvironment().Keys);
        Assert.True(AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging)).WasDeleted);
    }

    [Fact]
    public void Apply_DeletedEnvironmentComesBack_AdmitsAgainWithItsRunningCallsCounted()
    {
        // R13, G1, G7: counts are never reset by an allocation change; running calls stay counted.
        var gate = new CallGate(Allocation(10, (Production, 2), (Staging, 2)));
        Admit(gate, Staging);
        gate.Apply(Allocation(10, (Production, 2)));

        gate.Apply(Allocation(10, (Production, 2), (Staging, 2)));

        Admit(gate, Staging);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Staging));
    }

    [Fact]
    public void Apply_NullAllocation_Throws()
    {
        // DESIGN.md §1: null is a programming error, thrown by a guard.
        var gate = new CallGate(Allocation(10, (Production, 5)));

        Assert.Throws<ArgumentNullException>(() => gate.Apply(null!));
    }
}
