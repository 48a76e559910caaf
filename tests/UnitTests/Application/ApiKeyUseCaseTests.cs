using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

public class ApiKeyUseCaseTests
{
    [Fact]
    public async Task RotateApiKey_WithGrace_NewKeyVerifiesAndOldKeyUntilTheDeadline_R26()
    {
        var harness = await ServiceHarness.OpenAsync();
        var oldKey = harness.DefaultKey.Reveal();

        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromHours(24))).Unwrap<RotatedApiKey>();

        Assert.Equal(TestAccounts.Now + Duration.FromHours(24), rotated.PreviousKeyValidUntil);
        Assert.Equal(new VerifiedApiKey(ServiceHarness.AccountId, harness.DefaultEnvironment, false), harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Unwrap<VerifiedApiKey>());
        Assert.True(harness.Service.VerifyApiKey(oldKey).Unwrap<VerifiedApiKey>().IsPreviousKey);

        harness.Clock.Advance(Duration.FromHours(24) - Duration.Epsilon);
        Assert.True(harness.Service.VerifyApiKey(oldKey).IsT0);

        harness.Clock.Advance(Duration.Epsilon); // the deadline instant itself is expired (R26)
        Assert.Equal(rotated.PreviousKeyValidUntil, harness.Service.VerifyApiKey(oldKey).Unwrap<ExpiredApiKey>().ExpiredAt);
        Assert.True(harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).IsT0);
    }

    [Fact]
    public async Task RotateApiKey_ZeroGrace_OldKeyIsRefusedAtOnce_R26()
    {
        var harness = await ServiceHarness.OpenAsync();

        (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.Zero)).Unwrap<RotatedApiKey>();

        Assert.False(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).IsT0);
    }

    [Fact]
    public async Task RotateApiKey_Saved_TheTableShowsTheNewHintAndTheDeadline_R25()
    {
        var harness = await ServiceHarness.OpenAsync();

        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromHours(1))).Unwrap<RotatedApiKey>();

        var row = Assert.Single((await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Unwrap<EnvironmentsTable>().Rows);
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

        Assert.Equal(Permission.ManageApiKeys, result.Unwrap<NotPermitted>().Required);
        Assert.False(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Unwrap<VerifiedApiKey>().IsPreviousKey);
    }

    [Fact]
    public async Task RotateApiKey_GraceOverAWeek_IsRefused_R26()
    {
        var harness = await ServiceHarness.OpenAsync();

        var result = await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromDays(8));

        result.Unwrap<InvalidGracePeriod>();
        Assert.Equal(0, harness.StoredVersion);
    }

    [Fact]
    public async Task DeleteEnvironment_DuringARotationGrace_BothItsKeysAreRefused_R6()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, Duration.FromDays(1))).Unwrap<RotatedApiKey>();

        (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "staging")).Unwrap<Success>();

        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Value);
        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Value);
        Assert.True(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).IsT0);
        Assert.Equal(1, harness.ApiKeys.Count);
    }

    [Fact]
    public async Task VerifyApiKey_MistypedKey_IsRefusedByTheChecksum_R25()
    {
        var harness = await ServiceHarness.OpenAsync();
        var key = harness.DefaultKey.Reveal();
        var mistyped = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

        Assert.IsType<ApiKeyChecksumMismatch>(harness.Service.VerifyApiKey(mistyped).Value);
        Assert.IsType<MalformedApiKey>(harness.Service.VerifyApiKey("hello").Value);
    }

    [Fact]
    public async Task VerifyApiKey_HiddenEnvironment_StillAuthenticates_R4()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Unwrap<Success>();

        Assert.Equal(staging.Environment, harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Unwrap<VerifiedApiKey>().Environment);
    }

    [Fact]
    public async Task ApiKeyIndex_AfterManyChanges_HoldsExactlyTheStoredKeys_R27()
    {
        // The index is rewritten from the saved account after key changes, so it never drifts from storage.
        var harness = await ServiceHarness.OpenAsync();
        var a = await harness.CreateEnvironmentAsync("a");
        var b = await harness.CreateEnvironmentAsync("b");
        (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, a.Environment, Duration.FromHours(1))).Unwrap<RotatedApiKey>();
        (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, b.Environment, "b")).Unwrap<Success>();

        var stored = harness.Stored.Environments.Sum(e => e.PreviousApiKey is null ? 1 : 2);
        Assert.Equal(stored, harness.ApiKeys.Count);
        Assert.Equal(3, stored);
    }
}
