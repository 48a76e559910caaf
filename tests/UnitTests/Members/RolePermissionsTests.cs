using Fluents.Settings.Accounts;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>The permission table (R15) and account-wide users (R14).</summary>
public class RolePermissionsTests
{
    private static readonly Permission[] Views =
        [Permission.ViewSettings, Permission.ViewEnvironments, Permission.ViewMembers, Permission.ViewInvitations];

    /// <summary>Views a Member does not have: the audit trail shows every member's actions and the addresses invited (R28).</summary>
    private static readonly Permission[] AdminOnlyViews = [Permission.ViewAuditTrail];

    private static readonly Permission[] Changes =
        [Permission.ManageEnvironments, Permission.ManageApiKeys, Permission.ManageMembers, Permission.ManageInvitations, Permission.ChangePlan, Permission.ChangeSettings];

    /// <summary>Every single permission the library defines (the flags, not their unions).</summary>
    private static Permission[] Singles => Enum.GetValues<Permission>().Where(p => p != Permission.None && int.IsPow2((int)p)).ToArray();

    public static TheoryData<Permission> SinglePermissions() => new(Singles);

    public static TheoryData<Permission> ViewPermissions() => new(Views);

    public static TheoryData<Permission> ManagePermissions() => new(Changes.Concat(AdminOnlyViews));

    [Fact]
    public void PermissionTable_EverySinglePermission_IsAViewAnAdminOnlyViewOrManage_R15()
    {
        // A new permission must be added to one of the lists above, which forces a decision for Member.
        Assert.Equal(Singles.Order(), Views.Concat(AdminOnlyViews).Concat(Changes).Order());
    }

    [Fact]
    public void PermissionAll_UnionOfEverySinglePermission_CoversTheWholeTable_R15()
    {
        var union = Singles.Aggregate(Permission.None, (all, p) => all | p);
        Assert.Equal(Permission.All, union);
        Assert.Equal(Permission.All, Role.Admin.Granted());
        Assert.Equal(Views.Aggregate(Permission.None, (all, p) => all | p), Role.Member.Granted());
        Assert.Equal(Permission.ViewAll, Views.Concat(AdminOnlyViews).Aggregate(Permission.None, (all, p) => all | p));
    }

    [Fact]
    public void ViewAuditTrail_AdminYesMemberNo_R15_R28()
    {
        Assert.True(Role.Admin.Allows(Permission.ViewAuditTrail));
        Assert.False(Role.Member.Allows(Permission.ViewAuditTrail));
    }

    [Theory]
    [MemberData(nameof(SinglePermissions))]
    public void Allows_AdminAnyPermission_IsTrue_R15(Permission permission) => Assert.True(Role.Admin.Allows(permission));

    [Theory]
    [MemberData(nameof(ViewPermissions))]
    public void Allows_MemberViewPermission_IsTrue_R15(Permission permission) => Assert.True(Role.Member.Allows(permission));

    [Theory]
    [MemberData(nameof(ManagePermissions))]
    public void Allows_MemberManagePermission_IsFalse_R15(Permission permission) => Assert.False(Role.Member.Allows(permission));

    [Fact]
    public void Allows_SeveralPermissions_RequiresEachOfThem_R15()
    {
        Assert.True(Role.Member.Allows(Permission.ViewSettings | Permission.ViewEnvironments | Permission.ViewMembers | Permission.ViewInvitations));
        Assert.False(Role.Member.Allows(Permission.ViewAll)); // the audit trail is not a Member's (R28)
        Assert.False(Role.Member.Allows(Permission.ViewMembers | Permission.ManageMembers));
        Assert.True(Role.Admin.Allows(Permission.All));
    }

    [Fact]
    public void Allows_NoPermissionOrUndefinedRole_IsFalse_R15()
    {
        Assert.False(Role.Admin.Allows(Permission.None));
        Assert.False(((Role)0).Allows(Permission.ViewSettings));
        Assert.Equal(Permission.None, ((Role)99).Granted());
    }

