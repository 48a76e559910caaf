using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

public partial class CallGateTests
{
    [Fact]
    public void Release_Once_FreesOnePlaceInEnvironmentAndPlan()
    {
        // R13, G3: every admitted call is released exactly once, and that frees its places.
        var gate = new CallGate(Allocation(10, (Production, 2)));
        var first = Admit(gate, Production);
        Admit(gate, Production);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));

        Assert.True(first.Release());

        AssertCounts(gate, Production, environmentInFlight: 1, planInFlight: 1);
        Admit(gate, Production);
    }

    [Fact]
    public void Release_Twice_ReturnsFalseAndFreesOnlyOnce()
    {
        // R13, G3: releasing twice must never free capacity twice.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        var call = Admit(gate, Production);
        Admit(gate, Production);

        Assert.True(call.Release());
        Assert.False(call.Release());

        AssertCounts(gate, Production, environmentInFlight: 1, planInFlight: 1);
    }

    [Fact]
    public void Release_CopyOfReleasedCall_ReturnsFalse()
    {
        // R13, G3: a struct copy is the same admission, not a second one.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        var call = Admit(gate, Production);
        var copy = call;

        Assert.Equal(call, copy);
        Assert.True(copy.Release());
        Assert.False(call.Release());
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
    }

    [Fact]
    public void Release_StaleCopyAfterSeatReused_DoesNotFreeTheNewCall()
    {
        // R13, G3: a late duplicate release must not end a later call that reuses the same internal seat.
        var gate = new CallGate(Allocation(10, (Production, 5)));
        var first = Admit(gate, Production);
        var stale = first;
        Assert.True(first.Release());
        var second = Admit(gate, Production);

        Assert.NotEqual(stale, second);
        Assert.False(stale.Release());
        AssertCounts(gate, Production, environmentInFlight: 1, planInFlight: 1);
        Assert.True(second.Release());
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
    }

    [Fact]
    public void Release_CallsInTwoEnvironmentsWithTheSameSeat_AreDifferentAdmissions()
    {
        // R13, G3: seats belong to an environment; the first call of each must not pass for the other.
        var gate = new CallGate(Allocation(10, (Production, 5), (Staging, 5)));
        var production = Admit(gate, Production);
        var staging = Admit(gate, Staging);

        Assert.NotEqual(production, staging);
        Assert.True(production.Release());
        Assert.True(staging.Release());
        Assert.False(production.Release());
        AssertCounts(gate, Staging, environmentInFlight: 0, planInFlight: 0);
    }

    [Fact]
    public void Release_InAdmissionOrder_ReusesSeatsAndStaysExact()
    {
        // R13, G3: calls that end in the order they started (the usual case) are each released exactly once.
        var gate = new CallGate(Allocation(100, (Production, 50)));
        var calls = new Queue<AdmittedCall>();
        for (var i = 0; i < 50; i++) calls.Enqueue(Admit(gate, Production));
        for (var i = 0; i < 1_000; i++)
        {
            var oldest = calls.Dequeue();
            Assert.True(oldest.Release());
            Assert.False(oldest.Release());
            calls.Enqueue(Admit(gate, Production));
        }

        AssertCounts(gate, Production, environmentInFlight: 50, planInFlight: 50);
        AssertRefused<EnvironmentAtCapacity>(gate.TryAdmit(Production));
        while (calls.Count > 0) Assert.True(calls.Dequeue().Release());
        AssertCounts(gate, Production, environmentInFlight: 0, planInFlight: 0);
    }

    [Fact]
    public void Release_DefaultCall_ReturnsFalse()
    {
        // R13: releasing something that was never admitted frees nothing, visibly.
        var call = default(AdmittedCall);

        Assert.False(call.IsAdmitted);
        Assert.Equal(default, call.Environment);
        Assert.False(call.Release());
        Assert.Equal("no call", call.ToString());
    }

    [Fact]
    public void AdmitAndRelease_SteadyState_AllocatesNothing()
    {
        // DESIGN.md §6: 0 B per admit + release, and per refusal. The first round lets the JIT settle (its
        // on-stack replacement of a hot loop can allocate once); the second is measured.
        var gate = new CallGate(Allocation(40, (Production, 20), (Staging, 0)));
        AdmitReleaseAndRefuse(gate);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AdmitReleaseAndRefuse(gate);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AdmitReleaseAndRefuse_TenThousandEnvironments_AllocatesNothing()
    {
        // DESIGN.md §6: 0 B with the plan counted too (a gate of more than MostEnvironmentsSummed environments).
        var others = Enumerable.Range(0, 10_000).Select(_ => (new EnvironmentId(Guid.CreateVersion7()), 1));
        var gate = new CallGate(Allocation(20_000, others.Append((Production, 20)).Append((Staging, 0)).ToArray()));
        Assert.True(gate.IsCountingPlan);
        AdmitReleaseAndRefuse(gate);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AdmitReleaseAndRefuse(gate);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AdmitReleaseAndRefuse(CallGate gate)
    {
        for (var i = 0; i < 10_000; i++)
        {
            if (gate.TryAdmit(Production).TryGetCall(out var call)) call.Release();
            _ = gate.TryAdmit(Staging);
            _ = gate.TryAdmit(Development);
        }
    }
}
