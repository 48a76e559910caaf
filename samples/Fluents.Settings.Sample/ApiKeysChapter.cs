using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;

namespace Fluents.Settings.Sample;

/// <summary>Environment API keys: verified by hash, rotated with a grace period (R24–R27).</summary>
internal static class ApiKeysChapter
{
    public static async Task RunAsync(Story story, EnvironmentsOfTheStory environments)
    {
        var service = story.Service;
        Page.Title("A host verifies the key sent with an API call (R27)");
        Verify(story, environments.StagingKey, "staging's key");
        Verify(story, environments.StagingKey[..^1] + (environments.StagingKey[^1] == 'a' ? 'b' : 'a'), "a mistyped key");
        Verify(story, "not-a-key", "garbage");

        Page.Title("Rotate staging's key with a 1-hour grace period (R26)");
        var rotated = (await service.RotateApiKeyAsync(story.Account, story.Admin, environments.Staging, Duration.FromHours(1))).Value;
        Page.Say($"New key, shown once: {rotated.ApiKey.Reveal()}; the old one works until {rotated.PreviousKeyValidUntil}");
        await EnvironmentsChapter.ShowTableAsync(story);
        Verify(story, environments.StagingKey, "the old key, 59 minutes later", advance: Duration.FromMinutes(59));
        Verify(story, environments.StagingKey, "the old key, at the deadline", advance: Duration.FromMinutes(1));
        Verify(story, rotated.ApiKey.Reveal(), "the new key");
    }

    private static void Verify(Story story, string presented, string what, Duration advance = default)
    {
        story.Clock.Advance(advance);
        var outcome = story.Service.VerifyApiKey(presented).Match(
            verified: key => $"✓ environment {key.Environment.ToString()[^8..]}{(key.IsPreviousKey ? " (previous key)" : "")}",
            malformed: refusal => $"✗ {refusal.Code}",
            checksumMismatch: refusal => $"✗ {refusal.Code} (caught before any lookup)",
            unknown: refusal => $"✗ {refusal.Code}",
            expired: refusal => $"✗ {refusal.Code} since {refusal.ExpiredAt}");
        Page.Say($"{what}: {outcome}");
    }
}
