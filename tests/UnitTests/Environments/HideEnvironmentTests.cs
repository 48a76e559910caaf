using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Environments;

public class HideEnvironmentTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    private static ArrangedAccount Arrange() => ArrangedAccount.With(40, ("A", 20), ("B", 10));

    private static IReadOnlyList<EnvironmentOption> Selector(Account account) =>
        account.ViewEnvironmentSelector(TestAccounts.Admin).Value;

    private static EnvironmentsTable Table(Account account) => account.ViewEnvironments(TestAccounts.Admin).Value;

    [Fact]
    public void Hide_Environment_IsGoneFromTheSelector_R4()
    {
        var arranged = Arrange();

        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Equal([new EnvironmentOption(arranged["A"], "A")], Selector(arranged.Account));
    }

    [Fact]
    public void Hide_Environment_StaysInTheTableMarkedHidden_R4()
    {
        var arranged = Arrange();

        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        var row = Assert.Single(Table(arranged.Account).Rows, r => r.Id == arranged["B"]);
        Assert.True(row.Hidden);
        Assert.Equal(2, Table(arranged.Account).Rows.Count);
    }

    [Fact]
    public void Hide_Environment_KeepsItsAllocationInTheSum_R4()
    {
        var arranged = Arrange();

        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Equal(10, arranged.Account.Allocation.LimitOf(arranged["B"]));
        Assert.Equal(30, Table(arranged.Account).Allocated);
    }

    [Fact]
    public void Hide_Environment_KeepsItsKeyVerifiable_R4()
    {
        var arranged = Arrange();

        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Contains(arranged.Account.ApiKeyIndexEntries(), entry => entry.Environment == arranged["B"]);
    }

    [Fact]
    public void Hide_Environment_RecordsEnvironmentHiddenAndIncrementsVersion_R4()
    {
        var arranged = Arrange();
        var version = arranged.Account.Version;

        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Equal(version + 1, arranged.Account.Version);
        Assert.Equal([new EnvironmentHidden(TestAccounts.AccountId, Later, arranged["B"], "B").ByAdmin(arranged.Account)], arranged.Account.PendingEvents);
    }

    [Fact]
    public void Hide_TheOnlyEnvironment_IsRefused_R5()
    {
        var arranged = ArrangedAccount.With(40);
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["default"], Later);

        var error = Assert.IsType<LastVisibleEnvironment>(result.Error);
        Assert.Equal("environment.last_visible", error.Code);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Hide_TheLastVisibleEnvironmentWhileOthersAreHidden_IsRefused_R5()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["A"], Later);

        Assert.Equal(new LastVisibleEnvironment(arranged["A"]), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
        Assert.Single(Selector(arranged.Account));
    }

    [Fact]
    public void Hide_AlreadyHidden_SucceedsWithoutChange_R4()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Hide_UnknownEnvironment_IsRefused()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);
        var unknown = new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

        var result = arranged.Account.HideEnvironment(TestAccounts.Admin, unknown, Later);

        Assert.Equal(new EnvironmentNotFound(unknown), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Unhide_HiddenEnvironment_ReturnsToTheSelector_R4()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        _ = arranged.Account.UnhideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Equal([arranged["A"], arranged["B"]], Selector(arranged.Account).Select(o => o.Id));
        Assert.IsType<EnvironmentUnhidden>(arranged.Account.PendingEvents[^1]);
    }

    [Fact]
    public void Unhide_ThenHideTheOther_IsAccepted_R5()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;
        _ = arranged.Account.UnhideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        var result = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["A"], Later);

        Assert.IsType<Success>(result.Value);
        Assert.Equal([arranged["B"]], Selector(arranged.Account).Select(o => o.Id));
    }

    [Fact]
    public void Unhide_VisibleEnvironment_SucceedsWithoutChange_R4()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.UnhideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }
}
