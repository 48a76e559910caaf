using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Concurrency;

public class PlanChangeTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // P = 40, A = 20, B = 10, C = 10; then the plan drops to 20: over-allocated by 20.
    private static ArrangedAccount OverAllocated()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 10));
        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 20, TestAccounts.Now).Value;
        arranged.Account.TakeEvents();
        return arranged;
    }

    private static Dictionary<EnvironmentId, int> Targets(ArrangedAccount arranged, params (string Name, int Limit)[] targets) =>
        targets.ToDictionary(t => arranged[t.Name], t => t.Limit);

    [Fact]
    public void ChangePlan_BelowTheSum_IsAcceptedAndLeavesTheAccountOverAllocated_R12()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 10));
        var version = arranged.Account.Version;

        var result = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 20, Later);

        Assert.IsType<Success>(result.Value);
        Assert.Equal(20, arranged.Account.PlanLimit);
        Assert.True(arranged.Account.IsOverAllocated);
        Assert.Equal(version + 1, arranged.Account.Version);
        var changed = Assert.IsType<PlanLimitChanged>(Assert.Single(arranged.Account.PendingEvents));
        Assert.Equal(new PlanLimitChanged(TestAccounts.AccountId, Later, 40, 20, 40).ByAdmin(arranged.Account), changed);
        Assert.True(changed.IsOverAllocated);
    }

    [Fact]
    public void ChangePlan_ToZero_IsAccepted_R12()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20));

        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 0, Later).Value;

        Assert.Equal(0, arranged.Account.PlanLimit);
        Assert.True(arranged.Account.IsOverAllocated);
    }

    [Fact]
    public void ChangePlan_Negative_IsRefused_R8()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20));
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.ChangePlanLimit(TestAccounts.Admin, -1, Later);

        Assert.Equal(new InvalidMaxConcurrentCalls(-1), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void ChangePlan_Up_AddsUnallocatedCalls_R8()
    {
        var arranged = ArrangedAccount.With(40, ("A", 40));

        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 50, Later).Value;

        Assert.Equal(10, arranged.Account.ViewEnvironments(TestAccounts.Admin).Value.Unallocated);
        Assert.IsType<Success>(arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 50, Later).Value);
    }

    [Fact]
    public void ChangePlan_ToTheSameLimit_SucceedsWithoutEventOrVersion_R8()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20));
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 40, Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void ChangePlan_ToExactlyTheSum_IsNotOverAllocated_R12()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10));

        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 30, Later).Value;

        Assert.False(arranged.Account.IsOverAllocated);
        Assert.IsType<AllocationExceedsPlan>(arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 21, Later).Error);
    }

    [Fact]
    public void OverAllocated_Table_ShowsZeroUnallocatedAndTheFlag_R12()
    {
        var table = OverAllocated().Account.ViewEnvironments(TestAccounts.Admin).Value;

        Assert.True(table.IsOverAllocated);
        Assert.Equal(40, table.Allocated);
        Assert.Equal(0, table.Unallocated);
        Assert.Equal(20, table.PlanLimit);
    }

    [Fact]
    public void OverAllocated_RaisingAnEnvironment_IsRefusedWithItsCurrentLimitAsAllowed_R12()
    {
        var arranged = OverAllocated();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 11, Later);

        Assert.Equal(new AllocationExceedsPlan(arranged["B"], 11, 10, 0, 20), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void OverAllocated_CreatingWithCalls_IsRefused_R12()
    {
        var arranged = OverAllocated();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.CreateEnvironment(TestAccounts.Admin, "D", 1, Later, new SeededSecretGenerator(1));

        Assert.Equal(new AllocationExceedsPlan(null, 1, 0, 0, 20), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void OverAllocated_CreatingWithZeroCalls_IsAccepted_R12()
    {
        var arranged = OverAllocated();

        var result = arranged.Account.CreateEnvironment(TestAccounts.Admin, "D", 0, Later, new SeededSecretGenerator(1));

        Assert.IsType<CreatedEnvironment>(result.Value);
    }

    [Fact]
    public void OverAllocated_LoweringThatStaysOver_IsAccepted_R12()
    {
        var arranged = OverAllocated();

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 15, Later).Value;

        Assert.True(arranged.Account.IsOverAllocated);
        Assert.Equal(35, arranged.Account.Allocation.Allocated);
    }

    [Fact]
    public void OverAllocated_Deleting_IsAccepted_R12()
    {
        var arranged = OverAllocated();

        _ = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["C"], "C", Later).Value;

        Assert.Equal(30, arranged.Account.Allocation.Allocated);
    }

    [Fact]
    public void OverAllocated_ReallocationThatOnlyLowers_IsAcceptedEvenIfStillOver_R12()
    {
        var arranged = OverAllocated();

        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 18), ("B", 9)), Later).Value;

        Assert.Equal(37, arranged.Account.Allocation.Allocated);
    }

    [Fact]
    public void OverAllocated_ReallocationThatFitsThePlan_IsAcceptedEvenIfItRaisesOne_R12()
    {
        var arranged = OverAllocated();

        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 0), ("B", 5), ("C", 15)), Later).Value;

        Assert.False(arranged.Account.IsOverAllocated);
        Assert.Equal(15, arranged.Account.Allocation.LimitOf(arranged["C"]));
    }

    [Fact]
    public void OverAllocated_ReallocationThatRaisesOneAndStaysOver_IsRefused_R12()
    {
        var arranged = OverAllocated();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 5), ("C", 11)), Later);

        Assert.Equal(new ReallocationExceedsPlan(26, 20), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void OverAllocated_OnceTheSumFitsAgain_RaisingIsAcceptedAgain_R12()
    {
        var arranged = OverAllocated();
        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 5), ("B", 5), ("C", 5)), Later).Value;

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 10, Later);

        Assert.IsType<Success>(result.Value);
    }

    [Fact]
    public void OverAllocated_PlanRaisedAboveTheSum_EndsOverAllocation_R12()
    {
        var arranged = OverAllocated();

        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 45, Later).Value;

        Assert.False(arranged.Account.IsOverAllocated);
        Assert.IsType<Success>(arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 25, Later).Value);
    }
}
