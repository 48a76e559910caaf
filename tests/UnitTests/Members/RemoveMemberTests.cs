using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>Removing members (Admin only, R15): access to the whole account ends (R17), never the last Admin (R16).</summary>
public class RemoveMemberTests
{
    [Fact]
    public void RemoveMember_AdminRemovesMember_UserLosesAccessToTheWholeAccount_R17()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        team.Account.TakeEvents();

        team.Account.AssertChanged<Success>(a => a.RemoveMember(Team.Ada, bob, Team.Now));

        Assert.Null(team.Account.FindMember(bob));
        Assert.All(Enum.GetValues<Permission>(), permission => Assert.False(team.Account.IsAllowed(bob, permission)));
        Assert.IsType<NotPermitted>(team.Account.ViewEnvironments(bob).Error);
        Assert.IsType<NotPermitted>(team.Account.ViewUsers(bob).Error);
        Assert.Equal(new MemberRemoved(team.Account.Id, Team.Now, bob, Team.BobName).ByAdmin(team.Account), Assert.Single(team.Account.PendingEvents));
    }

    [Fact]
    public void RemoveMember_LastAdmin_IsRefusedAndSaysWhy_R16()
    {
        var team = new Team();
        team.Join(Team.BobName, Team.BobEmail);

        var error = team.Account.AssertRefused<LastAdmin>(a => a.RemoveMember(Team.Ada, Team.Ada, Team.Now).Error);

        Assert.Equal(new LastAdmin(Team.Ada, LastAdminAction.Remove), error);
        Assert.Contains("last Admin and cannot be removed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveMember_OneOfTwoAdmins_Succeeds_R16()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();

        team.Account.AssertChanged<Success>(a => a.RemoveMember(bob, Team.Ada, Team.Now));

        Assert.Equal(bob, Assert.Single(team.Account.Members).UserId);
    }

    [Fact]
    public void RemoveMember_LastAdminAfterTheOtherWasRemoved_IsRefused_R16()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();
        _ = team.Account.RemoveMember(Team.Ada, bob, Team.Now).Value;

        team.Account.AssertRefused<LastAdmin>(a => a.RemoveMember(Team.Ada, Team.Ada, Team.Now).Error);
    }

    [Fact]
    public void RemoveMember_ByMember_IsNotPermitted_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        var cleo = team.Join(Team.CleoName, Team.CleoEmail);

        team.Account.AssertRefused<NotPermitted>(a => a.RemoveMember(bob, cleo, Team.Now).Error);
    }

    [Fact]
    public void RemoveMember_NonMember_IsMemberNotFound()
    {
        var team = new Team();

        team.Account.AssertRefused<MemberNotFound>(a => a.RemoveMember(Team.Ada, TestAccounts.Stranger, Team.Now).Error);
    }

    [Fact]
    public void RemoveMember_RemovedUsersEmail_CanBeInvitedAgain_R17_R19()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        _ = team.Account.RemoveMember(Team.Ada, bob, Team.Now).Value;

        var issued = team.Account.Invite(Team.Ada, Team.BobEmail, Role.Member, Team.Now, team.Random).Value;

        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, Team.Now));
    }
}
