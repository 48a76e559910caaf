using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Application;

public class PlanUseCaseTests
{
    private static async Task<(ServiceHarness Harness, EnvironmentId B, EnvironmentId C)> ProductDocsAccountAsync()
    {
        // P = 40, A = 20, B = 10, C = 10 (R10's example).
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, "A", 20)).Value;
        var b = await harness.CreateEnvironmentAsync("B", 10);
        var c = await harness.CreateEnvironmentAsync("C", 10);
        return (harness, b.Environment, c.Environment);
    }

    [Fact]
    public async Task ChangePlanLimit_BelowTheSum_IsAcceptedAndTheAccountIsOverAllocated_R12()
    {
        var (harness, _, _) = await ProductDocsAccountAsync();

        _ = (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 20)).Value;

        Assert.Equal(20, harness.Stored.PlanLimit);
        var table = (await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;
        Assert.True(table.IsOverAllocated);
        Assert.True(Assert.IsType<PlanLimitChanged>(harness.Events.Events[^1]).IsOverAllocated);
    }

    [Fact]
    public async Task ChangePlanLimit_OverAllocated_RaisesAreRefusedAndLoweringIsAllowed_R12()
    {
        var (harness, b, c) = await ProductDocsAccountAsync();
        _ = (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 20)).Value;

        var raise = await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, c, null, 11);
        var lower = await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, b, null, 5);

        Assert.IsType<AllocationExceedsPlan>(raise.Error);
        _ = lower.Value;
    }

    [Fact]
    public async Task ChangePlanLimit_Member_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();
        var member = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, member, 100);

        Assert.Equal(Permission.ChangePlan, Assert.IsType<NotPermitted>(result.Error).Required);
        Assert.Equal(40, harness.Stored.PlanLimit);
    }

    [Fact]
    public async Task ProposeAndApplyRebalance_OverAllocated_BringsTheSumWithinThePlanInOneStep_R12()
    {
        var (harness, _, _) = await ProductDocsAccountAsync();
        _ = (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 20)).Value;
        var member = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        var version = harness.StoredVersion;

        var proposal = (await harness.Service.ProposeRebalanceAsync(ServiceHarness.AccountId, member)).Value;
        Assert.Equal(version, harness.StoredVersion); // proposing is read-only
        Assert.Equal((version, 20, 20), (proposal.AccountVersion, proposal.PlanLimit, proposal.ProposedTotal));
        Assert.Equal([10, 5, 5], proposal.Lines.Select(line => line.Proposed));

        _ = (await harness.Service.ApplyRebalanceAsync(ServiceHarness.AccountId, ServiceHarness.Admin, proposal)).Value;

        Assert.Equal([10, 5, 5], harness.Stored.Environments.Select(e => e.MaxConcurrentCalls));
        Assert.Equal(version + 1, harness.StoredVersion);
        Assert.False((await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value.IsOverAllocated);
    }

    [Fact]
    public async Task ApplyRebalance_AfterAnotherChange_IsRefusedAsStale_R12()
    {
        var (harness, b, _) = await ProductDocsAccountAsync();
        _ = (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 20)).Value;
        var proposal = (await harness.Service.ProposeRebalanceAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, b, "B2", null)).Value;
        var before = harness.Stored;

        var result = await harness.Service.ApplyRebalanceAsync(ServiceHarness.AccountId, ServiceHarness.Admin, proposal);

        var stale = Assert.IsType<StaleRebalanceProposal>(result.Error);
        Assert.Equal((proposal.AccountVersion, before.Version), (stale.ProposedAtVersion, stale.CurrentVersion));
        Assert.Equal(before, harness.Stored);
    }

    [Fact]
    public async Task ProposeRebalance_NotAMember_IsNotPermitted()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.ProposeRebalanceAsync(ServiceHarness.AccountId, TestAccounts.Stranger);

        Assert.IsType<NotPermitted>(result.Error);
    }
}
