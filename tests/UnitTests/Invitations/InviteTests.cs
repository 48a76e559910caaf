using System.Text.Json;
using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>Inviting (Admin only, R19) and keeping only the token's hash (R23).</summary>
public class InviteTests
{
    [Fact]
    public void Invite_NewEmail_CreatesPendingInvitationExpiringAfterTheValidity_R19()
    {
        var team = new Team();

        var issued = team.Account.AssertChanged<IssuedInvitation>(a => a.Invite(Team.Ada, " Bob@Example.COM ", Role.Admin, Team.Now, team.Random));

        var invitation = team.Account.FindInvitation(issued.Invitation)!;
        Assert.Equal(Team.BobEmail, invitation.Email.Value);
        Assert.Equal(Role.Admin, invitation.Role);
        Assert.Equal(Team.Ada, invitation.InvitedBy);
        Assert.Equal(TestAccounts.AdminName, invitation.InvitedByName.Value);
        Assert.Equal(Team.Now, invitation.CreatedAt);
        Assert.Equal(Team.Now + Duration.FromDays(7), invitation.ExpiresAt);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(Team.Now));
        Assert.Equal((Team.BobEmail, Role.Admin, TestAccounts.AdminName, invitation.ExpiresAt), (issued.Email.Value, issued.Role, issued.InvitedByName.Value, issued.ExpiresAt));
    }

    [Fact]
    public void Invite_NewEmail_RecordsInvitationSentWithoutTheToken_R19_R23()
    {
        var team = new Team();

        var issued = team.Invite(Team.BobEmail);

        var sent = Assert.IsType<InvitationSent>(Assert.Single(team.Account.PendingEvents));
        Assert.Equal(new InvitationSent(team.Account.Id, Team.Now, issued.Invitation, Team.BobEmail, Role.Member, issued.ExpiresAt).ByAdmin(team.Account), sent);
        Assert.DoesNotContain(issued.Token.Reveal(), sent.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_NewEmail_StoresOnlyTheTokensHash_R23()
    {
        var team = new Team();

        var issued = team.Invite(Team.BobEmail);

        var token = issued.Token.Reveal();
        var stored = Assert.Single(team.Account.ToSnapshot().Invitations);
        Assert.Equal(SecretHash.Of(token).ToHex(), stored.TokenSha256);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(team.Account.ToSnapshot()), StringComparison.Ordinal);
        Assert.DoesNotContain(token, stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, team.Account.FindInvitation(issued.Invitation)!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_Result_ToStringRedactsTheToken_R23()
    {
        var team = new Team();

        var issued = team.Invite(Team.BobEmail);

        Assert.DoesNotContain(issued.Token.Reveal(), issued.ToString(), StringComparison.Ordinal);
        Assert.Contains("InvitationToken(redacted)", issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_TwoInvitations_GetDifferentTokens_R23()
    {
        var team = new Team();

        var bob = team.Invite(Team.BobEmail);
        var cleo = team.Invite(Team.CleoEmail);

        Assert.NotEqual(bob.Token.Reveal(), cleo.Token.Reveal());
        Assert.NotEqual(bob.Token.Hash, cleo.Token.Hash);
    }

    [Fact]
    public void Invite_ByMember_IsNotPermitted_R19()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        var error = team.Account.AssertRefused<NotPermitted>(a => a.Invite(bob, Team.CleoEmail, Role.Member, Team.Now, team.Random).Error);

        Assert.Equal(Permission.ManageInvitations, error.Required);
    }

    [Fact]
    public void Invite_ByStranger_IsNotPermitted_R19()
    {
        var team = new Team();

        team.Account.AssertRefused<NotPermitted>(a => a.Invite(TestAccounts.Stranger, Team.CleoEmail, Role.Member, Team.Now, team.Random).Error);
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ADA@EXAMPLE.COM")]
    [InlineData("  Ada@Example.com\t")]
    public void Invite_MembersEmailInAnySpelling_IsRefusedAsAlreadyMember_R18_R19(string email)
    {
        var team = new Team();

        var error = team.Account.AssertRefused<AlreadyMember>(a => a.Invite(Team.Ada, email, Role.Member, Team.Now, team.Random).Error);

        Assert.Equal(TestAccounts.AdminEmail, error.Email);
    }

    [Theory]
    [InlineData("bob@example.com")]
    [InlineData("BOB@example.COM")]
    [InlineData(" Bob@Example.Com ")]
    public void Invite_EmailWithPendingInvitationInAnySpelling_IsRefusedAsAlreadyOpen_R18_R19(string email)
    {
        var team = new Team();
        var first = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<InvitationAlreadyOpen>(a => a.Invite(Team.Ada, email, Role.Admin, Team.Now, team.Random).Error);

        Assert.Equal(new InvitationAlreadyOpen(first.Invitation, Team.BobEmail), error);
    }

    [Fact]
    public void Invite_EmailWithExpiredInvitation_IsRefusedAsAlreadyOpen_R19()
    {
        var team = new Team();
        var first = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<InvitationAlreadyOpen>(a => a.Invite(Team.Ada, Team.BobEmail, Role.Member, first.ExpiresAt, team.Random).Error);

        Assert.Equal(first.Invitation, error.Existing);
    }

    [Fact]
    public void Invite_InternationalizedDomainInUnicodeAndAsciiForm_IsTheSameEmail_R18_R19()
    {
        var team = new Team();
        team.Invite("Jörg@Bücher.example");

        var error = team.Account.AssertRefused<InvitationAlreadyOpen>(a => a.Invite(Team.Ada, "jörg@xn--bcher-kva.example", Role.Member, Team.Now, team.Random).Error);

        Assert.Equal("jörg@xn--bcher-kva.example", error.Email);
    }

    [Fact]
    public void Invite_EmailWhoseInvitationWasRevoked_Succeeds_R19()
    {
        var team = new Team();
        var first = team.Invite(Team.BobEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, first.Invitation, Team.Now).Value;

        var second = team.Invite(Team.BobEmail);

        Assert.NotEqual(first.Invitation, second.Invitation);
        Assert.Equal(InvitationStatus.Pending, team.StatusOf(second.Invitation, Team.Now));
    }

    [Fact]
    public void Invite_EmailOfMemberWhoLeft_Succeeds_R19()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        _ = team.Account.Leave(bob, Team.Now).Value;

        team.Account.AssertChanged<IssuedInvitation>(a => a.Invite(Team.Ada, Team.BobEmail, Role.Member, Team.Now, team.Random));
    }

    [Theory]
    [InlineData("", InvalidEmailAddressReason.Empty)]
    [InlineData("bob.example.com", InvalidEmailAddressReason.MissingAt)]
    [InlineData("bob@localhost", InvalidEmailAddressReason.InvalidDomain)]
    public void Invite_InvalidEmail_IsRefusedWithTheReason_R18_R19(string email, InvalidEmailAddressReason reason)
    {
        var team = new Team();

        var error = team.Account.AssertRefused<InvalidEmailAddress>(a => a.Invite(Team.Ada, email, Role.Member, Team.Now, team.Random).Error);

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Invite_UndefinedRole_ThrowsAsProgrammingError()
    {
        var team = new Team();

        Assert.ThrowsAny<ArgumentException>(() => team.Account.Invite(Team.Ada, Team.BobEmail, (Role)7, Team.Now, team.Random));
    }
}
