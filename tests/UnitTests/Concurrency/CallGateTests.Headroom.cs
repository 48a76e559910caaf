using Fluents.Settings.Concurrency;

namespace Fluents.Settings.UnitTests.Concurrency;

public partial class CallGateTests
{
    [Fact]
    public void HeadroomByEnvironment_CallsInFlight_ShowsInUseAndRemainingPerEnvironment()
    {
        // R13: what the Settings page shows as "in use now / remaining".
        var gate = new CallGate(Allocation(40, (Production, 20), (Staging, 10), (Development, 10)));
        AdmitMany(gate, Production, 3);
        AdmitMany(gate, Staging, 10);

        var headroom = gate.HeadroomByEnvironment();

        Assert.Equal(3, headroom.Count);
        Assert.Equal(new CallHeadroom(3, 20, 13, 40), headroom[Production]);
        Assert.Equal(17, headroom[Production].Remaining);
        Assert.Equal(0, headroom[Staging].Remaining);
        Assert.Equal(10, headroom[Development].Remaining);
        Assert.Equal(13, gate.PlanInFlight);
        Assert.Equal(40, gate.PlanLimit);
    }

    [Fact]
    public void Remaining_PlanTighterThanEnvironment_IsThePlanRemainder()
    {
        // R13 checks both limits, so the remainder is the smaller one (Vapi's remainingConcurrentCalls).
        var headroom = new CallHeadroom(EnvironmentInFlight: 1, EnvironmentLimit: 10, PlanInFlight: 38, PlanLimit: 40);

        Assert.Equal(9, headroom.EnvironmentRemaining);
        Assert.Equal(2, headroom.PlanRemaining);
        Assert.Equal(2, headroom.Remaining);
    }

    [Fact]
    public void Remaining_InFlightAboveLoweredLimit_IsZeroNotNegative()
    {
        // R13: after a limit is lowered below the calls in flight, the headroom is 0, never negative.
        var headroom = new CallHeadroom(EnvironmentInFlight: 5, EnvironmentLimit: 2, PlanInFlight: 5, PlanLimit: 4);

        Assert.Equal(0, headroom.EnvironmentRemaining);
        Assert.Equal(0, headroom.PlanRemaining);
        Assert.Equal(0, headroom.Remaining);
    }
}
