using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.UnitTests.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>The account's invitation validity (R19): 7 days by default, 1 hour to 30 days, for later invitations only.</summary>
public class InvitationValidityTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    public static TheoryData<Duration> AllowedValidities() =>
        [Duration.FromHours(1), Duration.FromHours(36), Duration.FromDays(30)];

    public static TheoryData<Duration> RefusedValidities() =>
        [Duration.Zero, -Duration.FromDays(1), Duration.FromHours(1) - Tick, Duration.FromDays(30) + Tick, Duration.FromDays(365)];

    [Fact]
    public void InvitationValidity_NewAccount_IsSevenDays_R19()
    {
        var team = new Team();

        Assert.Equal(Duration.FromDays(7), team.Account.InvitationValidity);
        Assert.Equal(Duration.FromDays(7), InvitationPolicy.DefaultValidity);
    }

    [Theory]
    [MemberData(nameof(AllowedValidities))]
    public void SetInvitationValidity_WithinOneHourToThirtyDays_AppliesToLaterInvitations_R19(Duration validity)
    {
        var team = new Team();
        team.Account.TakeEvents();

        team.Account.AssertChanged<Success>(a => a.SetInvitationValidity(Team.Ada, validity, Team.Now));
        var later = team.Invite(Team.BobEmail, at: Team.Now + Duration.FromMinutes(5));

        Assert.Equal(validity, team.Account.InvitationValidity);
        Assert.Equal(Team.Now + Duration.FromMinutes(5) + validity, later.ExpiresAt);
        Assert.Equal(new InvitationValidityChanged(team.Account.Id, Team.Now, Duration.FromDays(7), validity).By(Team.Ada, TestAccounts.AdminName, team.Account.Version - 1), team.Account.PendingEvents[0]);
    }

    [Fact]
    public void SetInvitationValidity_ExistingInvitations_KeepTheirExpiry_R19()
    {
        var team = new Team();
        var earlier = team.Invite(Team.BobEmail);

        _ = team.Account.SetInvitationValidity(Team.Ada, Duration.FromHours(1), Team.Now).Value;

        Assert.Equal(Team.Now + Duration.FromDays(7), team.Account.FindInvitation(earlier.Invitation)!.ExpiresAt);
        Assert.Equal(InvitationStatus.Pending, team.StatusOf(earlier.Invitation, Team.Now + Duration.FromHours(2)));
    }

    [Theory]
    [MemberData(nameof(RefusedValidities))]
    public void SetInvitationValidity_OutsideOneHourToThirtyDays_IsRefused_R19(Duration validity)
    {
        var team = new Team();

        var error = team.Account.AssertRefused<InvalidInvitationValidity>(a => a.SetInvitationValidity(Team.Ada, validity, Team.Now).Error);

        Assert.Equal(validity, error.Requested);
        Assert.Equal("invitation.invalid_validity", error.Code);
        Assert.Equal("An invitation must be valid for between 1 hour and 30 days.", error.Message);
    }

    [Fact]
    public void SetInvitationValidity_ByMember_IsNotPermitted_R19()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        team.Account.AssertRefused<NotPermitted>(a => a.SetInvitationValidity(bob, Duration.FromDays(1), Team.Now).Error);
    }

    [Fact]
    public void SetInvitationValidity_SameValue_SucceedsWithoutNewVersionOrEvent()
    {
        var team = new Team();
        var before = team.Account.ToSnapshot();

        _ = team.Account.SetInvitationValidity(Team.Ada, Duration.FromDays(7), Team.Now).Value;

        Assert.Equal(before, team.Account.ToSnapshot());
        Assert.Empty(team.Account.PendingEvents);
    }
}
