using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.Sample;

/// <summary>Settings → Environments, following the product docs' example: a plan of 40 split 20 / 10 / 10.</summary>
internal static class EnvironmentsChapter
{
    public static async Task<EnvironmentsOfTheStory> RunAsync(Story story, EnvironmentId defaultEnvironment)
    {
        var (service, account, ada) = (story.Service, story.Account, story.Admin);
        await ShowTableAsync(story);

        Page.Title("Split the plan as in the product docs: production 20, staging 10, research 10");
        (await service.EditEnvironmentAsync(account, ada, defaultEnvironment, "production", 20)).Expect<Success>();
        story.Clock.Advance(Duration.FromMinutes(5));
        var staging = (await service.CreateEnvironmentAsync(account, ada, "staging", 10)).Expect<CreatedEnvironment>();
        Page.Say($"staging's API key, shown once at creation: {staging.ApiKey.Reveal()} (the table only ever shows {staging.ApiKey})");
        story.Clock.Advance(Duration.FromMinutes(5));
        var research = (await service.CreateEnvironmentAsync(account, ada, "research", 10)).Expect<CreatedEnvironment>();
        await ShowTableAsync(story);

        Page.Title("Raise research to 11: the plan is fully allocated (R10)");
        Page.Refused((await service.EditEnvironmentAsync(account, ada, research.Environment, null, 11)).Refusal());

        Page.Title("Create \" Staging \": names are unique ignoring case and spaces (R2)");
        Page.Refused((await service.CreateEnvironmentAsync(account, ada, " Staging ", 0)).Refusal());

        Page.Title("Move 5 calls from production to research in one step (R11)");
        (await service.ReallocateAsync(account, ada, new Dictionary<EnvironmentId, int> { [defaultEnvironment] = 15, [research.Environment] = 15 })).Expect<Success>();
        await ShowTableAsync(story);

        Page.Title("Hide research: gone from the selector, still in the table, still working (R4)");
        (await service.HideEnvironmentAsync(account, ada, research.Environment)).Expect<Success>();
        Page.Selector((await service.ListEnvironmentSelectorAsync(account, ada)).Expect<IReadOnlyList<EnvironmentOption>>());
        await ShowTableAsync(story);

        Page.Title("Billing lowers the plan to 30: over-allocated (R12)");
        (await service.ChangePlanLimitAsync(account, ada, 30)).Expect<Success>();
        await ShowTableAsync(story);
        Page.Say("Raising anything is refused until the sum fits again:");
        Page.Refused((await service.EditEnvironmentAsync(account, ada, defaultEnvironment, null, 16)).Refusal());
        var proposal = (await service.ProposeRebalanceAsync(account, ada)).Expect<RebalanceProposal>();
        Page.Say("Proposed fair reduction (proportional, largest remainder): "
            + string.Join(", ", proposal.Lines.Select(line => $"{line.Current}→{line.Proposed}")));
        (await service.ApplyRebalanceAsync(account, ada, proposal)).Expect<Success>();
        await ShowTableAsync(story);

        Page.Title("Delete an environment: type its name to confirm (R6)");
        story.Clock.Advance(Duration.FromMinutes(5));
        var scratch = (await service.CreateEnvironmentAsync(account, ada, "scratch", 0)).Expect<CreatedEnvironment>();
        Page.Refused((await service.DeleteEnvironmentAsync(account, ada, scratch.Environment, "scrath")).Refusal());
        (await service.DeleteEnvironmentAsync(account, ada, scratch.Environment, "scratch")).Expect<Success>();
        var deleted = story.Settings.Events.Events.OfType<EnvironmentDeleted>().Last();
        Page.Say($"Deleted '{deleted.Name}'; the host's handler now deletes its agents, campaigns and numbers.");
        Page.Say("The last visible environment cannot go (R5):");
        (await service.HideEnvironmentAsync(account, ada, staging.Environment)).Expect<Success>();
        Page.Refused((await service.HideEnvironmentAsync(account, ada, defaultEnvironment)).Refusal());
        (await service.UnhideEnvironmentAsync(account, ada, staging.Environment)).Expect<Success>();

        return new EnvironmentsOfTheStory(defaultEnvironment, staging.Environment, research.Environment, staging.ApiKey.Reveal());
    }

    public static async Task ShowTableAsync(Story story) =>
        Page.Environments((await story.Service.ListEnvironmentsAsync(story.Account, story.Admin)).Expect<EnvironmentsTable>());
}
