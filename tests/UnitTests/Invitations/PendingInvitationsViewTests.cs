using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>The Pending Invitations table (R20) and the actions it offers (R21).</summary>
public class PendingInvitationsViewTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    [Fact]
    public void ViewPendingInvitations_PendingInvitation_ShowsEmailInviterNameExpiryStatusAndResendRevoke_R20_R21()
    {
        var team = new Team();
        var issued = team.Invite(" Bob@Example.com ", Role.Admin);

        var row = Assert.Single(team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value);

        Assert.Equal(
            new PendingInvitationRow(issued.Invitation, Team.BobEmail, Role.Admin, TestAccounts.AdminName, issued.ExpiresAt, InvitationStatus.Pending, InvitationActions.Resend | InvitationActions.Revoke),
            row);
    }

    [Fact]
    public void ViewPendingInvitations_OneTickBeforeExpiry_IsPendingWithoutRenew_R20_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var row = Assert.Single(team.Account.ViewPendingInvitations(Team.Ada, issued.ExpiresAt - Tick).Value);

        Assert.Equal(InvitationStatus.Pending, row.Status);
        Assert.False(row.Actions.HasFlag(InvitationActions.Renew));
    }

    [Fact]
    public void ViewPendingInvitations_AtExactlyExpiresAt_IsExpiredWithRenewAndRevokeButNotResend_R20_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var row = Assert.Single(team.Account.ViewPendingInvitations(Team.Ada, issued.ExpiresAt).Value);

        Assert.Equal(InvitationStatus.Expired, row.Status);
        Assert.Equal(InvitationActions.Renew | InvitationActions.Revoke, row.Actions);
    }

    [Fact]
    public void ViewPendingInvitations_AcceptedAndRevokedInvitations_AreNotListed_R20()
    {
        var team = new Team();
        team.Join(Team.BobName, Team.BobEmail);
        var revoked = team.Invite(Team.CleoEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Value;
        var expired = team.Invite("dan@example.com", at: Team.Now - Duration.FromDays(8));
        var pending = team.Invite("eve@example.com");

        var rows = team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value;

        Assert.Equal([(expired.Invitation, InvitationStatus.Expired), (pending.Invitation, InvitationStatus.Pending)], rows.Select(r => (r.Invitation, r.Status)).ToArray());
    }

    [Fact]
    public void ViewPendingInvitations_SeveralInvitations_SoonestExpiryFirst_R20()
    {
        var team = new Team();
        var late = team.Invite("late@example.com", at: Team.Now + Duration.FromHours(2));
        var early = team.Invite("early@example.com", at: Team.Now);
        var middle = team.Invite("middle@example.com", at: Team.Now + Duration.FromHours(1));

        var rows = team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value;

        Assert.Equal([early.Invitation, middle.Invitation, late.Invitation], rows.Select(r => r.Invitation).ToArray());
    }

    [Fact]
    public void ViewPendingInvitations_LaterInvitationExpiringSooner_IsListedFirst_R20()
    {
        var team = new Team();
        var week = team.Invite("week@example.com", at: Team.Now);
        _ = team.Account.SetInvitationValidity(Team.Ada, Duration.FromDays(1), Team.Now).Value;
        var day = team.Invite("day@example.com", at: Team.Now + Duration.FromHours(1));

        var rows = team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value;

        Assert.True(week.Invitation.Value.CompareTo(day.Invitation.Value) < 0);
        Assert.Equal([day.Invitation, week.Invitation], rows.Select(r => r.Invitation).ToArray());
    }

    [Fact]
    public void ViewPendingInvitations_SameExpiry_SmallerIdFirst_R20()
    {
        var team = new Team();
        var invitations = new[] { "a@example.com", "b@example.com", "c@example.com", "d@example.com" }.Select(email => team.Invite(email).Invitation).ToArray();

        var byId = invitations.OrderBy(i => i.Value).ToArray();

        var rows = team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value;

        Assert.NotEqual(invitations, byId); // ids of one millisecond are random: invited order is not id order here
        Assert.NotEqual(invitations.Reverse(), byId);
        Assert.Equal(byId, rows.Select(r => r.Invitation));
    }

    [Fact]
    public void ViewPendingInvitations_InviterLaterLeft_StillShowsTheInvitersName_R20()
    {
        var team = new Team();
        var bob = team.JoinBobAsAdmin();
        team.Invite(Team.CleoEmail, by: bob);
        _ = team.Account.Leave(bob, Team.Now).Value;

        var row = Assert.Single(team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value);

        Assert.Equal(Team.BobName, row.InvitedBy);
    }

    [Fact]
    public void ViewPendingInvitations_RenewedInvitation_IsPendingAgainWithResendInsteadOfRenew_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var renewed = team.Account.RenewInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt, team.Random).Value;

        var row = Assert.Single(team.Account.ViewPendingInvitations(Team.Ada, issued.ExpiresAt).Value);

        Assert.Equal((InvitationStatus.Pending, renewed.ExpiresAt, InvitationActions.Resend | InvitationActions.Revoke), (row.Status, row.ExpiresAt, row.Actions));
    }

    [Fact]
    public void ViewPendingInvitations_ByMemberAndByStranger_AllowedOnlyForMember_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        team.Invite(Team.CleoEmail);

        Assert.Single(team.Account.ViewPendingInvitations(bob, Team.Now).Value);
        Assert.Equal(Permission.ViewInvitations, Assert.IsType<NotPermitted>(team.Account.ViewPendingInvitations(TestAccounts.Stranger, Team.Now).Error).Required);
    }

    [Fact]
    public void ViewPendingInvitations_AfterExpiry_ChangesNothing_R20()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var before = team.Account.ToSnapshot();
        var events = team.Account.PendingEvents.Count;

        team.Account.ViewPendingInvitations(Team.Ada, issued.ExpiresAt + Duration.FromDays(1));

        Assert.Equal(before, team.Account.ToSnapshot());
        Assert.Equal(events, team.Account.PendingEvents.Count);
    }
}
