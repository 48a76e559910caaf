using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>An invitation's status at an instant (R20): the boundary instant is expired.</summary>
public class InvitationStatusTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    [Fact]
    public void StatusAt_OneTickBeforeExpiresAt_IsPending_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, issued.ExpiresAt - Tick));
    }

    [Fact]
    public void StatusAt_ExactlyExpiresAt_IsExpired_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        Assert.Equal(InvitationStatus.Expired, team.StatusOf(issued.Invitation, issued.ExpiresAt));
    }

    [Fact]
    public void StatusAt_LongAfterExpiresAt_IsExpired_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        Assert.Equal(InvitationStatus.Expired, team.StatusOf(issued.Invitation, issued.ExpiresAt + Duration.FromDays(365)));
    }

    [Fact]
    public void StatusAt_CreationInstant_IsPending_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, Team.Now));
    }

    [Fact]
    public void StatusAt_AcceptedInvitation_IsAcceptedBeforeAndAfterItsExpiry_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Accept(issued.Token, Team.BobEmail, Team.Now).Value;

        Assert.Equal(InvitationStatus.Accepted, team.StatusOf(issued.Invitation, Team.Now));
        Assert.Equal(InvitationStatus.Accepted, team.StatusOf(issued.Invitation, issued.ExpiresAt));
    }

    [Fact]
    public void StatusAt_RevokedInvitation_IsRevokedBeforeAndAfterItsExpiry_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, issued.Invitation, Team.Now).Value;

        Assert.Equal(InvitationStatus.Revoked, team.StatusOf(issued.Invitation, Team.Now));
        Assert.Equal(InvitationStatus.Revoked, team.StatusOf(issued.Invitation, issued.ExpiresAt + Tick));
    }

    [Fact]
    public void StatusAt_ExpiredInvitationJudgedAgainEarlier_IsPendingBecauseItDependsOnlyOnNow_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var before = team.Account.ToSnapshot();

        Assert.Equal(InvitationStatus.Expired, team.StatusOf(issued.Invitation, issued.ExpiresAt));
        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, issued.ExpiresAt - Tick));
        Assert.Equal(before, team.Account.ToSnapshot());
    }
}
