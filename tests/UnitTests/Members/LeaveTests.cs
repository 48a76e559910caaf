using Fluents.Settings.Accounts;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>Leaving (any member, for themselves, R17), except the last Admin (R16).</summary>
public class LeaveTests
{
    [Fact]
    public void Leave_Member_LeavesAndLosesAccess_R17()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        team.Account.TakeEvents();

        team.Account.AssertChanged<Success>(a => a.Leave(bob, Team.Now));

        Assert.Null(team.Account.FindMember(bob));
        Assert.False(team.Account.IsAllowed(bob, Permission.ViewSettings));
        Assert.Equal(new MemberLeft(team.Account.Id, Team.Now, bob).By(bob, Team.BobName, team.Account.Version), Assert.Single(team.Account.PendingEvents));
    }

    [Fact]
    public void Leave_LastAdmin_IsRefusedAndSaysWhy_R16()
    {
        var team = new Team();
        team.Join(Team.BobName, Team.BobEmail);

        var error = team.Account.AssertRefused<LastAdmin>(a => a.Leave(Team.Ada, Team.Now).Error);

        Assert.Equal(new LastAdmin(Team.Ada, LastAdminAction.Leave), error);
        Assert.Contains("last Admin and cannot leave", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leave_AdminWhileAnotherAdminRemains_Succeeds_R16_R17()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();

        team.Account.AssertChanged<Success>(a => a.Leave(Team.Ada, Team.Now));

        var remaining = Assert.Single(team.Account.Members);
        Assert.Equal((bob, Role.Admin), (remaining.UserId, remaining.Role));
    }

    [Fact]
    public void Leave_SecondAdminAfterTheFirstLeft_IsRefused_R16()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();
        _ = team.Account.Leave(Team.Ada, Team.Now).Value;

        var error = team.Account.AssertRefused<LastAdmin>(a => a.Leave(bob, Team.Now).Error);

        Assert.Equal(bob, error.User);
    }

    [Fact]
    public void Leave_NonMember_IsMemberNotFound()
    {
        var team = new Team();

        team.Account.AssertRefused<MemberNotFound>(a => a.Leave(TestAccounts.Stranger, Team.Now).Error);
    }
}
