using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Application;

public class InvitationUseCaseTests
{
    private const string Bob = "bob@example.com";
    private static readonly UserId BobId = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b0"));

    [Fact]
    public async Task Invite_Admin_SavesTheInvitationAndMailsTheTokenButDoesNotReturnIt_R19_R23()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, " Bob@Example.com ", Role.Member);

        var dispatched = result.Value;
        Assert.True(dispatched.Delivered);
        Assert.Null(dispatched.DeliveryFailure);
        Assert.Equal((Bob, Role.Member, TestAccounts.Now + Duration.FromDays(7)), (dispatched.Email.Value, dispatched.Role, dispatched.ExpiresAt));
        var mail = Assert.Single(harness.Outbox.Outbox);
        Assert.Equal((ServiceHarness.AccountId, dispatched.Invitation, Bob, TestAccounts.AdminName, Role.Member, dispatched.ExpiresAt, InvitationEmailKind.Invite),
            (mail.Account, mail.Invitation, mail.To.Value, mail.InvitedByName, mail.Role, mail.ExpiresAt, mail.Kind));
        var token = mail.Token.Reveal();
        Assert.DoesNotContain(token, dispatched.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, mail.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(InvitationDispatched).GetProperties(), p => p.PropertyType == typeof(InvitationToken));
        var stored = Assert.Single(harness.Stored.Invitations);
        Assert.Equal(mail.Token.Hash.ToHex(), stored.TokenSha256);
        Assert.IsType<InvitationSent>(harness.Events.Events[^1]);
    }

    [Fact]
    public async Task Invite_EmailWithAnOpenInvitation_IsRefusedAndNoMailIsSent_R19()
    {
        var harness = await ServiceHarness.OpenAsync();
        var first = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;

        var result = await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "BOB@example.com", Role.Admin);

        Assert.Equal(first.Invitation, Assert.IsType<InvitationAlreadyOpen>(result.Error).Existing);
        Assert.Single(harness.Outbox.Outbox);
    }

    [Fact]
    public async Task Invite_Member_IsNotPermittedAndNoMailIsSent_R19()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        var mailsBefore = harness.Outbox.Outbox.Count;

        Assert.IsType<NotPermitted>((await harness.Service.InviteAsync(ServiceHarness.AccountId, mia, Bob, Role.Member)).Error);

        Assert.Equal(mailsBefore, harness.Outbox.Outbox.Count);
    }

    [Fact]
    public async Task ListPendingInvitations_OpenInvitations_ShowsThemWithStatusAndActions_R20()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member);
        harness.Clock.Advance(Duration.FromDays(1));
        await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "cy@example.com", Role.Admin);
        harness.Clock.Advance(Duration.FromDays(6)); // Bob's invitation expires exactly now

        var rows = (await harness.Service.ListPendingInvitationsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;

        Assert.Equal([Bob, "cy@example.com"], rows.Select(r => r.Email));
        Assert.Equal([InvitationStatus.Expired, InvitationStatus.Pending], rows.Select(r => r.Status));
        Assert.Equal([InvitationActions.Renew | InvitationActions.Revoke, InvitationActions.Resend | InvitationActions.Revoke], rows.Select(r => r.Actions));
        Assert.All(rows, r => Assert.Equal(TestAccounts.AdminName, r.InvitedBy));
    }

    [Fact]
    public async Task ResendInvitation_Pending_MailsANewTokenAndTheOldLinkStopsWorking_R21()
    {
        var harness = await ServiceHarness.OpenAsync();
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;
        var oldToken = harness.LastTokenSentTo(Bob);
        harness.Clock.Advance(Duration.FromDays(2));

        var resent = (await harness.Service.ResendInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation)).Value;

        Assert.True(resent.Delivered);
        Assert.Equal(invited.ExpiresAt, resent.ExpiresAt); // expiry unchanged
        var mail = harness.Outbox.Outbox[^1];
        Assert.Equal(InvitationEmailKind.Resend, mail.Kind);
        Assert.NotEqual(oldToken, mail.Token.Reveal());
        Assert.IsType<InvitationTokenMismatch>((await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, oldToken)).Error);
        _ = (await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, mail.Token.Reveal())).Value;
    }

    [Fact]
    public async Task ResendInvitation_Expired_IsUnavailableAndNoMailIsSent_R21()
    {
        var harness = await ServiceHarness.OpenAsync();
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;
        harness.Clock.Advance(Duration.FromDays(7));

        var result = await harness.Service.ResendInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation);

        Assert.Equal(InvitationStatus.Expired, Assert.IsType<InvitationActionUnavailable>(result.Error).Status);
        Assert.Single(harness.Outbox.Outbox);
    }

    [Fact]
    public async Task RenewInvitation_Expired_IsPendingAgainWithANewTokenAndExpiry_R21()
    {
        var harness = await ServiceHarness.OpenAsync();
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Admin)).Value;
        var oldToken = harness.LastTokenSentTo(Bob);
        harness.Clock.Advance(Duration.FromDays(8));
        Assert.IsType<InvitationExpired>((await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, oldToken)).Error);

        var renewed = (await harness.Service.RenewInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation)).Value;

        Assert.Equal(harness.Clock.GetCurrentInstant() + Duration.FromDays(7), renewed.ExpiresAt);
        var mail = harness.Outbox.Outbox[^1];
        Assert.Equal((InvitationEmailKind.Renew, renewed.ExpiresAt), (mail.Kind, mail.ExpiresAt));
        var row = Assert.Single((await harness.Service.ListPendingInvitationsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value);
        Assert.Equal(InvitationStatus.Pending, row.Status); // not the known "renewed but still expired" bug
        Assert.IsType<InvitationTokenMismatch>((await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, oldToken)).Error);
        var joined = (await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, mail.Token.Reveal())).Value;
        Assert.Equal(Role.Admin, joined.Member.Role);
    }

    [Fact]
    public async Task RenewInvitation_Pending_IsUnavailable_R21()
    {
        var harness = await ServiceHarness.OpenAsync();
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;

        var result = await harness.Service.RenewInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation);

        Assert.Equal("invitation.renew_unavailable", Assert.IsType<InvitationActionUnavailable>(result.Error).Code);
    }

    [Fact]
    public async Task RevokeInvitation_Pending_EndsItAndTheLinkIsRefused_R21()
    {
        var harness = await ServiceHarness.OpenAsync();
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;
        var token = harness.LastTokenSentTo(Bob);

        _ = (await harness.Service.RevokeInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation)).Value;

        Assert.Empty((await harness.Service.ListPendingInvitationsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value);
        Assert.Equal(InvitationState.Revoked, Assert.Single(harness.Stored.Invitations).State);
        Assert.IsType<InvitationWasRevoked>((await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, token)).Error);
        _ = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value; // may be invited again
    }

    [Fact]
    public async Task RevokeInvitation_Unknown_IsInvitationNotFound()
    {
        var harness = await ServiceHarness.OpenAsync();

        Assert.IsType<InvitationNotFound>((await harness.Service.RevokeInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new InvitationId(Guid.NewGuid()))).Error);
    }

    [Fact]
    public async Task AcceptInvitation_TokenFromTheOutbox_MakesTheUserAMemberWithTheInvitedRole_R22()
    {
        var harness = await ServiceHarness.OpenAsync();
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;
        var token = harness.LastTokenSentTo(Bob);

        var joined = (await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob Builder", "BOB@example.com", token)).Value;

        Assert.Equal((invited.Invitation, BobId, Role.Member), (joined.Invitation, joined.Member.UserId, joined.Member.Role));
        Assert.Equal(("Bob Builder", Bob, Role.Member), (harness.StoredMember(BobId)?.Name, harness.StoredMember(BobId)?.Email, harness.StoredMember(BobId)?.Role));
        Assert.Equal(InvitationState.Accepted, Assert.Single(harness.Stored.Invitations).State);
        Assert.Collection(harness.Events.Events.TakeLast(2), e => Assert.IsType<InvitationAccepted>(e), e => Assert.IsType<MemberJoined>(e));
        _ = (await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, BobId)).Value;
    }

    [Fact]
    public async Task AcceptInvitation_TokenUsedTwice_IsRefusedTheSecondTime_R22()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member);
        var token = harness.LastTokenSentTo(Bob);
        _ = (await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Bob", Bob, token)).Value;

        var again = await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, new UserId(Guid.NewGuid()), "Bob", Bob, token);

        Assert.IsType<InvitationAlreadyAccepted>(again.Error);
        Assert.Equal(2, harness.Stored.Members.Count);
    }

    [Fact]
    public async Task AcceptInvitation_AnotherEmail_IsRefused_R22()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member);

        var result = await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, BobId, "Eve", "eve@example.com", harness.LastTokenSentTo(Bob));

        Assert.IsType<InvitationEmailMismatch>(result.Error);
        Assert.Null(harness.StoredMember(BobId));
    }

    [Fact]
    public async Task SetInvitationValidity_Admin_AppliesToNewInvitations_R19()
    {
        var harness = await ServiceHarness.OpenAsync();

        _ = (await harness.Service.SetInvitationValidityAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Duration.FromHours(48))).Value;
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Bob, Role.Member)).Value;

        Assert.Equal(Duration.FromHours(48), harness.Stored.InvitationValidity);
        Assert.Equal(TestAccounts.Now + Duration.FromHours(48), invited.ExpiresAt);
        Assert.Contains(harness.Events.Events, e => e is InvitationValidityChanged);
    }

    [Fact]
    public async Task SetInvitationValidity_OutsideOneHourToThirtyDays_IsRefused_R19()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.SetInvitationValidityAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Duration.FromDays(31));

        Assert.IsType<InvalidInvitationValidity>(result.Error);
        Assert.Equal(Duration.FromDays(7), harness.Stored.InvitationValidity);
    }

    [Fact]
    public async Task SetInvitationValidity_Member_IsNotPermitted_R15()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        Assert.IsType<NotPermitted>((await harness.Service.SetInvitationValidityAsync(ServiceHarness.AccountId, mia, Duration.FromDays(1))).Error);
    }
}
