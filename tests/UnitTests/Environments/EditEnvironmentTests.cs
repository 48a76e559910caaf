using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Environments;

public class EditEnvironmentTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // P = 40, A = 20, B = 10: 10 unallocated.
    private static ArrangedAccount Arrange() => ArrangedAccount.With(40, ("A", 20), ("B", 10));

    [Fact]
    public void Rename_ValidName_KeepsTheId_R2()
    {
        var arranged = Arrange();

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], "production", null, Later).Value;

        var environment = arranged.Account.FindEnvironment(arranged["A"])!;
        Assert.Equal("production", environment.Name.Value);
        Assert.Equal(arranged["A"], environment.Id);
        Assert.Equal(20, environment.MaxConcurrentCalls.Value);
    }

    [Fact]
    public void Rename_ValidName_RecordsEnvironmentRenamedAndIncrementsVersion_R2()
    {
        var arranged = Arrange();
        var version = arranged.Account.Version;

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], " production ", null, Later).Value;

        Assert.Equal(version + 1, arranged.Account.Version);
        Assert.Equal([new EnvironmentRenamed(TestAccounts.AccountId, Later, arranged["A"], "A", "production").ByAdmin(arranged.Account)], arranged.Account.PendingEvents);
    }

    [Fact]
    public void Rename_OldNameIsFreed_AndCanBeUsedAgain_R2()
    {
        var arranged = Arrange();
        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], "production", null, Later).Value;

        var result = arranged.Account.CreateEnvironment(TestAccounts.Admin, "a", 0, Later, new SeededSecretGenerator(3));

        Assert.IsType<CreatedEnvironment>(result.Value);
    }

    [Theory]
    [InlineData("B")]
    [InlineData("b")]
    [InlineData(" b ")]
    public void Rename_ToAnotherEnvironmentsNameIgnoringCaseAndSpaces_IsRefused_R2(string name)
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], name, null, Later);

        Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Rename_ToTheNameOfAHiddenEnvironment_IsRefused_R2()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], "b", null, Later);

        Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Rename_ToItsOwnNameInAnotherCase_ChangesTheCaseAndKeepsTheId_R2()
    {
        var arranged = Arrange();

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], "a", null, Later).Value;

        Assert.Equal("a", arranged.Account.FindEnvironment(arranged["A"])!.Name.Value);
    }

    [Fact]
    public void Rename_ToItsOwnNameWithSpaces_ChangesNothing_R2()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], "  A ", null, Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("tab\there")]
    public void Rename_InvalidName_IsRefused_R2(string name)
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], name, null, Later);

        Assert.IsType<InvalidEnvironmentName>(result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void EditLimit_Negative_IsRefused_R9()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, -1, Later);

        Assert.Equal(new InvalidMaxConcurrentCalls(-1), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void EditLimit_Zero_PausesTheEnvironmentAndFreesItsCalls_R9()
    {
        var arranged = Arrange();

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 0, Later).Value;

        Assert.Equal(0, arranged.Account.FindEnvironment(arranged["A"])!.MaxConcurrentCalls.Value);
        Assert.Equal(30, arranged.Account.ViewEnvironments(TestAccounts.Admin).Value.Unallocated);
    }

    [Fact]
    public void EditLimit_ToCurrentPlusUnallocated_IsAccepted_R10()
    {
        var arranged = Arrange();

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 20, Later).Value;

        var table = arranged.Account.ViewEnvironments(TestAccounts.Admin).Value;
        Assert.Equal(40, table.Allocated);
        Assert.Equal(0, table.Unallocated);
    }

    [Fact]
    public void EditLimit_OneAboveCurrentPlusUnallocated_IsRefusedWithTheNumbers_R10()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 21, Later);

        Assert.Equal(new AllocationExceedsPlan(arranged["B"], 21, 20, 10, 40), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void EditLimit_ToThePlanWhenOthersHoldNothing_IsAccepted_R9()
    {
        var arranged = ArrangedAccount.With(40, ("A", 0), ("B", 0));

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 40, Later).Value;

        Assert.Equal(40, arranged.Account.FindEnvironment(arranged["B"])!.MaxConcurrentCalls.Value);
    }

    [Fact]
    public void EditLimit_AboveThePlan_IsRefused_R9()
    {
        var arranged = ArrangedAccount.With(40, ("A", 0), ("B", 0));
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 41, Later);

        Assert.Equal(new AllocationExceedsPlan(arranged["B"], 41, 40, 40, 40), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void EditLimit_Change_RecordsAllocationChangedWithTheNewSum_R10()
    {
        var arranged = Arrange();

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 15, Later).Value;

        var change = Assert.IsType<AllocationChanged>(Assert.Single(arranged.Account.PendingEvents));
        Assert.Equal([new LimitChange(arranged["B"], "B", 10, 15)], change.Changes);
        Assert.Equal(35, change.Allocated);
        Assert.Equal(40, change.PlanLimit);
    }

    [Fact]
    public void Edit_ValidNameWithTooHighLimit_ChangesNeither_R10()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], "beta", 21, Later);

        Assert.IsType<AllocationExceedsPlan>(result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Edit_TakenNameWithValidLimit_ChangesNeither_R2()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], "a", 5, Later);

        Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Edit_NameAndLimit_RecordsBothEventsAndIncrementsVersionOnce_R2()
    {
        var arranged = Arrange();
        var version = arranged.Account.Version;

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], "beta", 5, Later).Value;

        Assert.Equal(version + 1, arranged.Account.Version);
        Assert.Collection(
            arranged.Account.PendingEvents,
            e => Assert.Equal((version + 1, 0), (Assert.IsType<EnvironmentRenamed>(e).Version, e.Index)),
            e => Assert.Equal((version + 1, 1), (Assert.IsType<AllocationChanged>(e).Version, e.Index))); // one change, two events (R28)
    }

    [Fact]
    public void Edit_SameNameAndLimit_SucceedsWithoutEventOrVersion()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], "B", 10, Later).Value;
        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, null, Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Edit_UnknownEnvironment_IsRefused()
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);
        var unknown = new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, unknown, "x", 1, Later);

        Assert.Equal(new EnvironmentNotFound(unknown), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }
}
