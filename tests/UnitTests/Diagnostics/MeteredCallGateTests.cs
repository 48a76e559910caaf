using Fluents.Settings.Concurrency;
using Fluents.Settings.Contracts;
using Fluents.Settings.Diagnostics;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.UnitTests.Diagnostics;

/// <summary>
/// The metered gate passes the contract of every call gate (R13, R30): recording changes nothing it decides. Its own
/// tests check what it records: each admission by its answer, the calls in flight on this host, and how long each held.
/// </summary>
public sealed class MeteredCallGateTests : CallGateContract, IDisposable
{
    private readonly MeterRecorder _recorded = new();

    private SettingsMetrics Metrics => _recorded.Metrics;

    public void Dispose() => _recorded.Dispose();

    protected override ICallGate CreateGate(GateLimitsLoader? loadLimits = null) => new MeteredCallGate(new InProcessCallGate(loadLimits), Metrics);

    [Fact]
    public async Task Admissions_AreCountedByTheGatesAnswer()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 2, staging: 1, production: 2);
        var failing = new MeteredCallGate(new InProcessCallGate((_, _) => throw new TimeoutException("the store is down")), Metrics);

        _ = Admitted(await gate.TryAdmitAsync(account, staging));
        _ = AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));
        _ = Admitted(await gate.TryAdmitAsync(account, production));
        _ = AssertRefused<PlanAtCapacity>(await gate.TryAdmitAsync(account, production));
        _ = AssertRefused<UnknownEnvironment>(await gate.TryAdmitAsync(account, NewEnvironment()));
        _ = AssertRefused<GateUnavailable>(await failing.TryAdmitAsync(NewAccount(), NewEnvironment()));

        Assert.Equal(
            ["admitted", "environment_at_capacity", "admitted", "plan_at_capacity", "unknown_environment", "gate_unavailable"],
            _recorded.Of(Instruments.Admissions).Select(m => m.Tag(Tags.GateResult)));
        Assert.All(_recorded.Of(Instruments.Admissions), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task ACall_CountsInFlightFromItsAdmissionToItsRelease_AndRecordsHowLongItHeldOnce()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 5, production: 5);

        var lease = Admitted(await gate.TryAdmitAsync(account, staging));
        Assert.Equal([1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));
        Assert.Empty(_recorded.Of(Instruments.CallLeaseDuration));
        Assert.True(await lease.ReleaseAsync());
        Assert.False(await lease.ReleaseAsync()); // a duplicate hang-up frees nothing and records nothing

        Assert.Equal([1.0, -1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));
        Assert.InRange(Assert.Single(_recorded.Of(Instruments.CallLeaseDuration)).Value, 0, 10); // seconds
    }

    [Fact]
    public async Task ARetriedAdmissionWithItsLeaseId_CountsOneCallInFlight()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 5, production: 5);
        var id = CallLeaseId.New();

        var first = Admitted(await gate.TryAdmitAsync(account, staging, id));
        var retried = Admitted(await gate.TryAdmitAsync(account, staging, id));

        Assert.Equal(first, retried);
        Assert.Equal([1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));
        Assert.Equal(2, _recorded.Of(Instruments.Admissions).Count);
    }

    [Fact]
    public async Task ALeaseRebuiltFromItsIds_OnTheHostThatAdmittedIt_EndsTheCallWithItsDuration()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 5, production: 5);
        var admitted = Admitted(await gate.TryAdmitAsync(account, staging));

        Assert.True(await gate.ReleaseAsync(new CallLease(gate, account, staging, admitted.Id)));

        Assert.Equal([1.0, -1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));
        Assert.Single(_recorded.Of(Instruments.CallLeaseDuration));
    }

    [Fact]
    public async Task ACallAdmittedElsewhere_ReleasedHere_EndsWithoutADuration_SoTheSumOverHostsStaysRight()
    {
        var shared = new InProcessCallGate(); // the store every host's gate decides with
        var here = new MeteredCallGate(shared, Metrics);
        var account = NewAccount();
        var staging = NewEnvironment();
        Assert.True(await here.ApplyAsync(account, 1, Allocation(10, (staging, 5))));
        var id = CallLeaseId.New(); // the call's id, known to every host (the hang-up webhook carries it)
        _ = Admitted(await shared.TryAdmitAsync(account, staging, id));

        Assert.True(await here.ReleaseAsync(new CallLease(here, account, staging, id)));
        Assert.False(await here.ReleaseAsync(new CallLease(here, account, staging, id))); // already ended: nothing more

        Assert.Equal([-1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));
        Assert.Empty(_recorded.Of(Instruments.CallLeaseDuration));
        Assert.Equal(0, (await shared.GetHeadroomAsync(account, staging))!.Value.EnvironmentInFlight);
    }

    [Fact]
    public async Task ALeaseIdRebuiltWithAnotherEnvironment_EndsNothing_AndTheCallStillEndsWithItsDuration()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 5, production: 5);
        var admitted = Admitted(await gate.TryAdmitAsync(account, staging));

        Assert.False(await gate.ReleaseAsync(new CallLease(gate, account, production, admitted.Id)));
        Assert.False(await gate.ReleaseAsync(new CallLease(gate, NewAccount(), staging, admitted.Id)));
        Assert.Equal([1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));

        Assert.True(await admitted.ReleaseAsync());
        Assert.Equal([1.0, -1.0], _recorded.Of(Instruments.ActiveCallLeases).Select(m => m.Value));
        Assert.Single(_recorded.Of(Instruments.CallLeaseDuration));
    }

    [Fact]
    public async Task Release_OfTheDefaultLease_IsFalseAndRecordsNothing()
    {
        var gate = CreateGate();

        Assert.False(await gate.ReleaseAsync(default));

        Assert.Empty(_recorded.Of(Instruments.ActiveCallLeases));
    }

    [Fact]
    public void Inner_IsTheGateThatDecides_AndNullArgumentsThrow()
    {
        var inner = new InProcessCallGate();

        Assert.Same(inner, new MeteredCallGate(inner, Metrics).Inner);
        Assert.Throws<ArgumentNullException>("inner", () => new MeteredCallGate(null!, Metrics));
        Assert.Throws<ArgumentNullException>("metrics", () => new MeteredCallGate(inner, null!));
    }

    [Fact]
    public async Task HeadroomAndApply_AreTheInnerGatesAnswers()
    {
        var inner = new InProcessCallGate();
        var gate = new MeteredCallGate(inner, Metrics);
        var account = NewAccount();
        var (staging, production) = (NewEnvironment(), NewEnvironment());

        Assert.True(await gate.ApplyAsync(account, 2, Allocation(10, (staging, 4), (production, 6))));
        Assert.False(await gate.ApplyAsync(account, 1, Allocation(10, (staging, 1))));
        _ = Admitted(await gate.TryAdmitAsync(account, staging));

        Assert.Equal(await inner.GetHeadroomAsync(account, staging), await gate.GetHeadroomAsync(account, staging));
        Assert.Equal(4, (await gate.GetHeadroomAsync(account, staging))!.Value.EnvironmentLimit);
        Assert.Equal(
            (await inner.GetHeadroomByEnvironmentAsync(account)).OrderBy(p => p.Key.Value),
            (await gate.GetHeadroomByEnvironmentAsync(account)).OrderBy(p => p.Key.Value));
    }
}
