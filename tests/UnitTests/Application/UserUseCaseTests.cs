using Fluents.Settings.Actors;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Application;

public class UserUseCaseTests
{
    [Fact]
    public async Task ListUsers_AnyMember_SeesEveryoneByName_R14()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        await harness.JoinAsync("Bea Admin", "bea@example.com", Role.Admin);

        var rows = (await harness.Service.ListUsersAsync(ServiceHarness.AccountId, mia)).Value;

        Assert.Equal(["Ada Admin", "Bea Admin", "Mia Member"], rows.Select(r => r.Name));
        Assert.Equal([Role.Admin, Role.Admin, Role.Member], rows.Select(r => r.Role));
    }

    [Fact]
    public async Task ListUsers_NotAMember_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();

        Assert.IsType<NotPermitted>((await harness.Service.ListUsersAsync(ServiceHarness.AccountId, TestAccounts.Stranger)).Error);
    }

    [Fact]
    public async Task ChangeRole_AdminPromotesAMember_IsStoredAndAnnounced_R15()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        _ = (await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, mia, Role.Admin)).Value;

        Assert.Equal(Role.Admin, harness.StoredMember(mia)?.Role);
        var changed = Assert.IsType<MemberRoleChanged>(harness.Events.Events[^1]);
        Assert.Equal((mia, "Mia Member", Role.Member, Role.Admin, ActorId.OfUser(ServiceHarness.Admin)), (changed.User, changed.Name, changed.From, changed.To, changed.Actor.Id));
        _ = (await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, mia, "mia's", 0)).Value;
    }

    [Fact]
    public async Task ChangeRole_OwnRole_IsRefused_R17()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.JoinAsync("Bea Admin", "bea@example.com", Role.Admin);

        var result = await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, ServiceHarness.Admin, Role.Member);

        Assert.IsType<CannotChangeOwnRole>(result.Error);
        Assert.Equal(Role.Admin, harness.StoredMember(ServiceHarness.Admin)?.Role);
    }

    [Fact]
    public async Task ChangeRole_ByAMember_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        var max = await harness.JoinAsync("Max Member", "max@example.com", Role.Member);

        var result = await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, mia, max, Role.Admin);

        Assert.Equal(Permission.ManageMembers, Assert.IsType<NotPermitted>(result.Error).Required);
    }

    [Fact]
    public async Task ChangeRole_AMemberDemotingTheLastAdmin_IsLastAdmin_R16()
    {
        // R16 is checked before the actor's role, so racing demotions end in the rule that matters.
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, mia, ServiceHarness.Admin, Role.Member);

        Assert.Equal(new LastAdmin(ServiceHarness.Admin, LastAdminAction.Demote), Assert.IsType<LastAdmin>(result.Error));
    }

    [Fact]
    public async Task ChangeRole_UnknownUser_IsMemberNotFound()
    {
        var harness = await ServiceHarness.OpenAsync();

        Assert.IsType<MemberNotFound>((await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, TestAccounts.Stranger, Role.Admin)).Error);
    }

    [Fact]
    public async Task RemoveMember_Admin_RemovesAccessAndTellsTheHost_R17()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        _ = (await harness.Service.RemoveMemberAsync(ServiceHarness.AccountId, ServiceHarness.Admin, mia)).Value;

        Assert.Null(harness.StoredMember(mia));
        Assert.Equal(new MemberRemoved(ServiceHarness.AccountId, TestAccounts.Now, mia, "Mia Member").By(ServiceHarness.Admin, TestAccounts.AdminName, harness.StoredVersion), harness.Events.Events[^1]);
        Assert.IsType<NotPermitted>((await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, mia)).Error);
    }

    [Fact]
    public async Task RemoveMember_LastAdmin_IsRefused_R16()
    {
        var harness = await ServiceHarness.OpenAsync();
        var bea = await harness.JoinAsync("Bea Admin", "bea@example.com", Role.Admin);
        _ = (await harness.Service.LeaveAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;

        var result = await harness.Service.RemoveMemberAsync(ServiceHarness.AccountId, bea, bea);

        Assert.Equal(new LastAdmin(bea, LastAdminAction.Remove), Assert.IsType<LastAdmin>(result.Error));
        Assert.NotNull(harness.StoredMember(bea));
    }

    [Fact]
    public async Task Leave_Member_LeavesAndTheHostIsTold_R17()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        _ = (await harness.Service.LeaveAsync(ServiceHarness.AccountId, mia)).Value;

        Assert.Null(harness.StoredMember(mia));
        Assert.Equal(mia, Assert.IsType<MemberLeft>(harness.Events.Events[^1]).User);
    }

    [Fact]
    public async Task Leave_LastAdmin_IsRefused_R16()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.LeaveAsync(ServiceHarness.AccountId, ServiceHarness.Admin);

        Assert.Equal(LastAdminAction.Leave, Assert.IsType<LastAdmin>(result.Error).Action);
        Assert.Equal("member.last_admin", result.Error?.Code);
    }

    [Fact]
    public async Task Leave_NotAMember_IsMemberNotFound()
    {
        var harness = await ServiceHarness.OpenAsync();

        Assert.IsType<MemberNotFound>((await harness.Service.LeaveAsync(ServiceHarness.AccountId, TestAccounts.Stranger)).Error);
    }
}
