using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// R6 + R13: a deleted environment stays in the gate only while calls it admitted run; the first Apply after its
/// last call ended forgets it, so that Apply, reads and memory scale with the live environments, not with every
/// environment the gate ever saw. The most recently forgotten ids are still reported as deleted (G7 of docs/call-gate.md).
/// </summary>
public partial class CallGateTests
{
    [Fact]
    public void Apply_ManyEnvironmentsCreatedAndDeleted_HoldsOnlyTheLiveOnes()
    {
        // G7 (issue 10): after 20,000 create/delete cycles the gate held 20,000 counters and Apply took 80× longer.
        var gate = new CallGate(Allocation(10, (Production, 5)));

        for (var i = 0; i < 1_000; i++)
        {
            var created = new EnvironmentId(Guid.CreateVersion7());
            gate.Apply(Allocation(10, (Production, 5), (created, 5)));
            Admit(gate, created).Release();
            gate.Apply(Allocation(10, (Production, 5)));
        }

        Assert.Equal(1, gate.EnvironmentsHeld);
        Assert.Single(gate.HeadroomByEnvironment());
    }

    [Fact]
    public void Apply_DeletedEnvironmentWithCalls_IsForgottenAtTheFirstApplyAfterItsLastCallEnds()
    {
        // R13, G7: its calls keep counting (and can be released) until they end; then it is dropped, still known as deleted.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        var running = AdmitMany(gate, Staging, 2);
        gate.Apply(Allocation(10, (Production, 5)));
        Assert.True(running[0].Release());

        gate.Apply(Allocation(10, (Production, 5)));
        Assert.Equal(2, gate.EnvironmentsHeld);
        AssertCounts(gate, Staging, environmentInFlight: 1, planInFlight: 1);
        Assert.True(running[1].Release());
        gate.Apply(Allocation(10, (Production, 5)));

        Assert.Equal(1, gate.EnvironmentsHeld);
        Assert.False(running[1].Release());
        Assert.True(gate.TryGetHeadroom(Staging, out var headroom));
        Assert.Equal(new CallHeadroom(0, 0, 0, 10), headroom);
        var refusal = AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging));
        Assert.True(refusal.WasDeleted);
        Assert.Equal(new CallHeadroom(0, 0, 0, 10), refusal.Headroom);
    }

    [Fact]
    public void TryAdmit_EnvironmentForgottenLongAgo_IsUnknown()
    {
        // G7: remembering deleted ids is bounded: after RememberedForgottenEnvironments later deletions, an id is as unknown
        // as one the gate never saw.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        gate.Apply(Allocation(10, (Production, 5)));
        for (var i = 0; i < CallGate.RememberedForgottenEnvironments; i++)
        {
            gate.Apply(Allocation(10, (Production, 5), (new EnvironmentId(Guid.CreateVersion7()), 1)));
            gate.Apply(Allocation(10, (Production, 5)));
        }

        var refusal = AssertRefused<UnknownEnvironment>(gate.TryAdmit(Staging));

        Assert.False(refusal.WasDeleted);
        Assert.False(gate.TryGetHeadroom(Staging, out _));
    }

    [Fact]
    public void Apply_ForgottenEnvironmentComesBack_StartsWithNoCallAndOldCopiesFreeNothing()
    {
        // R13, G3, G7: its calls all ended before it was forgotten; a stale copy of one of them must not free a new call.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 1)));
        var old = Admit(gate, Staging);
        Assert.True(old.Release());
        gate.Apply(Allocation(10, (Production, 5)));
        Assert.Equal(1, gate.EnvironmentsHeld);

        gate.Apply(Allocation(10, (Production, 5), (Staging, 1)));

        var fresh = Admit(gate, Staging);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Staging));
        Assert.False(old.Release());
        AssertCounts(gate, Staging, environmentInFlight: 1, planInFlight: 1);
        Assert.True(fresh.Release());
        AssertCounts(gate, Staging, environmentInFlight: 0, planInFlight: 0);
    }
}
