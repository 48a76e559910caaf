using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Concurrency;

public class ReallocateTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // The product docs' account: P = 40, A = 20, B = 10, C = 10, nothing unallocated.
    private static ArrangedAccount Arrange() => ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 10));

    private static Dictionary<EnvironmentId, int> Targets(ArrangedAccount arranged, params (string Name, int Limit)[] targets) =>
        targets.ToDictionary(t => arranged[t.Name], t => t.Limit);

    private static int LimitOf(ArrangedAccount arranged, string name) => arranged.Account.FindEnvironment(arranged[name])!.MaxConcurrentCalls.Value;

    [Fact]
    public void Reallocate_MovingCallsFromAToB_IsAcceptedInOneStep_R11()
    {
        var arranged = Arrange();

        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 10), ("B", 20)), Later).Value;

        Assert.Equal(10, LimitOf(arranged, "A"));
        Assert.Equal(20, LimitOf(arranged, "B"));
    }

    [Fact]
    public void Edit_RaisingBBeforeLoweringA_IsRefused_WhichIsWhyReallocateExists_R11()
    {
        var arranged = Arrange();

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 20, Later);

        Assert.IsType<AllocationExceedsPlan>(result.Error);
    }

    [Fact]
    public void Reallocate_Accepted_RecordsOneEventWithEveryChangeAndOneVersion_R11()
    {
        var arranged = Arrange();
        var version = arranged.Account.Version;

        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 10), ("B", 20), ("C", 10)), Later).Value;

        Assert.Equal(version + 1, arranged.Account.Version);
        var changed = Assert.IsType<AllocationChanged>(Assert.Single(arranged.Account.PendingEvents));
        Assert.Equal([new LimitChange(arranged["A"], "A", 20, 10), new LimitChange(arranged["B"], "B", 10, 20)], changed.Changes);
        Assert.Equal(40, changed.Allocated);
    }

    [Fact]
    public void Reallocate_ResultAboveThePlan_ChangesNothingAtAll_R11()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 10), ("B", 21)), Later);

        Assert.Equal(new ReallocationExceedsPlan(41, 40), result.Error);
        Assert.Equal("concurrency.reallocation_exceeds_plan", result.Error?.Code);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Reallocate_WithAnUnknownEnvironment_ChangesNothingAtAll_R11()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);
        var unknown = new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));
        var targets = Targets(arranged, ("A", 10));
        targets[unknown] = 0;

        var result = arranged.Account.Reallocate(TestAccounts.Admin, targets, Later);

        Assert.Equal(new EnvironmentNotFound(unknown), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Reallocate_WithANegativeLimit_ChangesNothingAtAll_R9()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 10), ("B", -1)), Later);

        Assert.Equal(new InvalidMaxConcurrentCalls(-1), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Reallocate_IncludingHiddenEnvironments_CountsThem_R10()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["C"], Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 21)), Later);

        Assert.Equal(new ReallocationExceedsPlan(41, 40), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Reallocate_OneEnvironmentToTheWholePlan_IsAcceptedWhenOthersGoToZero_R9()
    {
        var arranged = Arrange();

        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 0), ("B", 0), ("C", 40)), Later).Value;

        Assert.Equal(40, LimitOf(arranged, "C"));
    }

    [Fact]
    public void Reallocate_SameValues_SucceedsWithoutEventOrVersion_R11()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.Reallocate(TestAccounts.Admin, Targets(arranged, ("A", 20), ("B", 10)), Later).Value;
        _ = arranged.Account.Reallocate(TestAccounts.Admin, new Dictionary<EnvironmentId, int>(), Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }
}
