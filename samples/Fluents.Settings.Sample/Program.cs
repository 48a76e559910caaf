// Fluents.Settings sample: the Settings page of a voice-AI calling platform, driven the way a host
// application drives it — only through SettingsService, wired to the in-memory adapters.
// Run: dotnet run --project samples/Fluents.Settings.Sample
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using Fluents.Settings.Sample;
using NodaTime.Testing;

var clock = new FakeClock(Instant.FromUtc(2026, 11, 28, 9, 0));
var settings = InMemorySettings.Create(clock);
var ada = new UserId(Guid.Parse("0196f000-0000-7000-8000-0000000000a1"));

// A use case returns its result; .Value is the success (it throws, naming the refusal, where the story would break).
var opened = (await settings.Service.OpenAccountAsync(planLimit: 40, ada, "Ada Lovelace", "ada@example.com")).Value;
var story = new Story(settings, clock, opened.Account.Id, ada);
Page.Title("Ada opens an account with a plan of 40 concurrent calls");
Page.Say($"One environment, `default`, holds the whole plan so calls can start at once. Its API key, shown this once: {opened.DefaultEnvironmentKey.Reveal()}");

var environments = await EnvironmentsChapter.RunAsync(story, opened.DefaultEnvironment);
await ApiKeysChapter.RunAsync(story, environments);
await UsersChapter.RunAsync(story);
await CallGateChapter.RunAsync(story, environments);
await SeveralHostsChapter.RunAsync(story, environments);
await AuditChapter.RunAsync(story);

Page.Title("Events the host received after each save");
foreach (var group in settings.Events.Events.GroupBy(e => e.GetType().Name))
    Page.Say($"{group.Count(),3} × {group.Key}");
