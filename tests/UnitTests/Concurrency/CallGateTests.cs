using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// The call gate (R13), split by concern: admission, release, live updates, plan counting, forgetting, interleavings,
/// headroom. Each test cites the rules it checks and the gate's invariants G1–G7 (docs/call-gate.md).
/// </summary>
public partial class CallGateTests
{
    private static readonly EnvironmentId Production = new(Guid.Parse("01960000-0000-7000-8000-000000000001"));
    private static readonly EnvironmentId Staging = new(Guid.Parse("01960000-0000-7000-8000-000000000002"));
    private static readonly EnvironmentId Development = new(Guid.Parse("01960000-0000-7000-8000-000000000003"));

    private static ConcurrencyAllocation Allocation(int planLimit, params (EnvironmentId Environment, int Limit)[] limits) =>
        ConcurrencyAllocation.Create(planLimit, limits.Select(l => KeyValuePair.Create(l.Environment, l.Limit)));

    private static AdmittedCall Admit(CallGate gate, EnvironmentId environment)
    {
        var admission = gate.TryAdmit(environment);
        Assert.True(admission.TryGetCall(out var call), $"expected an admission, got {admission}");
        return call;
    }

    // The refusal an admission holds, which must be a TRefusal (e.g. PlanAtCapacity), read by name through Match.
    private static TRefusal AssertRefused<TRefusal>(CallAdmission admission)
        where TRefusal : struct, ICallRefusal
    {
        var refusal = admission.Match<ICallRefusal?>(
            admitted: _ => null,
            environmentAtCapacity: full => full,
            planAtCapacity: planFull => planFull,
            unknownEnvironment: unknown => unknown);
        Assert.True(refusal is TRefusal, $"expected {typeof(TRefusal).Name}, got {admission}");
        return (TRefusal)refusal!;
    }

    private static List<AdmittedCall> AdmitMany(CallGate gate, EnvironmentId environment, int count) =>
        Enumerable.Range(0, count).Select(_ => Admit(gate, environment)).ToList();

    private static void AssertCounts(CallGate gate, EnvironmentId environment, int environmentInFlight, int planInFlight)
    {
        Assert.True(gate.TryGetHeadroom(environment, out var headroom));
        Assert.Equal(environmentInFlight, headroom.EnvironmentInFlight);
        Assert.Equal(planInFlight, gate.PlanInFlight);
    }
}
