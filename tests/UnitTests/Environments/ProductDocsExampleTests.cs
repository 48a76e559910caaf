using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Environments;

public class ProductDocsExampleTests
{
    [Fact]
    public void RaisingC_WhenPlanIsFullyAllocated_IsRefusedWithZeroUnallocatedAndTenAllowed_R10()
    {
        var opened = TestAccounts.Open(planLimit: 40);
        var account = opened.Account;
        var random = new SeededSecretGenerator(7);
        var admin = TestAccounts.Admin;
        var now = TestAccounts.Now;
        _ = account.EditEnvironment(admin, opened.DefaultEnvironment, "A", 20, now).Value;
        _ = account.CreateEnvironment(admin, "B", 10, now, random).Value;
        var c = account.CreateEnvironment(admin, "C", 10, now, random).Value;
        var before = account.ToSnapshot();

        var result = account.EditEnvironment(admin, c.Environment, null, 11, now);

        var error = Assert.IsType<AllocationExceedsPlan>(result.Error);
        Assert.Equal(0, error.Unallocated);
        Assert.Equal(10, error.Allowed);
        Assert.Equal(11, error.Requested);
        Assert.Equal("concurrency.exceeds_plan", error.Code);
        Assert.Equal(before, account.ToSnapshot());
    }
}
