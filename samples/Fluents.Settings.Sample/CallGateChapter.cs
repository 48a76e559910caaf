namespace Fluents.Settings.Sample;

/// <summary>The call gate on the account of the story: staging's Max Concurrent Calls enforced at call time (R13).</summary>
internal static class CallGateChapter
{
    public static async Task RunAsync(Story story, EnvironmentsOfTheStory environments)
    {
        var account = (await story.Service.FindAccountAsync(story.Account)).Value;
        await CallGateWalkthrough.RunAsync(account.Allocation, environments.Staging, async limit =>
        {
            // As a host does: save the edit through the service, then apply the saved allocation to the gate.
            var edited = await story.Service.EditEnvironmentAsync(story.Account, story.Admin, environments.Staging, newName: null, limit);
            if (!edited.TryGetValue(out _, out var refusal)) throw new InvalidOperationException($"The edit was refused: [{refusal.Code}] {refusal.Message}");
            var saved = (await story.Service.FindAccountAsync(story.Account)).Value;
            return saved.Allocation;
        });
    }
}
