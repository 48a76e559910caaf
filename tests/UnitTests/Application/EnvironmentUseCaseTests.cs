using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Application;

public class EnvironmentUseCaseTests
{
    [Fact]
    public async Task ListEnvironments_AnyMember_SeesEveryEnvironmentWithMaskedKeysAndTotals_R14()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, null, 30)).Value;
        var staging = await harness.CreateEnvironmentAsync("staging", 5);
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;
        var member = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var table = (await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, member)).Value;

        Assert.Equal(["default", "staging"], table.Rows.Select(r => r.Name));
        Assert.Equal([false, true], table.Rows.Select(r => r.Hidden));
        Assert.Equal(staging.ApiKey.Hint.Masked, table.Rows[1].ApiKey);
        Assert.DoesNotContain(staging.ApiKey.Reveal(), table.ToString(), StringComparison.Ordinal);
        Assert.Equal((40, 35, 5), (table.PlanLimit, table.Allocated, table.Unallocated));
    }

    [Fact]
    public async Task ListEnvironments_NotAMember_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, TestAccounts.Stranger);

        Assert.Null(Assert.IsType<NotPermitted>(result.Error).ActorRole);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task ListEnvironmentSelector_HiddenEnvironment_IsLeftOut_R4()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        await harness.CreateEnvironmentAsync("production");
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;

        var options = (await harness.Service.ListEnvironmentSelectorAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;

        Assert.Equal(["default", "production"], options.Select(o => o.Name));
    }

    [Fact]
    public async Task CreateEnvironment_Admin_IsStoredWithItsKeyIndexedAndAnnounced_R3_R24()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, null, 30)).Value;

        var result = await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "  Staging ", 10);

        Assert.True(result.Succeeded);
        Assert.Null(result.Error);
        var created = result.Value;
        var stored = harness.StoredEnvironment(created.Environment);
        Assert.NotNull(stored);
        Assert.Equal(("Staging", 10, TestAccounts.Now), (stored.Name, stored.MaxConcurrentCalls, stored.CreatedAt));
        Assert.Equal(2, harness.StoredVersion);
        Assert.Equal(created.Environment, harness.Service.VerifyApiKey(created.ApiKey.Reveal()).Value.Environment);
        var announced = Assert.IsType<EnvironmentCreated>(harness.Events.Events[^1]);
        Assert.Equal((created.Environment, "Staging", 10), (announced.Environment, announced.Name, announced.MaxConcurrentCalls));
    }

    [Fact]
    public async Task CreateEnvironment_NameTakenIgnoringCase_IsRefused_R2()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "DEFAULT", 0);

        Assert.Equal("environment.name_taken", result.Error?.Code);
        Assert.Single(harness.Stored.Environments);
    }

    [Fact]
    public async Task CreateEnvironment_MoreThanUnallocated_IsRefusedWithTheHeadroom_R10()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40); // default holds all 40 (R7)

        var result = await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 1);

        var refused = Assert.IsType<AllocationExceedsPlan>(result.Error);
        Assert.Equal((0, 0, 40), (refused.Unallocated, refused.Allowed, refused.PlanLimit));
    }

    [Fact]
    public async Task CreateEnvironment_Member_IsNotPermitted_R3()
    {
        var harness = await ServiceHarness.OpenAsync();
        var member = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, member, "staging", 0);

        var refused = Assert.IsType<NotPermitted>(result.Error);
        Assert.Equal((Permission.ManageEnvironments, Role.Member), (refused.Required, refused.ActorRole));
    }

    [Fact]
    public async Task EditEnvironment_NameAndLimit_ChangesBothKeepingTheId_R2()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);

        var result = await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, "production", 25);

        _ = result.Value;
        var stored = harness.StoredEnvironment(harness.DefaultEnvironment);
        Assert.Equal(("production", 25), (stored?.Name, stored?.MaxConcurrentCalls));
        Assert.Equal(1, harness.StoredVersion);
        Assert.Contains(harness.Events.Events, e => e is EnvironmentRenamed { From: "default", To: "production" });
        Assert.Contains(harness.Events.Events, e => e is AllocationChanged { Allocated: 25 });
    }

    [Fact]
    public async Task EditEnvironment_RaiseBeyondPlan_IsRefusedAndNothingChanges_R10()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, null, 20)).Value;
        var other = await harness.CreateEnvironmentAsync("other", 20);
        var before = harness.Stored;

        var result = await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, other.Environment, "renamed", 21);

        Assert.Equal(20, Assert.IsType<AllocationExceedsPlan>(result.Error).Allowed);
        Assert.Equal(before, harness.Stored);
    }

    [Fact]
    public async Task EditEnvironment_Unknown_IsEnvironmentNotFound()
    {
        var harness = await ServiceHarness.OpenAsync();
        var unknown = new EnvironmentId(Guid.NewGuid());

        var result = await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, unknown, "x", null);

        Assert.Equal(new EnvironmentNotFound(unknown), Assert.IsType<EnvironmentNotFound>(result.Error));
    }

    [Fact]
    public async Task HideEnvironment_Admin_HidesButItsKeyKeepsWorking_R4()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");

        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;

        Assert.True(harness.StoredEnvironment(staging.Environment)?.Hidden);
        Assert.Equal(staging.Environment, harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Value.Environment);
        Assert.IsType<EnvironmentHidden>(harness.Events.Events[^1]);
    }

    [Fact]
    public async Task HideEnvironment_LastVisible_IsRefused_R5()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment);

        Assert.Equal(harness.DefaultEnvironment, Assert.IsType<LastVisibleEnvironment>(result.Error).Environment);
        Assert.False(harness.StoredEnvironment(harness.DefaultEnvironment)?.Hidden);
    }

    [Fact]
    public async Task UnhideEnvironment_Hidden_ShowsItInTheSelectorAgain_R4()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;

        _ = (await harness.Service.UnhideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;

        Assert.False(harness.StoredEnvironment(staging.Environment)?.Hidden);
        var options = (await harness.Service.ListEnvironmentSelectorAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;
        Assert.Contains(options, o => o.Id == staging.Environment);
        Assert.IsType<EnvironmentUnhidden>(harness.Events.Events[^1]);
    }

    [Fact]
    public async Task DeleteEnvironment_NameConfirmed_RemovesItFreesItsCallsRevokesItsKeyAndTellsTheHost_R6()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, null, 30)).Value;
        var staging = await harness.CreateEnvironmentAsync("Staging", 10);

        _ = (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, " staging ")).Value;

        Assert.Null(harness.StoredEnvironment(staging.Environment));
        var table = (await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;
        Assert.Equal(10, table.Unallocated);
        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Error);
        var deleted = Assert.IsType<EnvironmentDeleted>(harness.Events.Events[^1]);
        Assert.Equal((staging.Environment, "Staging", 10), (deleted.Environment, deleted.Name, deleted.FreedConcurrentCalls));
    }

    [Fact]
    public async Task DeleteEnvironment_WrongConfirmation_IsRefusedAndTheKeyStillWorks_R6()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");

        var result = await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "stagin");

        Assert.Equal("staging", Assert.IsType<DeleteConfirmationMismatch>(result.Error).Expected);
        Assert.NotNull(harness.StoredEnvironment(staging.Environment));
        Assert.True(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Succeeded);
    }

    [Fact]
    public async Task DeleteEnvironment_LastVisible_IsRefused_R5()
    {
        var harness = await ServiceHarness.OpenAsync();
        var hidden = await harness.CreateEnvironmentAsync("hidden");
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, hidden.Environment)).Value;

        var result = await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, "default");

        Assert.IsType<LastVisibleEnvironment>(result.Error);
        Assert.Equal(2, harness.Stored.Environments.Count);
    }

    [Fact]
    public async Task Reallocate_MovesCapacityInOneStep_R11()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        var staging = await harness.CreateEnvironmentAsync("staging", 0);
        var version = harness.StoredVersion;

        var result = await harness.Service.ReallocateAsync(
            ServiceHarness.AccountId, ServiceHarness.Admin, new Dictionary<EnvironmentId, int> { [harness.DefaultEnvironment] = 25, [staging.Environment] = 15 });

        _ = result.Value;
        Assert.Equal([25, 15], harness.Stored.Environments.Select(e => e.MaxConcurrentCalls));
        Assert.Equal(version + 1, harness.StoredVersion);
        Assert.Equal(2, Assert.IsType<AllocationChanged>(harness.Events.Events[^1]).Changes.Count);
    }

    [Fact]
    public async Task Reallocate_SumOverPlan_IsRefusedAllOrNothing_R11()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        var staging = await harness.CreateEnvironmentAsync("staging", 0);
        var before = harness.Stored;

        var result = await harness.Service.ReallocateAsync(
            ServiceHarness.AccountId, ServiceHarness.Admin, new Dictionary<EnvironmentId, int> { [harness.DefaultEnvironment] = 30, [staging.Environment] = 15 });

        var refused = Assert.IsType<ReallocationExceedsPlan>(result.Error);
        Assert.Equal((45, 40), (refused.RequestedTotal, refused.PlanLimit));
        Assert.Equal(before, harness.Stored);
    }
}
