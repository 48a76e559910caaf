using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Sample;

/// <summary>Settings → Environments, following the product docs' example: a plan of 40 split 20 / 10 / 10.</summary>
internal static class EnvironmentsChapter
{
    public static async Task<EnvironmentsOfTheStory> RunAsync(Story story, EnvironmentId defaultEnvironment)
    {
        var (service, account, ada) = (story.Service, story.Account, story.Admin);
        await ShowTableAsync(story);

        Page.Title("Split the plan as in the product docs: production 20, staging 10, research 10");
        Page.Saved(await service.EditEnvironmentAsync(account, ada, defaultEnvironment, "production", 20));
        story.Clock.Advance(Duration.FromMinutes(5));
        var staging = (await service.CreateEnvironmentAsync(account, ada, "staging", 10)).Value;
        Page.Say($"staging's API key, shown once at creation: {staging.ApiKey.Reveal()} (the table only ever shows {staging.ApiKey})");
        story.Clock.Advance(Duration.FromMinutes(5));
        var research = (await service.CreateEnvironmentAsync(account, ada, "research", 10)).Value;
        await ShowTableAsync(story);

        Page.Title("Raise research to 11: the plan is fully allocated (R10)");
        Page.Refused(await service.EditEnvironmentAsync(account, ada, research.Environment, null, 11));

        Page.Title("Create \" Staging \": names are unique ignoring case and spaces (R2)");
        var duplicate = await service.CreateEnvironmentAsync(account, ada, " Staging ", 0);
        Page.Refused(duplicate);
        // A host's HTTP API maps every case by name; the compiler checks that none is missing.
        Page.Say("An HTTP API would answer " + duplicate.Match(
            created: _ => "201 Created",
            notPermitted: _ => "403 Forbidden",
            invalidName: _ => "400 Bad Request",
            nameTaken: taken => $"409 Conflict (\"{taken.Name}\" is taken)",
            invalidLimit: _ => "400 Bad Request",
            exceedsPlan: _ => "422 Unprocessable Content",
            accountNotFound: _ => "404 Not Found",
            invalidSnapshot: _ => "500 Internal Server Error (the stored account is corrupt)",
            unsupportedVersion: _ => "500 Internal Server Error (upgrade this host)",
            conflict: _ => "409 Conflict, try again"));

        Page.Title("Move 5 calls from production to research in one step (R11)");
        Page.Saved(await service.ReallocateAsync(account, ada, new Dictionary<EnvironmentId, int> { [defaultEnvironment] = 15, [research.Environment] = 15 }));
        await ShowTableAsync(story);

        Page.Title("Hide research: gone from the selector, still in the table, still working (R4)");
        Page.Saved(await service.HideEnvironmentAsync(account, ada, research.Environment));
        Page.Selector((await service.ListEnvironmentSelectorAsync(account, ada)).Value);
        await ShowTableAsync(story);

        Page.Title("Billing lowers the plan to 30: over-allocated (R12); billing acts as itself, not as an Admin (R29)");
        Page.Saved(await service.ChangePlanLimitAsync(account, SystemActor.Billing, 30));
        Page.Say("Billing may change the plan and nothing else:");
        Page.Refused(await service.CreateEnvironmentAsync(account, SystemActor.Billing, "billing-lab", 0));
        await ShowTableAsync(story);
        Page.Say("Raising anything is refused until the sum fits again:");
        Page.Refused(await service.EditEnvironmentAsync(account, ada, defaultEnvironment, null, 16));
        var proposal = (await service.ProposeRebalanceAsync(account, ada)).Value;
        Page.Say("Proposed fair reduction (proportional, largest remainder): "
            + string.Join(", ", proposal.Lines.Select(line => $"{line.Current}→{line.Proposed}")));
        Page.Saved(await service.ApplyRebalanceAsync(account, ada, proposal));
        await ShowTableAsync(story);

        Page.Title("Delete an environment: type its name to confirm (R6)");
        story.Clock.Advance(Duration.FromMinutes(5));
        var scratch = (await service.CreateEnvironmentAsync(account, ada, "scratch", 0)).Value;
        Page.Refused(await service.DeleteEnvironmentAsync(account, ada, scratch.Environment, "scrath"));
        Page.Saved(await service.DeleteEnvironmentAsync(account, ada, scratch.Environment, "scratch"));
        var deleted = story.Settings.Events.Events.OfType<EnvironmentDeleted>().Last();
        Page.Say($"Deleted '{deleted.Name}'; the host's handler now deletes its agents, campaigns and numbers.");
        Page.Say("The last visible environment cannot go (R5):");
        Page.Saved(await service.HideEnvironmentAsync(account, ada, staging.Environment));
        Page.Refused(await service.HideEnvironmentAsync(account, ada, defaultEnvironment));
        Page.Saved(await service.UnhideEnvironmentAsync(account, ada, staging.Environment));

        return new EnvironmentsOfTheStory(defaultEnvironment, staging.Environment, research.Environment, staging.ApiKey.Reveal());
    }

    public static async Task ShowTableAsync(Story story) =>
        Page.Environments((await story.Service.ListEnvironmentsAsync(story.Account, story.Admin)).Value);
}
