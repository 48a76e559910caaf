using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Environments;

public class OpenAccountTests
{
    [Fact]
    public void Open_NewAccount_HasExactlyOneEnvironmentNamedDefault_R7()
    {
        var opened = TestAccounts.Open(planLimit: 40);

        var environment = Assert.Single(opened.Account.Environments);
        Assert.Equal("default", environment.Name.Value);
        Assert.Equal(opened.DefaultEnvironment, environment.Id);
    }

    [Fact]
    public void Open_NewAccount_DefaultIsVisibleInTheSelector_R7()
    {
        var opened = TestAccounts.Open(planLimit: 40);

        var options = opened.Account.ViewEnvironmentSelector(TestAccounts.Admin).Value;

        Assert.Equal([new EnvironmentOption(opened.DefaultEnvironment, "default")], options);
        Assert.False(opened.Account.FindEnvironment(opened.DefaultEnvironment)!.Hidden);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    public void Open_NewAccount_DefaultHoldsTheWholePlan_R7(int planLimit)
    {
        var opened = TestAccounts.Open(planLimit);

        Assert.Equal(planLimit, opened.Account.FindEnvironment(opened.DefaultEnvironment)!.MaxConcurrentCalls.Value);
        Assert.Equal(planLimit, opened.Account.PlanLimit);
        Assert.False(opened.Account.IsOverAllocated);
    }

    [Fact]
    public void Open_NegativePlanLimit_IsRefused_R8()
    {
        var result = Account.Open(TestAccounts.AccountId, -1, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, TestAccounts.Now, new SeededSecretGenerator());

        var error = Assert.IsType<InvalidMaxConcurrentCalls>(result.Error);
        Assert.Equal(-1, error.Requested);
        Assert.Equal("concurrency.invalid_limit", error.Code);
    }

    [Fact]
    public void Open_DefaultEnvironment_HasIdNameLimitCreatedAtAndHiddenFlag_R1()
    {
        var opened = TestAccounts.Open(planLimit: 40);

        var row = Assert.Single(opened.Account.ViewEnvironments(TestAccounts.Admin).Value.Rows);
        Assert.Equal(opened.DefaultEnvironment, row.Id);
        Assert.Equal("default", row.Name);
        Assert.Equal(40, row.MaxConcurrentCalls);
        Assert.Equal(TestAccounts.Now, row.CreatedAt);
        Assert.False(row.Hidden);
        Assert.False(string.IsNullOrEmpty(row.ApiKey));
    }

    [Fact]
    public void Open_FirstUser_IsTheOnlyMemberAndAnAdmin_R3()
    {
        var account = TestAccounts.Open().Account;

        var member = Assert.Single(account.Members);
        Assert.Equal(TestAccounts.Admin, member.UserId);
        Assert.Equal(Role.Admin, member.Role);
        Assert.True(account.IsAllowed(TestAccounts.Admin, Permission.ManageEnvironments));
    }

    [Fact]
    public void Open_NewAccount_IsAtVersionZeroWithOpenedAndCreatedEvents_R7()
    {
        var opened = TestAccounts.Open(planLimit: 40);

        Assert.Equal(0, opened.Account.Version);
        Assert.Collection(
            opened.Account.PendingEvents,
            e => Assert.Equal(new AccountOpened(TestAccounts.AccountId, TestAccounts.Now, 40, TestAccounts.Admin).ByAdmin(opened.Account, index: 0), e),
            e => Assert.Equal(new EnvironmentCreated(TestAccounts.AccountId, TestAccounts.Now, opened.DefaultEnvironment, "default", 40).ByAdmin(opened.Account, index: 1), e));
    }

    [Fact]
    public void Open_NewAccount_TableShowsWholePlanAllocated_R7()
    {
        var table = TestAccounts.Open(planLimit: 40).Account.ViewEnvironments(TestAccounts.Admin).Value;

        Assert.Equal(40, table.PlanLimit);
        Assert.Equal(40, table.Allocated);
        Assert.Equal(0, table.Unallocated);
        Assert.False(table.IsOverAllocated);
    }
}
