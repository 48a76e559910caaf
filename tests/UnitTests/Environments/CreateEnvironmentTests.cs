using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.Environments;

public class CreateEnvironmentTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);
    private readonly SeededSecretGenerator _random = new(11);

    // default holds 30 of 40: 10 unallocated.
    private static ArrangedAccount Arrange() => ArrangedAccount.With(40, ("default", 30));

    [Fact]
    public void Create_ValidNameAndLimit_AddsAVisibleEnvironmentWithItsFields_R1()
    {
        var account = Arrange().Account;

        var created = account.CreateEnvironment(TestAccounts.Admin, "staging", 10, Later, _random).Value;

        var environment = account.FindEnvironment(created.Environment)!;
        Assert.Equal("staging", environment.Name.Value);
        Assert.Equal(10, environment.MaxConcurrentCalls.Value);
        Assert.Equal(Later, environment.CreatedAt);
        Assert.False(environment.Hidden);
        Assert.Contains(account.ViewEnvironmentSelector(TestAccounts.Admin).Value, o => o.Id == created.Environment);
    }

    [Fact]
    public void Create_Success_RecordsEnvironmentCreatedAndIncrementsVersionOnce_R1()
    {
        var account = Arrange().Account;
        var version = account.Version;

        var created = account.CreateEnvironment(TestAccounts.Admin, "staging", 10, Later, _random).Value;

        Assert.Equal(version + 1, account.Version);
        Assert.Equal([new EnvironmentCreated(TestAccounts.AccountId, Later, created.Environment, "staging", 10).ByAdmin(account)], account.PendingEvents);
    }

    [Fact]
    public void Create_SameNameAfterDelete_GetsANewId_R1()
    {
        var account = Arrange().Account;
        var first = account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Later, _random).Value;
        _ = account.DeleteEnvironment(TestAccounts.Admin, first.Environment, "staging", Later).Value;

        var second = account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Later, _random).Value;

        Assert.NotEqual(first.Environment, second.Environment);
    }

    [Fact]
    public void Create_NameWithSurroundingSpaces_IsStoredTrimmed_R2()
    {
        var account = Arrange().Account;

        var created = account.CreateEnvironment(TestAccounts.Admin, "  staging \t", 0, Later, _random).Value;

        Assert.Equal("staging", account.FindEnvironment(created.Environment)!.Name.Value);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("DEFAULT")]
    [InlineData("Default")]
    [InlineData("  default  ")]
    [InlineData(" DeFaUlT\t")]
    public void Create_NameEqualIgnoringCaseAndSpaces_IsRefusedAsTaken_R2(string name)
    {
        var account = Arrange().Account;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, name, 0, Later, _random);

        var error = Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal("environment.name_taken", error.Code);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Fact]
    public void Create_NameOfAHiddenEnvironment_IsRefusedAsTaken_R2()
    {
        var arranged = ArrangedAccount.With(40, ("default", 30), ("Staging", 0));
        var account = arranged.Account;
        _ = account.HideEnvironment(TestAccounts.Admin, arranged["Staging"], Later).Value;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Later, _random);

        Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Theory]
    [InlineData("", InvalidEnvironmentNameReason.Empty)]
    [InlineData("   ", InvalidEnvironmentNameReason.Empty)]
    [InlineData("a\tb", InvalidEnvironmentNameReason.ControlCharacter)]
    [InlineData("line\nbreak", InvalidEnvironmentNameReason.ControlCharacter)]
    [InlineData("del\u007F", InvalidEnvironmentNameReason.ControlCharacter)]
    [InlineData("c1\u0085c1", InvalidEnvironmentNameReason.ControlCharacter)]
    public void Create_InvalidName_IsRefusedWithTheReason_R2(string name, InvalidEnvironmentNameReason reason)
    {
        var account = Arrange().Account;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, name, 0, Later, _random);

        Assert.Equal(new InvalidEnvironmentName(reason), result.Error);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Fact]
    public void Create_NameOf64Characters_IsAccepted_R2()
    {
        var account = Arrange().Account;

        var result = account.CreateEnvironment(TestAccounts.Admin, new string('x', 64), 0, Later, _random);

        Assert.IsType<CreatedEnvironment>(result.Value);
    }

    [Fact]
    public void Create_NameOf65Characters_IsRefusedAsTooLong_R2()
    {
        var account = Arrange().Account;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, new string('x', 65), 0, Later, _random);

        Assert.Equal(new InvalidEnvironmentName(InvalidEnvironmentNameReason.TooLong), result.Error);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Fact]
    public void Create_NameOf64CharactersInsideSpaces_IsAcceptedAfterTrimming_R2()
    {
        var account = Arrange().Account;

        var result = account.CreateEnvironment(TestAccounts.Admin, "  " + new string('x', 64) + "  ", 0, Later, _random);

        Assert.IsType<CreatedEnvironment>(result.Value);
    }

    [Fact]
    public void Create_NegativeLimit_IsRefused_R9()
    {
        var account = Arrange().Account;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, "staging", -1, Later, _random);

        Assert.Equal(new InvalidMaxConcurrentCalls(-1), result.Error);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Fact]
    public void Create_LimitZeroWhenThePlanIsFullyAllocated_IsAccepted_R9()
    {
        var account = ArrangedAccount.With(40, ("default", 40)).Account;

        var created = account.CreateEnvironment(TestAccounts.Admin, "paused", 0, Later, _random).Value;

        Assert.Equal(0, account.FindEnvironment(created.Environment)!.MaxConcurrentCalls.Value);
    }

    [Fact]
    public void Create_LimitEqualToTheUnallocatedCalls_IsAccepted_R10()
    {
        var account = Arrange().Account;

        _ = account.CreateEnvironment(TestAccounts.Admin, "staging", 10, Later, _random).Value;

        var table = account.ViewEnvironments(TestAccounts.Admin).Value;
        Assert.Equal(40, table.Allocated);
        Assert.Equal(0, table.Unallocated);
    }

    [Fact]
    public void Create_LimitOneAboveTheUnallocatedCalls_IsRefusedWithTheNumbers_R10()
    {
        var account = Arrange().Account;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, "staging", 11, Later, _random);

        Assert.Equal(new AllocationExceedsPlan(null, 11, 10, 10, 40), result.Error);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Fact]
    public void Create_LimitAboveThePlan_IsRefused_R9()
    {
        var account = ArrangedAccount.With(40, ("default", 0)).Account;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, "staging", 41, Later, _random);

        var error = Assert.IsType<AllocationExceedsPlan>(result.Error);
        Assert.Equal(40, error.Allowed);
        Assert.Equal(before, AccountState.Of(account));
    }

    [Fact]
    public void Create_LimitEqualToThePlanWhenNothingIsAllocated_IsAccepted_R9()
    {
        var account = ArrangedAccount.With(40, ("default", 0)).Account;

        var result = account.CreateEnvironment(TestAccounts.Admin, "staging", 40, Later, _random);

        Assert.IsType<CreatedEnvironment>(result.Value);
    }
}
