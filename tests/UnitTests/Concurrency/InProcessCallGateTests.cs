using Fluents.Settings.Concurrency;
using Fluents.Settings.Contracts;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// The in-process gate passes the contract every call gate passes (R13, R30); its own tests cover what is particular to
/// it: it completes synchronously, allocates nothing for a call admitted without a lease id, and keeps the account's
/// synchronous <see cref="CallGate"/> reachable.
/// </summary>
public sealed class InProcessCallGateTests : CallGateContract
{
    protected override ICallGate CreateGate(GateLimitsLoader? loadLimits = null) => new InProcessCallGate(loadLimits);

    [Fact]
    public async Task TryAdmitAndRelease_AnAccountItHolds_CompleteSynchronouslyAndAllocateNothing()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 3, production: 5);
        AdmitAndRelease(gate, account, staging); // warm up (JIT, the account's first lookup)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) AdmitAndRelease(gate, account, staging);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        static void AdmitAndRelease(ICallGate gate, Fluents.Settings.Accounts.AccountId account, Fluents.Settings.Environments.EnvironmentId environment)
        {
            var admission = gate.TryAdmitAsync(account, environment);
            Assert.True(admission.IsCompletedSuccessfully);
            Assert.True(admission.Result.TryGetLease(out var lease));
            var released = lease.ReleaseAsync();
            Assert.True(released.IsCompletedSuccessfully && released.Result);
            var refused = gate.TryAdmitAsync(account, NewEnvironment());
            Assert.True(refused.IsCompletedSuccessfully && !refused.Result.IsAdmitted);
        }
    }

    [Fact]
    public async Task TryGetAccountGate_AfterApply_IsTheAccountsSynchronousGate()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 1, production: 5);
        var inProcess = (InProcessCallGate)gate;

        Assert.True(inProcess.TryGetAccountGate(account, out var callGate));
        Assert.True(callGate.TryAdmit(staging).IsAdmitted); // the same counts as the port's
        Assert.False((await gate.TryAdmitAsync(account, staging)).IsAdmitted);
        Assert.False(inProcess.TryGetAccountGate(NewAccount(), out _));
    }

    [Fact]
    public async Task TryAdmit_LoaderThrows_IsGateUnavailableWithTheReason()
    {
        var gate = new InProcessCallGate((_, _) => throw new InvalidOperationException("the database is down"));
        var environment = NewEnvironment();

        var refused = AssertRefused<GateUnavailable>(await gate.TryAdmitAsync(NewAccount(), environment));

        Assert.Equal("concurrency.gate_unavailable", refused.Code);
        Assert.Contains("the database is down", refused.Message, StringComparison.Ordinal);
        Assert.Equal(environment, refused.Environment);
        Assert.Equal(0, refused.Headroom.Remaining);
    }

    [Fact]
    public async Task ReleaseAsync_ALeaseOfAnotherGate_FreesNothingHere()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 1, production: 5);
        var other = new InProcessCallGate();
        var lease = Admitted(await gate.TryAdmitAsync(account, staging));

        Assert.False(await other.ReleaseAsync(lease));
        Assert.True(await lease.ReleaseAsync());
    }
}
