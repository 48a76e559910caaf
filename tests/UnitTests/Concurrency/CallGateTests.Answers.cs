using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// <see cref="CallAdmission"/>, the in-process gate's answer: each case reaches the one function or action named after
/// it, with its details (a deleted environment told apart from an unknown one), and null functions are named.
/// </summary>
public partial class CallGateTests
{
    public static TheoryData<string> AdmissionCases => ["admitted", "environment", "plan", "unknown", "deleted"];

    [Theory]
    [MemberData(nameof(AdmissionCases))]
    public void CallAdmission_MatchSwitchAndToOneOf_ReachTheCaseNamedAfterTheAnswer(string name)
    {
        var admission = AdmissionOf(name);

        var matched = admission.Match<object>(call => call, full => full, planFull => planFull, unknown => unknown);
        object? switched = null;
        admission.Switch(call => switched = call, full => switched = full, planFull => switched = planFull, unknown => switched = unknown);
        var oneOf = admission.ToOneOf();

        Assert.Equal(matched, switched);
        Assert.Equal(matched, oneOf.Value);
        Assert.Equal(name switch { "admitted" => 0, "environment" => 1, "plan" => 2, _ => 3 }, oneOf.Index);
        Assert.Equal(name == "admitted", admission.IsAdmitted);
        if (matched is UnknownEnvironment unknown) Assert.Equal(name == "deleted", unknown.WasDeleted);
        Assert.Equal(matched is ICallRefusal refusal ? refusal.Code : $"admitted {matched}", admission.ToString());
    }

    [Fact]
    public void CallAdmission_NullFunctions_ThrowNamingTheCase()
    {
        var admission = AdmissionOf("plan");

        Assert.Throws<ArgumentNullException>("admitted", () => admission.Match(null!, _ => 0, _ => 0, _ => 0));
        Assert.Throws<ArgumentNullException>("environmentAtCapacity", () => admission.Match(_ => 0, null!, _ => 0, _ => 0));
        Assert.Throws<ArgumentNullException>("planAtCapacity", () => admission.Match(_ => 0, _ => 0, null!, _ => 0));
        Assert.Throws<ArgumentNullException>("unknownEnvironment", () => admission.Match(_ => 0, _ => 0, _ => 0, null!));
        Assert.Throws<ArgumentNullException>("admitted", () => admission.Switch(null!, _ => { }, _ => { }, _ => { }));
        Assert.Throws<ArgumentNullException>("environmentAtCapacity", () => admission.Switch(_ => { }, null!, _ => { }, _ => { }));
        Assert.Throws<ArgumentNullException>("planAtCapacity", () => admission.Switch(_ => { }, _ => { }, null!, _ => { }));
        Assert.Throws<ArgumentNullException>("unknownEnvironment", () => admission.Switch(_ => { }, _ => { }, _ => { }, null!));
    }

    [Fact]
    public void CallLease_ReadsAsTheLeaseOrNoLease_AndComparesByGateAccountEnvironmentAndId()
    {
        var gate = new InProcessCallGate();
        var account = new Fluents.Settings.Accounts.AccountId(Guid.NewGuid());
        var id = CallLeaseId.New();
        var lease = new CallLease(gate, account, Staging, id);

        Assert.Equal($"lease {id} in environment {Staging}", lease.ToString());
        Assert.Equal("no lease", default(CallLease).ToString());
        Assert.True(lease == new CallLease(gate, account, Staging, id));
        Assert.False(lease != new CallLease(gate, account, Staging, id));
        Assert.True(lease != new CallLease(gate, account, Production, id));
        Assert.True(lease != new CallLease(new InProcessCallGate(), account, Staging, id));
        Assert.False(lease == default);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void CallLeaseId_TryParse_RefusesTextThatIsNoIdAndLeavesTheDefault(string? text)
    {
        Assert.False(CallLeaseId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void CallLeaseId_TryParse_ReadsWhatToStringWrote()
    {
        var id = CallLeaseId.New();

        Assert.True(CallLeaseId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
    }

    private static CallAdmission AdmissionOf(string name)
    {
        var gate = new CallGate(Allocation(3, (Production, 1), (Staging, 2)));
        switch (name)
        {
            case "admitted":
                return gate.TryAdmit(Staging);
            case "environment":
                Admit(gate, Production);
                return gate.TryAdmit(Production);
            case "plan":
                Admit(gate, Production);
                Admit(gate, Staging);
                Admit(gate, Staging);
                return AdmitWhenPlanFull(gate);
            case "unknown":
                return gate.TryAdmit(new EnvironmentId(Guid.NewGuid()));
            default:
                gate.Apply(Allocation(3, (Staging, 2)));
                return gate.TryAdmit(Production);
        }
    }

    // Plan 3 = 1 + 2 is full; a third environment with room of its own is refused by the plan.
    private static CallAdmission AdmitWhenPlanFull(CallGate gate)
    {
        gate.Apply(Allocation(3, (Production, 1), (Staging, 2), (Development, 1)));
        return gate.TryAdmit(Development);
    }
}
