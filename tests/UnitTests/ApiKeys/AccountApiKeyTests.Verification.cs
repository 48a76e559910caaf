using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.ApiKeys;

public partial class AccountApiKeyTests
{
    [Fact]
    public void Verify_KeyOfAnotherEnvironment_ResolvesToThatEnvironmentNeverThisOne_R27()
    {
        var staging = CreateEnvironment("staging");
        var production = CreateEnvironment("production");

        var stagingResult = Verify(staging.ApiKey, Now).Value;
        var productionResult = Verify(production.ApiKey, Now).Value;
        var defaultResult = Verify(DefaultKey, Now).Value;

        Assert.Equal(staging.Environment, stagingResult.Environment);
        Assert.Equal(production.Environment, productionResult.Environment);
        Assert.Equal(Default, defaultResult.Environment);
        Assert.Equal(3, new[] { stagingResult.Environment, productionResult.Environment, defaultResult.Environment }.Distinct().Count());
    }

    [Fact]
    public void Verify_KeyOfAnotherAccount_ResolvesToThatAccountNeverThisOne_R27()
    {
        var otherId = new AccountId(Guid.Parse("0196f000-0000-7000-8000-00000000a002"));
        var other = Account.Open(otherId, 10, new UserId(Guid.Parse("0196f000-0000-7000-8000-0000000000a2")), "Bo Admin", "bo@example.com", Now, new SeededSecretGenerator(5)).Value;
        RefreshIndex();
        _index.ReplaceAccountKeys(otherId, other.Account.Version, other.Account.ApiKeyIndexEntries());

        var result = _verifier.Verify(other.DefaultEnvironmentKey.Reveal(), Now).Value;

        Assert.Equal(new VerifiedApiKey(otherId, other.DefaultEnvironment, IsPreviousKey: false), result);
        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: false), _verifier.Verify(DefaultKey.Reveal(), Now).Value);
    }

    [Fact]
    public void DeleteEnvironment_CurrentAndPreviousKeys_NeverVerifyOnceTheIndexIsRefreshed_R6()
    {
        var staging = CreateEnvironment("staging");
        var rotated = Rotate(staging.Environment, Duration.FromDays(7), Now);
        Assert.True(Verify(staging.ApiKey, Now).Value.IsPreviousKey); // in its grace period before the delete

        _ = Account.DeleteEnvironment(Admin, staging.Environment, "staging", Now).Value;

        Assert.IsType<UnknownApiKey>(Verify(staging.ApiKey, Now).Error);
        Assert.IsType<UnknownApiKey>(Verify(rotated.ApiKey, Now).Error);
        Assert.DoesNotContain(Account.ApiKeyIndexEntries(), e => e.Environment == staging.Environment);
        Assert.True(Verify(DefaultKey, Now).Succeeded);
    }

    [Fact]
    public void DeleteEnvironment_ThenANewOneWithTheSameName_OldKeysStillNeverVerify_R6()
    {
        var first = CreateEnvironment("staging");
        _ = Account.DeleteEnvironment(Admin, first.Environment, "staging", Now).Value;

        var second = CreateEnvironment("staging");

        Assert.IsType<UnknownApiKey>(Verify(first.ApiKey, Now).Error);
        Assert.Equal(second.Environment, Verify(second.ApiKey, Now).Value.Environment);
        Assert.NotEqual(first.Environment, second.Environment);
    }

    [Fact]
    public void DeleteEnvironment_Refused_KeepsItsKeysVerifying_R6()
    {
        var staging = CreateEnvironment("staging");

        var result = Account.DeleteEnvironment(Admin, staging.Environment, "stagin", Now);

        Assert.IsType<DeleteConfirmationMismatch>(result.Error);
        Assert.Equal(staging.Environment, Verify(staging.ApiKey, Now).Value.Environment);
    }

    [Fact]
    public void HideEnvironment_ItsKey_KeepsVerifying_R4()
    {
        var staging = CreateEnvironment("staging");

        _ = Account.HideEnvironment(Admin, staging.Environment, Now).Value;

        Assert.True(Account.FindEnvironment(staging.Environment)!.Hidden);
        Assert.Equal(new VerifiedApiKey(Account.Id, staging.Environment, IsPreviousKey: false), Verify(staging.ApiKey, Now).Value);
    }

    [Fact]
    public void RotateApiKey_HiddenEnvironment_NewAndPreviousKeysVerify_R4()
    {
        var staging = CreateEnvironment("staging");
        _ = Account.HideEnvironment(Admin, staging.Environment, Now).Value;

        var rotated = Rotate(staging.Environment, OneDay, Now);

        Assert.Equal(new VerifiedApiKey(Account.Id, staging.Environment, IsPreviousKey: false), Verify(rotated.ApiKey, Now).Value);
        Assert.Equal(new VerifiedApiKey(Account.Id, staging.Environment, IsPreviousKey: true), Verify(staging.ApiKey, Now).Value);
    }

    [Fact]
    public void EditEnvironment_Rename_KeepsTheKeyVerifyingToTheSameEnvironment_R2()
    {
        _ = Account.EditEnvironment(Admin, Default, "production", null, Now).Value;

        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: false), Verify(DefaultKey, Now).Value);
    }

    [Fact]
    public void ApiKeyIndexEntries_OnePerCurrentKeyAndOnePerPreviousKeyWithItsDeadline_R24()
    {
        var staging = CreateEnvironment("staging");
        var rotated = Rotate(staging.Environment, OneDay, Now);

        var entries = Account.ApiKeyIndexEntries().ToHashSet();

        Assert.Equal(
            new HashSet<ApiKeyIndexEntry>
            {
                new(DefaultKey.Hash, Account.Id, Default, null),
                new(rotated.ApiKey.Hash, Account.Id, staging.Environment, null),
                new(staging.ApiKey.Hash, Account.Id, staging.Environment, Now + OneDay),
            },
            entries);
    }
}
