using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

public class UserUseCaseTests
{
    [Fact]
    public async Task ListUsers_AnyMember_SeesEveryoneByName_R14()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        await harness.JoinAsync("Bea Admin", "bea@example.com", Role.Admin);

        var rows = (await harness.Service.ListUsersAsync(ServiceHarness.AccountId, mia)).Unwrap<IReadOnlyList<UserRow>>();

        Assert.Equal(["Ada Admin", "Bea Admin", "Mia Member"], rows.Select(r => r.Name));
        Assert.Equal([Role.Admin, Role.Admin, Role.Member], rows.Select(r => r.Role));
    }

    [Fact]
    public async Task ListUsers_NotAMember_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();

        (await harness.Service.ListUsersAsync(ServiceHarness.AccountId, TestAccounts.Stranger)).Unwrap<NotPermitted>();
    }

    [Fact]
    public async Task ChangeRole_AdminPromotesAMember_IsStoredAndAnnounced_R15()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        (await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, mia, Role.Admin)).Unwrap<Success>();

        Assert.Equal(Role.Admin, harness.StoredMember(mia)?.Role);
        var changed = Assert.IsType<MemberRoleChanged>(harness.Events.Events[^1]);
        Assert.Equal((mia, Role.Member, Role.Admin, ServiceHarness.Admin), (changed.User, changed.From, changed.To, changed.ChangedBy));
        (await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, mia, "mia's", 0)).Unwrap<CreatedEnvironment>();
    }

    [Fact]
    public async Task ChangeRole_OwnRole_IsRefused_R17()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.JoinAsync("Bea Admin", "bea@example.com", Role.Admin);

        var result = await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, ServiceHarness.Admin, Role.Member);

        result.Unwrap<CannotChangeOwnRole>();
        Assert.Equal(Role.Admin, harness.StoredMember(ServiceHarness.Admin)?.Role);
    }

    [Fact]
    public async Task ChangeRole_ByAMember_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        var max = await harness.JoinAsync("Max Member", "max@example.com", Role.Member);

        var result = await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, mia, max, Role.Admin);

        Assert.Equal(Permission.ManageMembers, result.Unwrap<NotPermitted>().Required);
    }

    [Fact]
    public async Task ChangeRole_AMemberDemotingTheLastAdmin_IsLastAdmin_R16()
    {
        // R16 is checked before the actor's role, so racing demotions end in the rule that matters.
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, mia, ServiceHarness.Admin, Role.Member);

        Assert.Equal(new LastAdmin(ServiceHarness.Admin, LastAdminAction.Demote), result.Unwrap<LastAdmin>());
    }

    [Fact]
    public async Task ChangeRole_UnknownUser_IsMemberNotFound()
    {
        var harness = await ServiceHarness.OpenAsync();

        (await harness.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, TestAccounts.Stranger, Role.Admin)).Unwrap<MemberNotFound>();
    }

    [Fact]
    public async Task RemoveMember_Admin_RemovesAccessAndTellsTheHost_R17()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        (await harness.Service.RemoveMemberAsync(ServiceHarness.AccountId, ServiceHarness.Admin, mia)).Unwrap<Success>();

        Assert.Null(harness.StoredMember(mia));
        Assert.Equal(new MemberRemoved(ServiceHarness.AccountId, TestAccounts.Now, mia, ServiceHarness.Admin), harness.Events.Events[^1]);
        (await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, mia)).Unwrap<NotPermitted>();
    }

    [Fact]
    public async Task RemoveMember_LastAdmin_IsRefused_R16()
    {
        var harness = await ServiceHarness.OpenAsync();
        var bea = await harness.JoinAsync("Bea Admin", "bea@example.com", Role.Admin);
        (await harness.Service.LeaveAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Unwrap<Success>();

        var result = await harness.Service.RemoveMemberAsync(ServiceHarness.AccountId, bea, bea);

        Assert.Equal(new LastAdmin(bea, LastAdminAction.Remove), result.Unwrap<LastAdmin>());
        Assert.NotNull(harness.StoredMember(bea));
    }

    [Fact]
    public async Task Leave_Member_LeavesAndTheHostIsTold_R17()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        (await harness.Service.LeaveAsync(ServiceHarness.AccountId, mia)).Unwrap<Success>();

        Assert.Null(harness.StoredMember(mia));
        Assert.Equal(mia, Assert.IsType<MemberLeft>(harness.Events.Events[^1]).User);
    }

    [Fact]
    public async Task Leave_LastAdmin_IsRefused_R16()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.LeaveAsync(ServiceHarness.AccountId, ServiceHarness.Admin);

        Assert.Equal(LastAdminAction.Leave, result.Unwrap<LastAdmin>().Action);
        Assert.Equal("member.last_admin", result.Error?.Code);
    }

    [Fact]
    public async Task Leave_NotAMember_IsMemberNotFound()
    {
        var harness = await ServiceHarness.OpenAsync();

        (await harness.Service.LeaveAsync(ServiceHarness.AccountId, TestAccounts.Stranger)).Unwrap<MemberNotFound>();
    }
}
