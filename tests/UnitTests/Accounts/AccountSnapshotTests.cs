using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests.Accounts;

/// <summary>
/// Snapshots as values (DESIGN.md §1): equal when they hold the same state, unequal when any one part differs, and written
/// in one canonical order, so that two hosts holding the same account write the same snapshot.
/// </summary>
public class AccountSnapshotTests
{
    private static readonly Instant Earlier = TestAccounts.Now - Duration.FromDays(2);
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    /// <summary>Ada and Bob, a second environment, an open and a revoked invitation.</summary>
    private static AccountSnapshot Populated()
    {
        var team = new Team();
        team.Join(Team.BobName, Team.BobEmail);
        _ = team.Account.CreateEnvironment(Team.Ada, "staging", 0, Team.Now, team.Random).Value;
        team.Invite(Team.CleoEmail);
        var revoked = team.Invite("dan@example.com");
        _ = team.Account.RevokeInvitation(Team.Ada, revoked.Invitation, Team.Now).Value;
        return team.Account.ToSnapshot();
    }

    private static readonly Dictionary<string, Func<AccountSnapshot, AccountSnapshot>> SingleChanges = new()
    {
        ["id"] = s => s with { Id = new AccountId(Guid.Parse("0196f000-0000-7000-8000-00000000a002")) },
        ["version"] = s => s with { Version = s.Version + 1 },
        ["plan limit"] = s => s with { PlanLimit = s.PlanLimit + 1 },
        ["invitation validity"] = s => s with { InvitationValidity = s.InvitationValidity + Duration.FromHours(1) },
        ["an environment's name"] = s => s with { Environments = [s.Environments[0], s.Environments[1] with { Name = "production" }] },
        ["an environment fewer"] = s => s with { Environments = [s.Environments[0]] },
        ["the environments' order"] = s => s with { Environments = [s.Environments[1], s.Environments[0]] },
        ["a member's role"] = s => s with { Members = [s.Members[0], s.Members[1] with { Role = Role.Admin }] },
        ["a member fewer"] = s => s with { Members = [s.Members[0]] },
        ["an invitation's expiry"] = s => s with { Invitations = [.. s.Invitations.Select(i => i.State == InvitationState.Revoked ? i with { ExpiresAt = i.ExpiresAt + Duration.FromHours(1) } : i)] },
        ["an invitation fewer"] = s => s with { Invitations = s.Invitations.Skip(1).ToArray() },
    };

    public static TheoryData<string> SingleChangeNames => [.. SingleChanges.Keys];

    [Fact]
    public void Equals_TwoSnapshotsOfTheSameState_AreEqualWithTheSameHashCode()
    {
        var snapshot = Populated();
        var again = Account.FromSnapshot(snapshot).Value.ToSnapshot();

        Assert.NotSame(snapshot.Environments, again.Environments);
        Assert.True(snapshot.Equals(again));
        Assert.True(snapshot == again);
        Assert.True(snapshot.Equals((object)again));
        Assert.Equal(snapshot.GetHashCode(), again.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(SingleChangeNames))]
    public void Equals_SnapshotsDifferingInOnePart_AreNotEqual(string part)
    {
        var snapshot = Populated();

        var changed = SingleChanges[part](snapshot);

        Assert.False(snapshot.Equals(changed));
        Assert.False(changed.Equals(snapshot));
        Assert.True(snapshot != changed);
    }

    [Fact]
    public void Equals_Null_IsFalse()
    {
        var snapshot = Populated();

        Assert.False(snapshot.Equals(null));
        Assert.False(snapshot.Equals((object?)null));
        Assert.False(snapshot == null);
    }

