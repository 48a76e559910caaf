using System.Text.Json;
using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>Members and invitations in snapshots: hashes only (R23), and the invariants FromSnapshot enforces (R16, R19).</summary>
public class MemberSnapshotTests
{
    /// <summary>Ada (Admin), Bob (Member), and invitations in every status: pending, expired, accepted, revoked.</summary>
    private static (Team Team, IssuedInvitation Pending, IssuedInvitation Expired) Populated()
    {
        var team = new Team();
        team.Join(Team.BobName, Team.BobEmail);
        var revoked = team.Invite(Team.CleoEmail);
        _ = team.Account.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Value;
        var expired = team.Invite("dan@example.com", at: Team.Now - Duration.FromDays(10));
        var pending = team.Invite("eve@example.com", Role.Admin);
        _ = team.Account.SetInvitationValidity(Team.Ada, Duration.FromDays(3), Team.Now).Value;
        return (team, pending, expired);
    }

    [Fact]
    public void FromSnapshot_MembersAndInvitationsInEveryStatus_RoundTripsToAnEqualSnapshot()
    {
        var (team, _, _) = Populated();
        var snapshot = team.Account.ToSnapshot();

        var restored = Account.FromSnapshot(snapshot).Value;

        Assert.Equal(snapshot, restored.ToSnapshot());
        Assert.Equal(team.Account.Version, restored.Version);
        Assert.Equal(Duration.FromDays(3), restored.InvitationValidity);
        Assert.Empty(restored.PendingEvents);
        Assert.Equal(
            team.Account.Invitations.Select(i => (i.Id.Value, i.StatusAt(Team.Now))).Order(),
            restored.Invitations.Select(i => (i.Id.Value, i.StatusAt(Team.Now))).Order());
    }

    [Fact]
    public void FromSnapshot_RestoredAccount_AcceptsTheTokenIssuedBeforeSaving_R22_R23()
    {
        var (team, pending, _) = Populated();

        var restored = Account.FromSnapshot(team.Account.ToSnapshot()).Value;
        var joined = restored.AcceptInvitation(team.NewUser(), "Eve", "eve@example.com", pending.Token, Team.Now).Value;

        Assert.Equal(Role.Admin, joined.Member.Role);
    }

    [Fact]
    public void ToSnapshot_Invitations_HoldTheTokensHashAndNeverTheToken_R23()
    {
        var (team, pending, expired) = Populated();

        var snapshot = team.Account.ToSnapshot();
        var rendered = JsonSerializer.Serialize(snapshot) + string.Concat(snapshot.Invitations.Select(i => i.ToString()));

        Assert.DoesNotContain(pending.Token.Reveal(), rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(expired.Token.Reveal(), rendered, StringComparison.Ordinal);
        Assert.Contains(pending.Token.Hash.ToHex(), rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_NoAdmin_IsRejected_R16()
    {
        var (team, _, _) = Populated();
        var snapshot = team.Account.ToSnapshot();
        var demoted = snapshot with { Members = snapshot.Members.Select(m => m with { Role = Role.Member }).ToArray() };

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(demoted).Error);

        Assert.Equal("account.invalid_snapshot", error.Code);
        Assert.Contains("at least one Admin (R16)", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_NoMemberAtAll_IsRejected_R16()
    {
        var (team, _, _) = Populated();

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(team.Account.ToSnapshot() with { Members = [] }).Error);

        Assert.Contains("R16", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_TwoOpenInvitationsForOneEmail_IsRejected_R19()
    {
        var (team, pending, _) = Populated();
        var snapshot = team.Account.ToSnapshot();
        var original = snapshot.Invitations.Single(i => i.Id == pending.Invitation);
        var twin = original with { Id = InvitationId.New(Team.Now, team.Random), TokenSha256 = new string('0', 64) };

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot with { Invitations = [.. snapshot.Invitations, twin] }).Error);

        Assert.Equal("two open invitations for eve@example.com (R19)", error.Reason);
    }

    [Fact]
    public void FromSnapshot_OpenInvitationForAMember_IsRejected_R19()
    {
        var (team, pending, _) = Populated();
        var snapshot = team.Account.ToSnapshot();
        var forBob = snapshot.Invitations.Select(i => i.Id == pending.Invitation ? i with { Email = Team.BobEmail } : i).ToArray();

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot with { Invitations = forBob }).Error);

        Assert.Equal($"an open invitation for member {Team.BobEmail} (R19)", error.Reason);
    }

    [Fact]
    public void FromSnapshot_AcceptedInvitationForAMember_IsValid_R19()
    {
        var (team, _, _) = Populated();
        var snapshot = team.Account.ToSnapshot();

        Assert.Contains(snapshot.Invitations, i => i.State == InvitationState.Accepted && i.Email == Team.BobEmail);
        Assert.True(Account.FromSnapshot(snapshot).Succeeded);
    }

    [Fact]
    public void FromSnapshot_EmailNotNormalized_IsRejected_R18()
    {
        var (team, pending, _) = Populated();
        var snapshot = team.Account.ToSnapshot();
        var shouting = snapshot.Invitations.Select(i => i.Id == pending.Invitation ? i with { Email = "EVE@example.com" } : i).ToArray();

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot with { Invitations = shouting }).Error);

        Assert.Contains("not normalized", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_TokenHashNotSha256Hex_IsRejected_R23()
    {
        var (team, pending, _) = Populated();
        var snapshot = team.Account.ToSnapshot();
        var plaintext = snapshot.Invitations.Select(i => i.Id == pending.Invitation ? i with { TokenSha256 = pending.Token.Reveal() } : i).ToArray();

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot with { Invitations = plaintext }).Error);

        Assert.Contains("not 64 hex digits", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(pending.Token.Reveal(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_TwoMembersWithOneEmail_IsRejected_R18()
    {
        var (team, _, _) = Populated();
        var snapshot = team.Account.ToSnapshot();
        var ada = snapshot.Members.Single(m => m.UserId == Team.Ada);
        var twin = ada with { UserId = team.NewUser(), Role = Role.Member };

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot with { Members = [.. snapshot.Members, twin] }).Error);

        Assert.Contains("belongs to two members", error.Reason, StringComparison.Ordinal);
    }
}
