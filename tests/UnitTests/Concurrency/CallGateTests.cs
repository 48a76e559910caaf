using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>The call gate (R13), split by concern: admission, release, live updates, headroom.</summary>
public partial class CallGateTests
{
    private static readonly EnvironmentId Production = new(Guid.Parse("01960000-0000-7000-8000-000000000001"));
    private static readonly EnvironmentId Staging = new(Guid.Parse("01960000-0000-7000-8000-000000000002"));
    private static readonly EnvironmentId Development = new(Guid.Parse("01960000-0000-7000-8000-000000000003"));

    private static ConcurrencyAllocation Allocation(int planLimit, params (EnvironmentId Environment, int Limit)[] limits) =>
        ConcurrencyAllocation.Create(planLimit, limits.Select(l => KeyValuePair.Create(l.Environment, l.Limit)));

    private static AdmittedCall Admit(CallGate gate, EnvironmentId environment)
    {
        var admission = gate.TryAdmit(environment).ToOneOf();
        Assert.True(admission.IsT0, $"expected an admission, got {admission.Value}");
        return admission.AsT0;
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
