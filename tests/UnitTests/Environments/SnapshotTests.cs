using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Environments;

public class SnapshotTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // P = 40, A = 20, B = 10 (hidden), plus a Member.
    private static ArrangedAccount Arrange()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10));
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], TestAccounts.Now).Value;
        return arranged.WithViewer();
    }

    private static AccountSnapshot WithEnvironment(AccountSnapshot snapshot, int index, Func<EnvironmentSnapshot, EnvironmentSnapshot> change) =>
        snapshot with { Environments = [.. snapshot.Environments.Select((e, i) => i == index ? change(e) : e)] };

    private static AccountSnapshot WithMember(AccountSnapshot snapshot, int index, Func<MemberSnapshot, MemberSnapshot> change) =>
        snapshot with { Members = [.. snapshot.Members.Select((m, i) => i == index ? change(m) : m)] };

    private static readonly Dictionary<string, Func<AccountSnapshot, AccountSnapshot>> Corruptions = new()
    {
        ["no environment"] = s => s with { Environments = [] },
        ["no visible environment"] = s => WithEnvironment(s, 0, e => e with { Hidden = true }),
        ["two names equal ignoring case"] = s => WithEnvironment(s, 1, e => e with { Name = "a" }),
        ["an environment id twice"] = s => WithEnvironment(s, 1, e => e with { Id = s.Environments[0].Id }),
        ["an untrimmed name"] = s => WithEnvironment(s, 0, e => e with { Name = " A" }),
        ["an empty name"] = s => WithEnvironment(s, 0, e => e with { Name = "" }),
        ["a name with a control character"] = s => WithEnvironment(s, 0, e => e with { Name = "A\n" + "B" }),
        ["a name of 65 characters"] = s => WithEnvironment(s, 0, e => e with { Name = new string('n', 65) }),
        ["a negative limit"] = s => WithEnvironment(s, 1, e => e with { MaxConcurrentCalls = -1 }),
        ["limits summing beyond Int32"] = s => WithEnvironment(WithEnvironment(s, 0, e => e with { MaxConcurrentCalls = int.MaxValue }), 1, e => e with { MaxConcurrentCalls = 1 }),
        ["a negative plan limit"] = s => s with { PlanLimit = -1 },
        ["a negative version"] = s => s with { Version = -1 },
        ["a version with no room for the next change"] = s => s with { Version = long.MaxValue },
        ["an invitation validity of one minute"] = s => s with { InvitationValidity = Duration.FromMinutes(1) },
        ["no member"] = s => s with { Members = [] },
        ["no admin"] = s => WithMember(s, 0, m => m with { Role = Role.Member }),
        ["an undefined role"] = s => WithMember(s, 1, m => m with { Role = (Role)99 }),
        ["a member twice"] = s => WithMember(s, 1, m => m with { UserId = s.Members[0].UserId }),
        ["an email of two members"] = s => WithMember(s, 1, m => m with { Email = s.Members[0].Email }),
        ["an email not normalized"] = s => WithMember(s, 0, m => m with { Email = m.Email.ToUpperInvariant() }),
        ["a key hash that is not hex"] = s => WithEnvironment(s, 0, e => e with { ApiKey = e.ApiKey with { Sha256 = new string('z', 64) } }),
        ["a key hash of 63 digits"] = s => WithEnvironment(s, 0, e => e with { ApiKey = e.ApiKey with { Sha256 = e.ApiKey.Sha256[1..] } }),
        ["a current key with a deadline"] = s => WithEnvironment(s, 0, e => e with { ApiKey = e.ApiKey with { ValidUntil = Later } }),
        ["a missing environment (null)"] = s => s with { Environments = [.. s.Environments, null!] },
        ["a missing member (null)"] = s => s with { Members = [.. s.Members, null!] },
        ["a missing invitation list (null)"] = s => s with { Invitations = null! },
        ["a missing key (null)"] = s => WithEnvironment(s, 0, e => e with { ApiKey = null! }),
        ["a previous key without a deadline"] = s => WithEnvironment(s, 0, e => e with { PreviousApiKey = e.ApiKey }),
    };

    public static TheoryData<string> CorruptionNames => [.. Corruptions.Keys];

    [Fact]
    public void RoundTrip_ArrangedAccount_IsTheIdentity()
    {
        var snapshot = Arrange().Account.ToSnapshot();

        var reloaded = Account.FromSnapshot(snapshot).Value;

        Assert.Equal(snapshot, reloaded.ToSnapshot());
    }

    [Fact]
    public void RoundTrip_KeepsTheVersionAndDropsPendingEvents()
    {
        var account = ArrangedAccount.With(40, ("A", 20), ("B", 10)).Account;
        _ = account.EditEnvironment(TestAccounts.Admin, account.Environments.First().Id, null, 1, Later).Value;

        var reloaded = Account.FromSnapshot(account.ToSnapshot()).Value;

        Assert.Equal(account.Version, reloaded.Version);
        Assert.Empty(reloaded.PendingEvents);
    }

    [Fact]
    public void FromSnapshot_OverAllocatedAccount_IsAccepted_R12()
    {
        var arranged = Arrange();
        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 5, Later).Value;

        var reloaded = Account.FromSnapshot(arranged.Account.ToSnapshot()).Value;

        Assert.True(reloaded.IsOverAllocated);
    }

    [Fact]
    public void FromSnapshot_RebuildsTheNameIndex_R2()
    {
        var reloaded = Account.FromSnapshot(Arrange().Account.ToSnapshot()).Value;

        var result = reloaded.CreateEnvironment(TestAccounts.Admin, "b", 0, Later, new SeededSecretGenerator(9));

        Assert.IsType<EnvironmentNameTaken>(result.Error);
    }

    [Fact]
    public void FromSnapshot_RebuildsTheVisibleCount_R5()
    {
        var arranged = Arrange();
        var reloaded = Account.FromSnapshot(arranged.Account.ToSnapshot()).Value;

        var result = reloaded.HideEnvironment(TestAccounts.Admin, arranged["A"], Later);

        Assert.IsType<LastVisibleEnvironment>(result.Error);
    }

    [Fact]
    public void FromSnapshot_RebuildsTheAllocatedSum_R10()
    {
        var arranged = Arrange();
        var reloaded = Account.FromSnapshot(arranged.Account.ToSnapshot()).Value;

        var result = reloaded.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 31, Later);

        Assert.Equal(new AllocationExceedsPlan(arranged["A"], 31, 30, 10, 40), result.Error);
    }

    [Theory]
    [MemberData(nameof(CorruptionNames))]
    public void FromSnapshot_CorruptData_IsRejectedWithAReason(string corruption)
    {
        var snapshot = Corruptions[corruption](Arrange().Account.ToSnapshot());

        var result = Account.FromSnapshot(snapshot);

        var error = Assert.IsType<InvalidAccountSnapshot>(result.Error);
        Assert.Equal("account.invalid_snapshot", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Fact]
    public void FromSnapshot_NoVisibleEnvironment_NamesRuleR5()
    {
        var snapshot = WithEnvironment(Arrange().Account.ToSnapshot(), 0, e => e with { Hidden = true });

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot).Error);

        Assert.Contains("visible", error.Reason);
        Assert.Contains("R5", error.Reason);
    }

    [Fact]
    public void FromSnapshot_DuplicateNames_NamesRuleR2()
    {
        var snapshot = WithEnvironment(Arrange().Account.ToSnapshot(), 1, e => e with { Name = "A" });

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot).Error);

        Assert.Contains("R2", error.Reason);
    }

    [Fact]
    public void FromSnapshot_OneBelowTheLargestVersion_LoadsAndTheNextChangeDoesNotWrap()
    {
        var snapshot = TestAccounts.Open().Account.ToSnapshot() with { Version = long.MaxValue - 1 };
        var account = Account.FromSnapshot(snapshot).Value;

        _ = account.ChangePlanLimit(TestAccounts.Admin, 39, TestAccounts.Now).Value;

        Assert.Equal(long.MaxValue, account.Version);
    }
}
