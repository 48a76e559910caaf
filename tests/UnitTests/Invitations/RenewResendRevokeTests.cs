using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>Renew (expired only), resend (pending only) and revoke (pending or expired), Admin only (R21).</summary>
public class RenewResendRevokeTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    [Fact]
    public void Renew_ExpiredInvitation_IsPendingAgainWithExpiryOneValidityFromNow_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var renewedAt = issued.ExpiresAt + Duration.FromDays(3);
        team.Account.TakeEvents();

        var renewed = team.Account.AssertChanged<IssuedInvitation>(a => a.RenewInvitation(Team.Ada, issued.Invitation, renewedAt, team.Random));

        Assert.Equal(issued.Invitation, renewed.Invitation);
        Assert.Equal(renewedAt + Duration.FromDays(7), renewed.ExpiresAt);
        Assert.Equal(renewed.ExpiresAt, team.Account.FindInvitation(issued.Invitation)!.ExpiresAt);
        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, renewedAt));
        Assert.Equal(new InvitationRenewed(team.Account.Id, renewedAt, issued.Invitation, Team.BobEmail, issued.ExpiresAt, renewed.ExpiresAt).ByAdmin(team.Account), Assert.Single(team.Account.PendingEvents));
    }

    [Fact]
    public void Renew_AtExactlyExpiresAt_SucceedsBecauseTheBoundaryIsExpired_R20_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var renewed = team.Account.AssertChanged<IssuedInvitation>(a => a.RenewInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt, team.Random));

        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, issued.ExpiresAt));
        Assert.Equal(issued.ExpiresAt + Duration.FromDays(7), renewed.ExpiresAt);
    }

    [Fact]
    public void Renew_ExpiredInvitation_OldTokenFailsAndNewTokenWorks_R21_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var renewedAt = issued.ExpiresAt + Duration.FromHours(1);
        var renewed = team.Account.RenewInvitation(Team.Ada, issued.Invitation, renewedAt, team.Random).Value;

        Assert.NotEqual(issued.Token.Hash, renewed.Token.Hash);
        team.Account.AssertRefused<InvitationTokenMismatch>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, issued.Token, renewedAt).Error);
        _ = team.Accept(renewed.Token, Team.BobEmail, renewedAt).Value;
    }

    [Fact]
    public void Renew_UsesTheValidityInForceWhenRenewing_R19_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Account.SetInvitationValidity(Team.Ada, Duration.FromHours(1), Team.Now).Value;

        var renewed = team.Account.RenewInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt, team.Random).Value;

        Assert.Equal(issued.ExpiresAt + Duration.FromHours(1), renewed.ExpiresAt);
    }

    [Fact]
    public void Renew_PendingInvitationOneTickBeforeExpiry_IsRefused_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<InvitationActionUnavailable>(a => a.RenewInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt - Tick, team.Random).Error);

        Assert.Equal(new InvitationActionUnavailable(issued.Invitation, InvitationStatus.Pending, InvitationActions.Renew), error);
        Assert.Equal("invitation.renew_unavailable", error.Code);
        Assert.Contains("Only an expired invitation can be renewed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renew_AcceptedInvitation_IsRefused_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Accept(issued.Token, Team.BobEmail, Team.Now).Value;

        var error = team.Account.AssertRefused<InvitationActionUnavailable>(a => a.RenewInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt, team.Random).Error);

        Assert.Equal(InvitationStatus.Accepted, error.Status);
    }

    [Fact]
    public void Renew_RevokedInvitation_IsRefused_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, issued.Invitation, Team.Now).Value;

        var error = team.Account.AssertRefused<InvitationActionUnavailable>(a => a.RenewInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt, team.Random).Error);

        Assert.Equal(InvitationStatus.Revoked, error.Status);
    }

    [Fact]
    public void Renew_ByMember_IsNotPermitted_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.CleoEmail);
        var bob = team.Join(Team.BobName, Team.BobEmail);

        team.Account.AssertRefused<NotPermitted>(a => a.RenewInvitation(bob, issued.Invitation, issued.ExpiresAt, team.Random).Error);
    }

    [Fact]
    public void Renew_UnknownInvitation_IsNotFound()
    {
        var team = new Team();
        var unknown = InvitationId.New(Team.Now, team.Random);

        var error = team.Account.AssertRefused<InvitationNotFound>(a => a.RenewInvitation(Team.Ada, unknown, Team.Now, team.Random).Error);

        Assert.Equal(unknown, error.Invitation);
    }

    [Fact]
    public void Resend_PendingInvitation_IssuesNewTokenAndKeepsTheExpiry_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var resentAt = Team.Now + Duration.FromDays(2);
        team.Account.TakeEvents();

        var resent = team.Account.AssertChanged<IssuedInvitation>(a => a.ResendInvitation(Team.Ada, issued.Invitation, resentAt, team.Random));

        Assert.Equal(issued.ExpiresAt, resent.ExpiresAt);
        Assert.Equal(issued.ExpiresAt, team.Account.FindInvitation(issued.Invitation)!.ExpiresAt);
        Assert.NotEqual(issued.Token.Hash, resent.Token.Hash);
        Assert.Equal(new InvitationResent(team.Account.Id, resentAt, issued.Invitation, Team.BobEmail).ByAdmin(team.Account), Assert.Single(team.Account.PendingEvents));
    }

    [Fact]
    public void Resend_PendingInvitation_OldTokenFailsAndNewTokenWorks_R21_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var resent = team.Account.ResendInvitation(Team.Ada, issued.Invitation, Team.Now, team.Random).Value;

        team.Account.AssertRefused<InvitationTokenMismatch>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, issued.Token, Team.Now).Error);
        _ = team.Accept(resent.Token, Team.BobEmail, Team.Now).Value;
    }

    [Fact]
    public void Resend_OneTickBeforeExpiry_Succeeds_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        team.Account.AssertChanged<IssuedInvitation>(a => a.ResendInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt - Tick, team.Random));
    }

    [Fact]
    public void Resend_AtExactlyExpiresAt_IsRefusedBecauseItIsExpired_R20_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<InvitationActionUnavailable>(a => a.ResendInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt, team.Random).Error);

        Assert.Equal(new InvitationActionUnavailable(issued.Invitation, InvitationStatus.Expired, InvitationActions.Resend), error);
        Assert.Equal("invitation.resend_unavailable", error.Code);
    }

    [Fact]
    public void Resend_AcceptedOrRevokedInvitation_IsRefused_R21()
    {
        var team = new Team();
        var accepted = team.Invite(Team.BobEmail);
        _ = team.Accept(accepted.Token, Team.BobEmail, Team.Now).Value;
        var revoked = team.Invite(Team.CleoEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Value;

        Assert.Equal(InvitationStatus.Accepted, team.Account.AssertRefused<InvitationActionUnavailable>(a => a.ResendInvitation(Team.Ada, accepted.Invitation, Team.Now, team.Random).Error).Status);
        Assert.Equal(InvitationStatus.Revoked, team.Account.AssertRefused<InvitationActionUnavailable>(a => a.ResendInvitation(Team.Ada, revoked.Invitation, Team.Now, team.Random).Error).Status);
    }

    [Fact]
    public void Resend_ByMember_IsNotPermitted_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.CleoEmail);
        var bob = team.Join(Team.BobName, Team.BobEmail);

        team.Account.AssertRefused<NotPermitted>(a => a.ResendInvitation(bob, issued.Invitation, Team.Now, team.Random).Error);
    }

    [Fact]
    public void Revoke_PendingInvitation_EndsItAndItsLinkStopsWorking_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        team.Account.TakeEvents();

        team.Account.AssertChanged<Success>(a => a.RevokeInvitation(Team.Ada, issued.Invitation, Team.Now));

        var invitation = team.Account.FindInvitation(issued.Invitation)!;
        Assert.Equal((InvitationState.Revoked, (Instant?)Team.Now), (invitation.State, invitation.ClosedAt));
        Assert.Equal(new InvitationRevoked(team.Account.Id, Team.Now, issued.Invitation, Team.BobEmail).ByAdmin(team.Account), Assert.Single(team.Account.PendingEvents));
        team.Account.AssertRefused<InvitationWasRevoked>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, issued.Token, Team.Now).Error);
    }

    [Fact]
    public void Revoke_ExpiredInvitation_Succeeds_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        team.Account.AssertChanged<Success>(a => a.RevokeInvitation(Team.Ada, issued.Invitation, issued.ExpiresAt));

        Assert.Equal(InvitationStatus.Revoked, team.StatusOf(issued.Invitation, issued.ExpiresAt));
    }

    [Fact]
    public void Revoke_AlreadyRevokedOrAcceptedInvitation_IsRefused_R21()
    {
        var team = new Team();
        var accepted = team.Invite(Team.BobEmail);
        _ = team.Accept(accepted.Token, Team.BobEmail, Team.Now).Value;
        var revoked = team.Invite(Team.CleoEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Value;

        var onAccepted = team.Account.AssertRefused<InvitationActionUnavailable>(a => a.RevokeInvitation(Team.Ada, accepted.Invitation, Team.Now).Error);
        var onRevoked = team.Account.AssertRefused<InvitationActionUnavailable>(a => a.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Error);

        Assert.Equal((InvitationStatus.Accepted, "invitation.revoke_unavailable"), (onAccepted.Status, onAccepted.Code));
        Assert.Equal(InvitationStatus.Revoked, onRevoked.Status);
    }

    [Fact]
    public void Revoke_ByMember_IsNotPermitted_R21()
    {
        var team = new Team();
        var issued = team.Invite(Team.CleoEmail);
        var bob = team.Join(Team.BobName, Team.BobEmail);

        team.Account.AssertRefused<NotPermitted>(a => a.RevokeInvitation(bob, issued.Invitation, Team.Now).Error);
    }

    [Fact]
    public void Revoke_UnknownInvitation_IsNotFound()
    {
        var team = new Team();

        team.Account.AssertRefused<InvitationNotFound>(a => a.RevokeInvitation(Team.Ada, InvitationId.New(Team.Now, team.Random), Team.Now).Error);
    }
}
