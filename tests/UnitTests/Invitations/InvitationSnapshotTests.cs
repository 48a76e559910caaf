using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>
/// Stored invitations that no operation could have produced are refused by FromSnapshot with a typed error that says
/// which invitation and what is wrong (DESIGN.md §1), never loaded into an account whose invitation rules they would break.
/// </summary>
public class InvitationSnapshotTests
{
    /// <summary>An open, an accepted and a revoked invitation, in that order.</summary>
    private static AccountSnapshot Stored()
    {
        var team = new Team();
        team.Invite(Team.CleoEmail);
        team.Join(Team.BobName, Team.BobEmail);
        var revoked = team.Invite("dan@example.com");
        _ = team.Account.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Value;
        var snapshot = team.Account.ToSnapshot();
        Assert.Equal([InvitationState.Open, InvitationState.Accepted, InvitationState.Revoked], snapshot.Invitations.Select(i => i.State));
        return snapshot;
    }

    private static AccountSnapshot With(AccountSnapshot snapshot, int index, Func<InvitationSnapshot, InvitationSnapshot> change) =>
        snapshot with { Invitations = [.. snapshot.Invitations.Select((invitation, i) => i == index ? change(invitation) : invitation)] };

    private static string Reason(AccountSnapshot corrupt)
    {
        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(corrupt).Error);
        Assert.Equal("account.invalid_snapshot", error.Code);
        Assert.Equal($"The stored account is not valid: {error.Reason}", error.Message);
        return error.Reason;
    }

    [Fact]
    public void FromSnapshot_AMissingInvitation_IsRefused()
    {
        var snapshot = Stored();

        Assert.Equal("an invitation is missing (null)", Reason(snapshot with { Invitations = [.. snapshot.Invitations, null!] }));
    }

    [Fact]
    public void FromSnapshot_AnEmptyInvitationId_IsRefused()
    {
        Assert.Equal("an invitation id is empty", Reason(With(Stored(), 0, i => i with { Id = default })));
    }

    [Fact]
    public void FromSnapshot_AnInvitationIdTwice_IsRefusedNamingIt()
    {
        var snapshot = Stored();
        var first = snapshot.Invitations[0].Id;

        Assert.Equal($"invitation {first} appears twice", Reason(With(snapshot, 2, i => i with { Id = first })));
    }

    [Fact]
    public void FromSnapshot_AnUndefinedRole_IsRefusedSayingTheNumber()
    {
        var snapshot = Stored();

        Assert.Equal($"invitation {snapshot.Invitations[0].Id}: role 7 is not defined", Reason(With(snapshot, 0, i => i with { Role = (Role)7 })));
    }

    [Fact]
    public void FromSnapshot_AnUndefinedState_IsRefusedSayingTheNumber()
    {
        var snapshot = Stored();

        Assert.Equal($"invitation {snapshot.Invitations[0].Id}: state 0 is not defined", Reason(With(snapshot, 0, i => i with { State = 0 })));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void FromSnapshot_ExpiryNotAfterCreation_IsRefused(long ticksAfterCreation)
    {
        var snapshot = Stored();
        var corrupt = With(snapshot, 0, i => i with { ExpiresAt = i.CreatedAt + Duration.FromTicks(ticksAfterCreation) });

        Assert.Equal($"invitation {snapshot.Invitations[0].Id}: it expires before it was created", Reason(corrupt));
    }

    [Fact]
    public void FromSnapshot_ExpiryOneTickAfterCreation_IsAccepted()
    {
        var snapshot = With(Stored(), 0, i => i with { ExpiresAt = i.CreatedAt + Duration.FromTicks(1) });

        Assert.True(Account.FromSnapshot(snapshot).Succeeded);
    }

    [Theory]
    [InlineData(0, "Open")]
    [InlineData(2, "Revoked")]
    public void FromSnapshot_ClosedAtDisagreeingWithTheState_IsRefused(int index, string state)
    {
        var snapshot = Stored();
        var corrupt = With(snapshot, index, i => i with { ClosedAt = i.ClosedAt is null ? TestAccounts.Now : null });

        Assert.Equal($"invitation {snapshot.Invitations[index].Id}: state {state} and closed-at disagree", Reason(corrupt));
    }

    [Theory]
    [InlineData(1, "Accepted")]
    [InlineData(2, "Revoked")]
    public void FromSnapshot_AcceptedByDisagreeingWithTheState_IsRefused(int index, string state)
    {
        var snapshot = Stored();
        var corrupt = With(snapshot, index, i => i with { AcceptedBy = i.AcceptedBy is null ? TestAccounts.Admin : null });

        Assert.Equal($"invitation {snapshot.Invitations[index].Id}: state {state} and accepted-by disagree", Reason(corrupt));
    }

    [Fact]
    public void FromSnapshot_AnInvalidEmail_IsRefusedNamingTheInvitation()
    {
        var snapshot = Stored();

        Assert.StartsWith($"invitation {snapshot.Invitations[0].Id}: ", Reason(With(snapshot, 0, i => i with { Email = "not an email" })), StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_AnInviterNameNotInCanonicalForm_IsRefused_R33()
    {
        var snapshot = Stored();
        var corrupt = With(snapshot, 0, i => i with { InvitedByName = " " + i.InvitedByName });

        Assert.Equal(
            $"invitation {snapshot.Invitations[0].Id}: the name is not in canonical form (trimmed, plain spaces, NFC; R33)",
            Reason(corrupt));
    }

    [Fact]
    public void FromSnapshot_AnEmptyInviterName_IsRefusedNamingTheInvitation()
    {
        var snapshot = Stored();

        Assert.StartsWith($"invitation {snapshot.Invitations[0].Id}: ", Reason(With(snapshot, 0, i => i with { InvitedByName = "" })), StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_TwoClosedInvitationsForOneEmail_AreAccepted_R19()
    {
        var snapshot = Stored();
        var corrupt = With(snapshot, 2, i => i with { Email = Team.BobEmail });

        Assert.True(Account.FromSnapshot(corrupt).Succeeded);
    }
}