    [Theory]
    [MemberData(nameof(SinglePermissions))]
    public void IsAllowed_EachRoleAndStranger_FollowsTheTable_R15(Permission permission)
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        Assert.True(team.Account.IsAllowed(Team.Ada, permission));
        Assert.Equal(Role.Member.Allows(permission), team.Account.IsAllowed(bob, permission));
        Assert.False(team.Account.IsAllowed(TestAccounts.Stranger, permission));
    }

    [Fact]
    public void ManageActions_ByMember_AreNotPermittedAndChangeNothing_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        var invitation = team.Invite(Team.CleoEmail).Invitation;
        var account = team.Account;
        var now = Team.Now;

        var refusals = new[]
        {
            account.AssertRefused<NotPermitted>(a => a.Invite(bob, "dan@example.com", Role.Member, now, team.Random).Error),
            account.AssertRefused<NotPermitted>(a => a.ResendInvitation(bob, invitation, now, team.Random).Error),
            account.AssertRefused<NotPermitted>(a => a.RenewInvitation(bob, invitation, now + Duration.FromDays(8), team.Random).Error),
            account.AssertRefused<NotPermitted>(a => a.RevokeInvitation(bob, invitation, now).Error),
            account.AssertRefused<NotPermitted>(a => a.ChangeRole(bob, Team.Ada, Role.Admin, now).Error),
            account.AssertRefused<NotPermitted>(a => a.RemoveMember(bob, Team.Ada, now).Error),
            account.AssertRefused<NotPermitted>(a => a.SetInvitationValidity(bob, Duration.FromDays(1), now).Error),
            account.AssertRefused<NotPermitted>(a => a.CreateEnvironment(bob, "staging", 0, now, team.Random).Error),
        };

        Assert.All(refusals, error =>
        {
            Assert.Equal(Role.Member, error.ActorRole);
            Assert.Equal("account.not_permitted", error.Code);
            Assert.Contains("Member", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Views_ByMember_AreAllowed_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        Assert.True(team.Account.ViewUsers(bob).Succeeded);
        Assert.True(team.Account.ViewPendingInvitations(bob, Team.Now).Succeeded);
        Assert.True(team.Account.ViewEnvironments(bob).Succeeded);
    }

    [Fact]
    public void ManageAction_ByStranger_IsNotPermittedAsNonMember_R15()
    {
        var team = new Team();

        var error = team.Account.AssertRefused<NotPermitted>(a => a.Invite(TestAccounts.Stranger, "dan@example.com", Role.Member, Team.Now, team.Random).Error);

        Assert.Null(error.ActorRole);
        Assert.Equal("Only members of the account may do this.", error.Message);
    }

    [Fact]
    public void ViewEnvironments_ByMember_ShowsEveryEnvironmentIncludingHiddenOnes_R14()
    {
        var team = new Team();
        var staging = team.Account.CreateEnvironment(Team.Ada, "staging", 0, Team.Now, team.Random).Value.Environment;
        _ = team.Account.HideEnvironment(Team.Ada, staging, Team.Now).Value;
        var bob = team.Join(Team.BobName, Team.BobEmail);

        var table = team.Account.ViewEnvironments(bob).Value;

        Assert.Contains(table.Rows, row => row.Id == staging && row.Hidden);
        Assert.Equal(team.Account.Environments.Count, table.Rows.Count);
    }

    [Fact]
    public void Member_NewlyJoined_HasUserIdNameEmailAndOneRole_R14()
    {
        var team = new Team();

        var bob = team.Join(" Bob Builder ", " Bob@Example.COM ", Role.Member, Team.Now + Duration.FromHours(1));

        var member = team.Account.FindMember(bob)!;
        Assert.Equal(bob, member.UserId);
        Assert.Equal(Team.BobName, member.Name.Value);
        Assert.Equal(Team.BobEmail, member.Email.Value);
        Assert.Equal(Role.Member, member.Role);
        Assert.Equal(Team.Now + Duration.FromHours(1), member.JoinedAt);
    }
}
