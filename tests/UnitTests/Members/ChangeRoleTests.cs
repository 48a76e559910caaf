using Fluents.Settings.Accounts;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>Changing roles (Admin only, R15), never one's own (R17), never leaving the account without an Admin (R16).</summary>
public class ChangeRoleTests
{
    [Fact]
    public void ChangeRole_AdminPromotesMember_MemberBecomesAdminWithEvent_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        team.Account.TakeEvents();

        team.Account.AssertChanged<Success>(a => a.ChangeRole(Team.Ada, bob, Role.Admin, Team.Now));

        Assert.Equal(Role.Admin, team.Account.FindMember(bob)!.Role);
        Assert.True(team.Account.IsAllowed(bob, Permission.ManageMembers));
        var changed = Assert.IsType<MemberRoleChanged>(Assert.Single(team.Account.PendingEvents));
        Assert.Equal(new MemberRoleChanged(team.Account.Id, Team.Now, bob, Team.BobName, Role.Member, Role.Admin).ByAdmin(team.Account), changed);
    }

    [Fact]
    public void ChangeRole_AdminDemotesAnotherAdmin_FormerAdminIsViewOnly_R15_R16()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();

        team.Account.AssertChanged<Success>(a => a.ChangeRole(bob, Team.Ada, Role.Member, Team.Now));

        Assert.Equal(Role.Member, team.Account.FindMember(Team.Ada)!.Role);
        Assert.False(team.Account.IsAllowed(Team.Ada, Permission.ManageMembers));
        Assert.True(team.Account.IsAllowed(Team.Ada, Permission.ViewMembers));
    }

    [Fact]
    public void ChangeRole_LastAdminDemoted_IsRefusedAndSaysWhy_R16()
    {
        var team = new Team();
        team.Join(Team.BobName, Team.BobEmail);

        var error = team.Account.AssertRefused<LastAdmin>(a => a.ChangeRole(Team.Ada, Team.Ada, Role.Member, Team.Now).Error);

        Assert.Equal(new LastAdmin(Team.Ada, LastAdminAction.Demote), error);
        Assert.Equal("member.last_admin", error.Code);
        Assert.Contains("last Admin", error.Message, StringComparison.Ordinal);
        Assert.Contains("promote another user to Admin first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeRole_LastAdminDemotedAfterTheOtherAdminWasDemoted_IsRefused_R16()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();
        _ = team.Account.ChangeRole(Team.Ada, bob, Role.Member, Team.Now).Value;

        var error = team.Account.AssertRefused<LastAdmin>(a => a.ChangeRole(Team.Ada, Team.Ada, Role.Member, Team.Now).Error);

        Assert.Equal(LastAdminAction.Demote, error.Action);
    }

    [Fact]
    public void ChangeRole_AdminChangesOwnRoleWhileAnotherAdminExists_IsRefused_R17()
    {
        var team = new Team();
        team.JoinBobAsAdmin();

        var error = team.Account.AssertRefused<CannotChangeOwnRole>(a => a.ChangeRole(Team.Ada, Team.Ada, Role.Member, Team.Now).Error);

        Assert.Equal(Team.Ada, error.User);
        Assert.Equal("member.own_role", error.Code);
        Assert.Contains("another Admin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeRole_AdminSetsOwnRoleToAdmin_IsRefused_R17()
    {
        var team = new Team();
        team.JoinBobAsAdmin();

        team.Account.AssertRefused<CannotChangeOwnRole>(a => a.ChangeRole(Team.Ada, Team.Ada, Role.Admin, Team.Now).Error);
    }

    [Fact]
    public void ChangeRole_ByMember_IsNotPermitted_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        var cleo = team.Join(Team.CleoName, Team.CleoEmail);

        var error = team.Account.AssertRefused<NotPermitted>(a => a.ChangeRole(bob, cleo, Role.Admin, Team.Now).Error);

        Assert.Equal((Permission.ManageMembers, (Role?)Role.Member), (error.Required, error.ActorRole));
    }

    [Fact]
    public void ChangeRole_MemberPromotesThemself_IsRefusedAsOwnRole_R17()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        team.Account.AssertRefused<CannotChangeOwnRole>(a => a.ChangeRole(bob, bob, Role.Admin, Team.Now).Error);
    }

    [Fact]
    public void ChangeRole_MemberDemotesTheLastAdmin_IsRefusedAsLastAdmin_R16()
    {
        // What a former Admin meets when a concurrent change took their role: the rule that matters is R16.
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        var error = team.Account.AssertRefused<LastAdmin>(a => a.ChangeRole(bob, Team.Ada, Role.Member, Team.Now).Error);

        Assert.Equal(new LastAdmin(Team.Ada, LastAdminAction.Demote), error);
    }

    [Fact]
    public void ChangeRole_ByStranger_IsNotPermitted_R15()
    {
        var team = new Team();

        team.Account.AssertRefused<NotPermitted>(a => a.ChangeRole(TestAccounts.Stranger, Team.Ada, Role.Member, Team.Now).Error);
    }

    [Fact]
    public void ChangeRole_OfNonMember_IsMemberNotFound()
    {
        var team = new Team();

        var error = team.Account.AssertRefused<MemberNotFound>(a => a.ChangeRole(Team.Ada, TestAccounts.Stranger, Role.Admin, Team.Now).Error);

        Assert.Equal(TestAccounts.Stranger, error.User);
    }

    [Fact]
    public void ChangeRole_ToTheRoleHeld_SucceedsWithoutNewVersionOrEvent()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        team.Account.TakeEvents();
        var before = team.Account.ToSnapshot();

        _ = team.Account.ChangeRole(Team.Ada, bob, Role.Member, Team.Now).Value;

        Assert.Equal(before, team.Account.ToSnapshot());
        Assert.Empty(team.Account.PendingEvents);
    }

    [Fact]
    public void ChangeRole_UndefinedRole_ThrowsAsProgrammingError()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        Assert.ThrowsAny<ArgumentException>(() => team.Account.ChangeRole(Team.Ada, bob, (Role)42, Team.Now));
    }
}
