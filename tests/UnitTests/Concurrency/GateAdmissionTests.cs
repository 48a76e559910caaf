using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>
/// <see cref="GateAdmission"/>, the answer of every call gate: each case reaches the one function or action named after
/// it in <c>Match</c>, <c>Switch</c> and <c>ToOneOf</c>, with the refusal's environment and headroom intact (a deleted
/// environment stays told apart from an unknown one), and a default admission is refused loudly.
/// </summary>
public class GateAdmissionTests
{
    private static readonly EnvironmentId Environment = new(Guid.NewGuid());
    private static readonly CallHeadroom Headroom = new(3, 3, 5, 8);

    public static TheoryData<string> Cases => ["admitted", "environment", "plan", "unknown", "deleted", "unavailable"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchSwitchAndToOneOf_ReachTheCaseNamedAfterTheAnswer_WithItsDetails(string name)
    {
        var (admission, expected) = Admission(name);

        var matched = admission.Match<object>(lease => lease, refusal => refusal, refusal => refusal, refusal => refusal, refusal => refusal);
        object? switched = null;
        admission.Switch(lease => switched = lease, refusal => switched = refusal, refusal => switched = refusal, refusal => switched = refusal, refusal => switched = refusal);
        var oneOf = admission.ToOneOf();

        Assert.Equal(expected, matched);
        Assert.Equal(expected, switched);
        Assert.Equal(expected, oneOf.Value);
        Assert.Equal(CaseIndex(name), oneOf.Index);
        Assert.Equal(name == "admitted", admission.IsAdmitted);
        Assert.Equal(name == "admitted" ? null : expected, admission.Error);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToString_IsTheLeaseOrTheRefusalsCode(string name)
    {
        var (admission, expected) = Admission(name);

        Assert.Equal(expected is CallLease lease ? $"admitted {lease}" : ((ICallRefusal)expected).Code, admission.ToString());
    }

    [Fact]
    public void Default_IsNoAdmission_AndRefusesToBeMatched()
    {
        var none = default(GateAdmission);

        Assert.Equal("no admission", none.ToString());
        Assert.False(none.IsAdmitted);
        var matched = Assert.Throws<InvalidOperationException>(() => none.Match(_ => 0, _ => 0, _ => 0, _ => 0, _ => 0));
        Assert.Contains("default", matched.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => none.Switch(_ => { }, _ => { }, _ => { }, _ => { }, _ => { }));
        Assert.Throws<InvalidOperationException>(() => none.ToOneOf());
    }

    [Fact]
    public void ADefaultLease_IsNoAdmission()
    {
        var thrown = Assert.Throws<ArgumentException>("admitted", () => (GateAdmission)default(CallLease));

        Assert.StartsWith("A default CallLease is no admission.", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchAndSwitch_NullFunctions_ThrowNamingTheCase()
    {
        var admission = Admission("plan").Admission;

        Assert.Throws<ArgumentNullException>("admitted", () => admission.Match(null!, _ => 0, _ => 0, _ => 0, _ => 0));
        Assert.Throws<ArgumentNullException>("environmentAtCapacity", () => admission.Match(_ => 0, null!, _ => 0, _ => 0, _ => 0));
        Assert.Throws<ArgumentNullException>("planAtCapacity", () => admission.Match(_ => 0, _ => 0, null!, _ => 0, _ => 0));
        Assert.Throws<ArgumentNullException>("unknownEnvironment", () => admission.Match(_ => 0, _ => 0, _ => 0, null!, _ => 0));
        Assert.Throws<ArgumentNullException>("gateUnavailable", () => admission.Match(_ => 0, _ => 0, _ => 0, _ => 0, null!));
        Assert.Throws<ArgumentNullException>("admitted", () => admission.Switch(null!, _ => { }, _ => { }, _ => { }, _ => { }));
        Assert.Throws<ArgumentNullException>("environmentAtCapacity", () => admission.Switch(_ => { }, null!, _ => { }, _ => { }, _ => { }));
        Assert.Throws<ArgumentNullException>("planAtCapacity", () => admission.Switch(_ => { }, _ => { }, null!, _ => { }, _ => { }));
        Assert.Throws<ArgumentNullException>("unknownEnvironment", () => admission.Switch(_ => { }, _ => { }, _ => { }, null!, _ => { }));
        Assert.Throws<ArgumentNullException>("gateUnavailable", () => admission.Switch(_ => { }, _ => { }, _ => { }, _ => { }, null!));
    }

    private static int CaseIndex(string name) => name switch
    {
        "admitted" => 0,
        "environment" => 1,
        "plan" => 2,
        "unknown" or "deleted" => 3,
        _ => 4,
    };

    private static (GateAdmission Admission, object Expected) Admission(string name)
    {
        switch (name)
        {
            case "admitted":
                var lease = new CallLease(new InProcessCallGate(), new AccountId(Guid.NewGuid()), Environment, CallLeaseId.New());
                return (lease, lease);
            case "environment":
                var full = new EnvironmentAtCapacity(Environment, Headroom);
                return (full, full);
            case "plan":
                var planFull = new PlanAtCapacity(Environment, Headroom);
                return (planFull, planFull);
            case "unknown":
                var unknown = new UnknownEnvironment(Environment, WasDeleted: false, Headroom);
                return (unknown, unknown);
            case "deleted":
                var deleted = new UnknownEnvironment(Environment, WasDeleted: true, Headroom);
                return (deleted, deleted);
            default:
                var unavailable = new GateUnavailable(Environment, "Redis did not answer within 00:00:01");
                return (unavailable, unavailable);
        }
    }
}
