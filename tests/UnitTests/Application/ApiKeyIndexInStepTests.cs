using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>The service keeps the API-key index in step with what is stored, also when writers finish out of order (R6, R27).</summary>
public class ApiKeyIndexInStepTests
{
    [Fact]
    public async Task SlowWriter_FinishesAfterANewerSave_DoesNotBringADeletedEnvironmentsKeyBack_R6()
    {
        PauseAfterSaveRepository? pausing = null;
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => pausing = new PauseAfterSaveRepository(inner));
        var doomed = await harness.CreateEnvironmentAsync("doomed");

        // Writer 1 creates "fresh" and is held right after its save (version n), before it updates the index.
        pausing!.ArmNextSave();
        var creating = Task.Run(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "fresh", 0));
        await pausing.Paused.WaitAsync(TimeSpan.FromSeconds(10));

        // Writer 2 deletes "doomed" on top of it (version n + 1) and finishes, index included.
        _ = (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, doomed.Environment, "doomed")).Value;
        pausing.Resume();
        var fresh = (await creating.WaitAsync(TimeSpan.FromSeconds(10))).Value;

        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(doomed.ApiKey.Reveal()).Error);
        Assert.Equal(fresh.Environment, harness.Service.VerifyApiKey(fresh.ApiKey.Reveal()).Value.Environment);
        Assert.Equal(harness.Stored.Environments.Count, harness.ApiKeys.Count);
    }

    [Fact]
    public async Task SlowWriter_FinishesAfterANewerRotation_DoesNotRestoreTheReplacedKey_R26()
    {
        PauseAfterSaveRepository? pausing = null;
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => pausing = new PauseAfterSaveRepository(inner));

        pausing!.ArmNextSave();
        var creating = Task.Run(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "fresh", 0));
        await pausing.Paused.WaitAsync(TimeSpan.FromSeconds(10));
        var rotated = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.Zero)).Value;
        pausing.Resume();
        _ = (await creating.WaitAsync(TimeSpan.FromSeconds(10))).Value;

        Assert.False(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Succeeded);
        Assert.True(harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded);
    }

    [Fact]
    public async Task TwoServicesOneIndex_ASlowWriterOnOne_DoesNotRestoreAKeyTheOtherRevoked_R26_R31()
    {
        // Two hosts' services share the store and the index. Neither knows what the other indexed; the index's own
        // version check is what keeps the revoked key revoked.
        PauseAfterSaveRepository? pausing = null;
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => pausing = new PauseAfterSaveRepository(inner));
        var otherHost = new SettingsService(harness.Store, harness.Outbox, harness.ApiKeys, harness.Clock, new SeededSecretGenerator(99));

        pausing!.ArmNextSave();
        var creating = Task.Run(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "fresh", 0));
        await pausing.Paused.WaitAsync(TimeSpan.FromSeconds(10));
        var rotated = (await otherHost.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.Zero)).Value;
        pausing.Resume();
        Assert.True((await creating.WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);

        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Error);
        Assert.True(otherHost.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded);
    }
}
