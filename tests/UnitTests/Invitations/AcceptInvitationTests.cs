using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>Accepting an invitation (R22): the right token, while pending, by the invited email; once.</summary>
public class AcceptInvitationTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    [Theory]
    [InlineData(Role.Member)]
    [InlineData(Role.Admin)]
    public void Accept_RightTokenAndEmailWhilePending_UserJoinsWithTheInvitedRole_R22(Role role)
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail, role);
        var bob = team.NewUser();
        var acceptedAt = issued.ExpiresAt - Tick;
        team.Account.TakeEvents();

        var joined = team.Account.AssertChanged<JoinedAccount>(a => a.AcceptInvitation(bob, Team.BobName, Team.BobEmail, issued.Token, acceptedAt));

        Assert.Equal(issued.Invitation, joined.Invitation);
        var member = team.Account.FindMember(bob)!;
        Assert.Same(member, joined.Member);
        Assert.Equal((Team.BobName, Team.BobEmail, role, acceptedAt), (member.Name.Value, member.Email.Value, member.Role, member.JoinedAt));
        var invitation = team.Account.FindInvitation(issued.Invitation)!;
        Assert.Equal((InvitationStatus.Accepted, (UserId?)bob, (Instant?)acceptedAt), (invitation.StatusAt(acceptedAt), invitation.AcceptedBy, invitation.ClosedAt));
        var version = team.Account.Version;
        DomainEvent[] expected =
        [
            new InvitationAccepted(team.Account.Id, acceptedAt, issued.Invitation, Team.BobEmail, bob).By(bob, Team.BobName, version, index: 0),
            new MemberJoined(team.Account.Id, acceptedAt, bob, role).By(bob, Team.BobName, version, index: 1),
        ];
        Assert.Equal(expected, team.Account.PendingEvents);
    }

    [Fact]
    public void Accept_EmailInAnotherSpelling_Matches_R18_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var joined = team.Accept(issued.Token, "  BOB@Example.Com ", Team.Now).Value;

        Assert.Equal(Team.BobEmail, joined.Member.Email.Value);
    }

    [Fact]
    public void Accept_OneOfSeveralInvitations_JoinsThroughTheOneTheTokenBelongsTo_R22()
    {
        var team = new Team();
        team.Invite("dan@example.com");
        var cleo = team.Invite(Team.CleoEmail, Role.Admin);
        team.Invite("eve@example.com");

        var joined = team.Accept(cleo.Token, Team.CleoEmail, Team.Now).Value;

        Assert.Equal((cleo.Invitation, Role.Admin), (joined.Invitation, joined.Member.Role));
        Assert.Equal(2, team.Account.ViewPendingInvitations(Team.Ada, Team.Now).Value.Count);
    }

    [Fact]
    public void Accept_WrongToken_IsRefusedAsTokenMismatch_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var text = issued.Token.Reveal();
        var forged = InvitationToken.FromPresented(text[..^1] + (text[^1] == 'A' ? 'B' : 'A'));

        var error = team.Account.AssertRefused<InvitationTokenMismatch>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, forged, Team.Now).Error);

        Assert.Equal("invitation.token_mismatch", error.Code);
    }

    [Fact]
    public void Accept_TokenOfAnotherAccount_IsRefusedAsTokenMismatch_R22()
    {
        var ours = new Team(seed: 1);
        var theirs = new Team(seed: 2);
        var issued = theirs.Invite(Team.BobEmail);

        ours.Account.AssertRefused<InvitationTokenMismatch>(a => a.AcceptInvitation(ours.NewUser(), Team.BobName, Team.BobEmail, issued.Token, Team.Now).Error);
    }

    [Fact]
    public void Accept_WrongEmail_IsRefusedAsEmailMismatch_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<InvitationEmailMismatch>(a => a.AcceptInvitation(team.NewUser(), Team.CleoName, Team.CleoEmail, issued.Token, Team.Now).Error);

        Assert.Equal((issued.Invitation, "invitation.email_mismatch"), (error.Invitation, error.Code));
        Assert.Equal(InvitationStatus.Pending, team.StatusOf(issued.Invitation, Team.Now));
    }

    [Fact]
    public void Accept_AtExactlyExpiresAt_IsRefusedAsExpired_R20_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<InvitationExpired>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, issued.Token, issued.ExpiresAt).Error);

        Assert.Equal(new InvitationExpired(issued.Invitation, issued.ExpiresAt), error);
        Assert.Equal("invitation.expired", error.Code);
    }

    [Fact]
    public void Accept_LongAfterExpiry_IsRefusedAsExpired_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        team.Account.AssertRefused<InvitationExpired>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, issued.Token, issued.ExpiresAt + Duration.FromDays(40)).Error);
    }

    [Fact]
    public void Accept_RevokedInvitation_IsRefusedAsRevoked_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, issued.Invitation, Team.Now).Value;

        var error = team.Account.AssertRefused<InvitationWasRevoked>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, Team.BobEmail, issued.Token, Team.Now).Error);

        Assert.Equal((issued.Invitation, "invitation.revoked"), (error.Invitation, error.Code));
    }

    [Fact]
    public void Accept_SameTokenTwiceBySameUser_SecondIsRefusedAsAlreadyAccepted_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var bob = team.NewUser();
        _ = team.Account.AcceptInvitation(bob, Team.BobName, Team.BobEmail, issued.Token, Team.Now).Value;

        var error = team.Account.AssertRefused<InvitationAlreadyAccepted>(a => a.AcceptInvitation(bob, Team.BobName, Team.BobEmail, issued.Token, Team.Now).Error);

        Assert.Equal((issued.Invitation, "invitation.already_accepted"), (error.Invitation, error.Code));
    }

    [Fact]
    public void Accept_SameTokenTwiceByAnotherUser_SecondIsRefusedAsAlreadyAccepted_R22()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        _ = team.Accept(issued.Token, Team.BobEmail, Team.Now).Value;

        team.Account.AssertRefused<InvitationAlreadyAccepted>(a => a.AcceptInvitation(team.NewUser(), "Mallory", Team.BobEmail, issued.Token, Team.Now + Duration.FromMinutes(1)).Error);
        Assert.Equal(2, team.Account.Members.Count);
    }

    [Fact]
    public void Accept_EachRefusal_HasItsOwnErrorCode_R22()
    {
        DomainError[] errors =
        [
            new InvitationTokenMismatch(),
            new InvitationEmailMismatch(default),
            new InvitationExpired(default, default),
            new InvitationWasRevoked(default),
            new InvitationAlreadyAccepted(default),
        ];

        Assert.Equal(errors.Length, errors.Select(e => e.Code).Distinct().Count());
        Assert.Equal(errors.Length, errors.Select(e => e.Message).Distinct().Count());
    }

    [Fact]
    public void Accept_ByUserWhoIsAlreadyMember_IsRefusedAsAlreadyMember()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        var error = team.Account.AssertRefused<AlreadyMember>(a => a.AcceptInvitation(Team.Ada, TestAccounts.AdminName, Team.BobEmail, issued.Token, Team.Now).Error);

        Assert.Equal(Team.BobEmail, error.Email);
    }

    [Fact]
    public void Accept_InvalidNameOrEmail_IsRefusedWithTheirErrors()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);

        team.Account.AssertRefused<InvalidPersonName>(a => a.AcceptInvitation(team.NewUser(), "   ", Team.BobEmail, issued.Token, Team.Now).Error);
        team.Account.AssertRefused<InvalidEmailAddress>(a => a.AcceptInvitation(team.NewUser(), Team.BobName, "bob", issued.Token, Team.Now).Error);
    }

    [Fact]
    public void Accept_Refusals_NeverContainTheToken_R23()
    {
        var team = new Team();
        var issued = team.Invite(Team.BobEmail);
        var token = issued.Token.Reveal();

        var refusals = new[]
        {
            team.Accept(InvitationToken.FromPresented(token + "x"), Team.BobEmail, Team.Now),
            team.Accept(issued.Token, Team.CleoEmail, Team.Now),
            team.Accept(issued.Token, Team.BobEmail, issued.ExpiresAt),
        };
        var joined = team.Accept(issued.Token, Team.BobEmail, Team.Now);
        var again = team.Accept(issued.Token, Team.BobEmail, Team.Now);

        Assert.All(refusals.Append(joined).Append(again), result =>
        {
            Assert.DoesNotContain(token, result.ToString(), StringComparison.Ordinal);
            if (result.TryGetValue(out var value, out var error))
            {
                Assert.DoesNotContain(token, value.ToString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
            }
        });
        Assert.All(team.Account.PendingEvents, e => Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal));
    }
}
