using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Environments;

public class DeleteEnvironmentTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // P = 40, A = 20, Staging = 10: 10 unallocated.
    private static ArrangedAccount Arrange() => ArrangedAccount.With(40, ("A", 20), ("Staging", 10));

    [Fact]
    public void Delete_WithTheNameTyped_RemovesTheEnvironment_R6()
    {
        var arranged = Arrange();

        _ = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "Staging", Later).Value;

        Assert.Null(arranged.Account.FindEnvironment(arranged["Staging"]));
        Assert.DoesNotContain(arranged.Account.ViewEnvironments(TestAccounts.Admin).Value.Rows, r => r.Id == arranged["Staging"]);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("STAGING")]
    [InlineData("  Staging ")]
    public void Delete_ConfirmationDifferingOnlyByCaseOrSpaces_IsAccepted_R6(string typed)
    {
        var arranged = Arrange();

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], typed, Later);

        Assert.IsType<Success>(result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Stagin")]
    [InlineData("Staging2")]
    [InlineData("A")]
    public void Delete_WithoutTheRightName_IsRefused_R6(string? typed)
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], typed, Later);

        var error = Assert.IsType<DeleteConfirmationMismatch>(result.Error);
        Assert.Equal("Staging", error.Expected);
        Assert.Equal("environment.delete_not_confirmed", error.Code);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Delete_Environment_FreesItsAllocation_R6()
    {
        var arranged = Arrange();

        _ = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "Staging", Later).Value;

        var table = arranged.Account.ViewEnvironments(TestAccounts.Admin).Value;
        Assert.Equal(20, table.Allocated);
        Assert.Equal(20, table.Unallocated);
        Assert.IsType<Success>(arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 40, Later).Value);
    }

    [Fact]
    public void Delete_Environment_EmitsEnvironmentDeletedWithTheFreedCalls_R6()
    {
        var arranged = Arrange();
        var version = arranged.Account.Version;

        _ = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "staging", Later).Value;

        Assert.Equal([new EnvironmentDeleted(TestAccounts.AccountId, Later, arranged["Staging"], "Staging", 10).ByAdmin(arranged.Account)], arranged.Account.PendingEvents);
        Assert.Equal(version + 1, arranged.Account.Version);
    }

    [Fact]
    public void Delete_Environment_RevokesItsKeysAtOnce_R6()
    {
        var arranged = Arrange();
        _ = arranged.Account.RotateApiKey(TestAccounts.Admin, arranged["Staging"], Duration.FromHours(1), Later, new SeededSecretGenerator(5)).Value;

        _ = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "Staging", Later).Value;

        Assert.DoesNotContain(arranged.Account.ApiKeyIndexEntries(), entry => entry.Environment == arranged["Staging"]);
    }

    [Fact]
    public void Delete_TheOnlyEnvironment_IsRefused_R5()
    {
        var arranged = ArrangedAccount.With(40);
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["default"], "default", Later);

        Assert.Equal(new LastVisibleEnvironment(arranged["default"]), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Delete_TheLastVisibleEnvironmentWhileAnotherIsHidden_IsRefused_R5()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["Staging"], Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["A"], "A", Later);

        Assert.Equal(new LastVisibleEnvironment(arranged["A"]), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Delete_AHiddenEnvironment_IsAccepted_R5()
    {
        var arranged = Arrange();
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["Staging"], Later).Value;

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "Staging", Later);

        Assert.IsType<Success>(result.Value);
        Assert.Single(arranged.Account.Environments);
    }

    [Fact]
    public void Delete_AnAlreadyDeletedEnvironment_IsRefusedAsNotFound_R6()
    {
        var arranged = Arrange();
        _ = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "Staging", Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged["Staging"], "Staging", Later);

        Assert.Equal(new EnvironmentNotFound(arranged["Staging"]), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }
}