    // Three of each kind: the oldest has the largest id, and the two younger ones were created at the same instant
    // (ties go to the smaller id). The lists are loaded newest-first, so no order survives by accident.
    private static readonly EnvironmentId FirstEnvironment = new(Guid.Parse("0196f000-0000-7000-8000-0000000000e3"));
    private static readonly EnvironmentId SecondEnvironment = new(Guid.Parse("0196f000-0000-7000-8000-0000000000e1"));
    private static readonly EnvironmentId ThirdEnvironment = new(Guid.Parse("0196f000-0000-7000-8000-0000000000e2"));
    private static readonly UserId Bob = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b1"));
    private static readonly UserId Cleo = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b2"));
    private static readonly InvitationId FirstInvitation = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c3"));
    private static readonly InvitationId SecondInvitation = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c1"));
    private static readonly InvitationId ThirdInvitation = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c2"));

    private static AccountSnapshot LoadedNewestFirst()
    {
        var keys = ArrangedAccount.With(40, ("A", 10), ("B", 10), ("C", 10)).Account.ToSnapshot().Environments;
        var ada = TestAccounts.Open().Account.ToSnapshot().Members.Single();
        InvitationSnapshot Open(InvitationId id, string email, Instant at) =>
            new(id, email, Role.Member, TestAccounts.Admin, TestAccounts.AdminName, at, at + Duration.FromDays(7), new string(email[0], 64), InvitationState.Open, null, null);
        return TestAccounts.Open().Account.ToSnapshot() with
        {
            Environments =
            [
                keys[2] with { Id = ThirdEnvironment, Name = "third", CreatedAt = Later },
                keys[1] with { Id = SecondEnvironment, Name = "second", CreatedAt = Later },
                keys[0] with { Id = FirstEnvironment, Name = "first", CreatedAt = Earlier },
            ],
            Members =
            [
                new MemberSnapshot(Cleo, "cleo", "cleo@example.com", Role.Member, Later),
                new MemberSnapshot(Bob, "Cleo", "bob@example.com", Role.Member, Later),
                ada with { JoinedAt = Earlier },
            ],
            Invitations =
            [
                Open(ThirdInvitation, "c@example.com", Later),
                Open(SecondInvitation, "b@example.com", Later),
                Open(FirstInvitation, "a@example.com", Earlier),
            ],
        };
    }

    [Fact]
    public void ToSnapshot_ListsLoadedInAnyOrder_AreWrittenOldestFirstAndTiesBySmallerId()
    {
        var account = Account.FromSnapshot(LoadedNewestFirst()).Value;

        var snapshot = account.ToSnapshot();

        Assert.Equal([FirstEnvironment, SecondEnvironment, ThirdEnvironment], snapshot.Environments.Select(e => e.Id));
        Assert.Equal([TestAccounts.Admin, Bob, Cleo], snapshot.Members.Select(m => m.UserId));
        Assert.Equal([FirstInvitation, SecondInvitation, ThirdInvitation], snapshot.Invitations.Select(i => i.Id));
    }

    [Fact]
    public void ViewEnvironmentsAndSelector_OldestFirstAndTiesBySmallerId_R14()
    {
        var account = Account.FromSnapshot(LoadedNewestFirst()).Value;

        var rows = account.ViewEnvironments(TestAccounts.Admin).Value.Rows;
        var options = account.ViewEnvironmentSelector(TestAccounts.Admin).Value;

        Assert.Equal([FirstEnvironment, SecondEnvironment, ThirdEnvironment], rows.Select(r => r.Id));
        Assert.Equal([FirstEnvironment, SecondEnvironment, ThirdEnvironment], options.Select(o => o.Id));
    }

    [Fact]
    public void ViewUsers_ByNameIgnoringCaseAndTiesBySmallerId()
    {
        var account = Account.FromSnapshot(LoadedNewestFirst()).Value;

        var rows = account.ViewUsers(TestAccounts.Admin).Value;

        // "Ada Admin" < "Cleo" = "cleo" (ignoring case), then Bob's id before Cleo's.
        Assert.Equal([TestAccounts.Admin, Bob, Cleo], rows.Select(r => r.User));
    }
}
