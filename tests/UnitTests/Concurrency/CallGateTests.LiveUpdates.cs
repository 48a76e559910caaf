using Fluents.Settings.Concurrency;

namespace Fluents.Settings.UnitTests.Concurrency;

public partial class CallGateTests
{
    [Fact]
    public void Apply_LimitLoweredBelowInFlight_KeepsCallsAndRefusesUntilBelowNewLimit()
    {
        // R13: lowering a limit never cuts calls; new calls are refused until the count drops below it.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        var calls = AdmitMany(gate, Production, 4);

        gate.Apply(Allocation(10, (Production, 2)));

        AssertCounts(gate, Production, environmentInFlight: 4, planInFlight: 4);
        var refusal = gate.TryAdmit(Production).ToOneOf();
        Assert.True(refusal.IsT1);
        Assert.Equal(new CallHeadroom(4, 2, 4, 10), refusal.AsT1.Headroom);

        Assert.True(calls[0].Release());
        Assert.True(calls[1].Release());
        Assert.True(gate.TryAdmit(Production).ToOneOf().IsT1); // 2 in flight, limit 2: still full
        Assert.True(calls[2].Release());
        Admit(gate, Production); // 1 in flight < 2
    }

    [Fact]
    public void Apply_LimitRaised_AdmitsMoreAtNextAdmission()
    {
        // R13: a new allocation takes effect for the next admission.
        var gate = new CallGate(Allocation(10, (Production, 1)));
        Admit(gate, Production);
        Assert.True(gate.TryAdmit(Production).ToOneOf().IsT1);

        gate.Apply(Allocation(10, (Production, 3)));

        AdmitMany(gate, Production, 2);
        Assert.True(gate.TryAdmit(Production).ToOneOf().IsT1);
    }

    [Fact]
    public void Apply_PlanLowered_RefusesAsPlanUntilBelowNewPlanLimit()
    {
        // R12 + R13: a plan decrease never cuts calls; it leaves the account over-allocated.
        var gate = new CallGate(Allocation(6, (Production, 3), (Staging, 3)));
        var calls = AdmitMany(gate, Production, 3);

        gate.Apply(Allocation(2, (Production, 3), (Staging, 3)));

        Assert.Equal(2, gate.PlanLimit);
        var refusal = gate.TryAdmit(Staging).ToOneOf();
        Assert.True(refusal.IsT2);
        Assert.Equal(new CallHeadroom(0, 3, 3, 2), refusal.AsT2.Headroom);
        Assert.True(calls[0].Release());
        Assert.True(gate.TryAdmit(Staging).ToOneOf().IsT2); // 2 in flight, plan 2: still full
        Assert.True(calls[1].Release());
        Admit(gate, Staging); // 1 in flight < 2
    }

    [Fact]
    public void Apply_EnvironmentCreated_AdmitsIntoIt()
    {
        // R13: a new environment admits from the next admission on.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        Assert.True(gate.TryAdmit(Staging).ToOneOf().IsT3);

        gate.Apply(Allocation(10, (Production, 5), (Staging, 5)));

        Admit(gate, Staging);
        AssertCounts(gate, Staging, environmentInFlight: 1, planInFlight: 1);
    }

    [Fact]
    public void Apply_EnvironmentDeleted_AdmitsNothingButItsCallsStillRelease()
    {
        // R6 + R13: a deleted environment admits nothing; calls running in it end normally.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        var running = AdmitMany(gate, Staging, 2);

        gate.Apply(Allocation(10, (Production, 5)));

        var refusal = gate.TryAdmit(Staging).ToOneOf();
        Assert.True(refusal.IsT3);
        Assert.True(refusal.AsT3.WasDeleted);
        Assert.Equal("concurrency.environment_deleted", refusal.AsT3.Code);
        Assert.Equal(new CallHeadroom(2, 0, 2, 10), refusal.AsT3.Headroom);
        Assert.Contains(Staging, gate.HeadroomByEnvironment().Keys);

        Assert.True(running[0].Release());
        Assert.True(running[1].Release());
        Assert.False(running[1].Release());
        Assert.Equal(0, gate.PlanInFlight);
        Assert.DoesNotContain(Staging, gate.HeadroomByEnvironment().Keys);
        Assert.True(gate.TryAdmit(Staging).ToOneOf().AsT3.WasDeleted);
    }

    [Fact]
    public void Apply_DeletedEnvironmentComesBack_AdmitsAgainWithItsRunningCallsCounted()
    {
        // R13: counts are never reset by an allocation change; running calls stay counted.
        var gate = new CallGate(Allocation(10, (Production, 2), (Staging, 2)));
        Admit(gate, Staging);
        gate.Apply(Allocation(10, (Production, 2)));

        gate.Apply(Allocation(10, (Production, 2), (Staging, 2)));

        Admit(gate, Staging);
        Assert.True(gate.TryAdmit(Staging).ToOneOf().IsT1);
    }

    [Fact]
    public void Apply_NullAllocation_Throws()
    {
        // DESIGN.md §1: null is a programming error, thrown by a guard.
        var gate = new CallGate(Allocation(10, (Production, 5)));

        Assert.Throws<ArgumentNullException>(() => gate.Apply(null!));
    }
}
