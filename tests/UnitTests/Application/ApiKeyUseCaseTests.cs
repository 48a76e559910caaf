using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Application;

public class ApiKeyUseCaseTests
{
    [Fact]
    public async Task RotateApiKey_WithGrace_NewKeyVerifiesAndOldKeyUntilTheDeadline_R26()
    {
        var harness = await ServiceHarness.OpenAsync();
        var oldKey = harness.DefaultKey.Reveal();

        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromHours(24))).Value;

        Assert.Equal(TestAccounts.Now + Duration.FromHours(24), rotated.PreviousKeyValidUntil);
        Assert.Equal(new VerifiedApiKey(ServiceHarness.AccountId, harness.DefaultEnvironment, false), harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Value);
        Assert.True(harness.Service.VerifyApiKey(oldKey).Value.IsPreviousKey);

        harness.Clock.Advance(Duration.FromHours(24) - Duration.Epsilon);
        Assert.True(harness.Service.VerifyApiKey(oldKey).Succeeded);

        harness.Clock.Advance(Duration.Epsilon); // the deadline instant itself is expired (R26)
        Assert.Equal(rotated.PreviousKeyValidUntil, Assert.IsType<ExpiredApiKey>(harness.Service.VerifyApiKey(oldKey).Error).ExpiredAt);
        Assert.True(harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded);
    }

    [Fact]
    public async Task RotateApiKey_ZeroGrace_OldKeyIsRefusedAtOnce_R26()
    {
        var harness = await ServiceHarness.OpenAsync();

        _ = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.Zero)).Value;

        Assert.False(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Succeeded);
    }

    [Fact]
    public async Task RotateApiKey_Saved_TheTableShowsTheNewHintAndTheDeadline_R25()
    {
        var harness = await ServiceHarness.OpenAsync();

        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromHours(1))).Value;

        var row = Assert.Single((await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value.Rows);
        Assert.Equal(rotated.ApiKey.Hint.Masked, row.ApiKey);
        Assert.Equal(rotated.PreviousKeyValidUntil, row.PreviousApiKeyValidUntil);
        Assert.Equal(1, harness.StoredVersion);
        Assert.IsType<ApiKeyRotated>(harness.Events.Events[^1]);
    }

    [Fact]
    public async Task RotateApiKey_Member_IsNotPermittedAndTheKeyIsUnchanged_R3()
    {
        var harness = await ServiceHarness.OpenAsync();
        var member = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, member, harness.DefaultEnvironment, Duration.Zero);

        Assert.Equal(Permission.ManageApiKeys, Assert.IsType<NotPermitted>(result.Error).Required);
        Assert.False(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Value.IsPreviousKey);
    }

    [Fact]
    public async Task RotateApiKey_GraceOverAWeek_IsRefused_R26()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromDays(8));

        Assert.IsType<InvalidGracePeriod>(result.Error);
        Assert.Equal(0, harness.StoredVersion);
    }

    [Fact]
    public async Task DeleteEnvironment_DuringARotationGrace_BothItsKeysAreRefused_R6()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, Duration.FromDays(1))).Value;

        _ = (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "staging")).Value;

        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Error);
        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Error);
        Assert.True(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Succeeded);
        Assert.Equal(1, harness.ApiKeys.Count);
    }

    [Fact]
    public async Task VerifyApiKey_MistypedKey_IsRefusedByTheChecksum_R25()
    {
        var harness = await ServiceHarness.OpenAsync();
        var key = harness.DefaultKey.Reveal();
        var mistyped = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

        Assert.IsType<ApiKeyChecksumMismatch>(harness.Service.VerifyApiKey(mistyped).Error);
        Assert.IsType<MalformedApiKey>(harness.Service.VerifyApiKey("hello").Error);
    }

    [Fact]
    public async Task VerifyApiKey_HiddenEnvironment_StillAuthenticates_R4()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;

        Assert.Equal(staging.Environment, harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Value.Environment);
    }

    [Fact]
    public async Task ApiKeyIndex_AfterManyChanges_HoldsExactlyTheStoredKeys_R27()
    {
        // The index is rewritten from the saved account after key changes, so it never drifts from storage.
        var harness = await ServiceHarness.OpenAsync();
        var a = await harness.CreateEnvironmentAsync("a");
        var b = await harness.CreateEnvironmentAsync("b");
        _ = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, a.Environment, Duration.FromHours(1))).Value;
        _ = (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, b.Environment, "b")).Value;

        var stored = harness.Stored.Environments.Sum(e => e.PreviousApiKey is null ? 1 : 2);
        Assert.Equal(stored, harness.ApiKeys.Count);
        Assert.Equal(3, stored);
    }
}
