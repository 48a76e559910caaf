using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Json;

namespace Fluents.Settings.UnitTests.Audit;

/// <summary>An audit entry is its event, read for a Settings page (R28): its key, who, what it concerns, and one line saying what happened.</summary>
public class AuditEntryTests
{
    private static readonly IReadOnlyList<DomainEvent> Events = GoldenAccount.Build().Events;

    private static readonly IReadOnlyList<AuditEntry> Entries = [.. Events.Select(AuditEntry.Of)];

    public static TheoryData<string> EventTypeNames => [.. Events.Select(SettingsJson.EventType).Distinct()];

    private static AuditEntry First(string type) => Entries.First(e => e.Type == type);

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Of_EveryEventType_KeepsItsKeyActorAndTime_R28(string type)
    {
        var entry = First(type);

        Assert.Equal((entry.Event.AccountId, entry.Event.Version, entry.Event.Index, entry.Event.OccurredAt, entry.Event.Actor), (entry.Account, entry.Version, entry.Index, entry.OccurredAt, entry.Actor));
        Assert.Equal(new AuditCursor(entry.Account, entry.Version, entry.Index), entry.Position);
        Assert.Equal(type, SettingsJson.EventType(entry.Event));
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Summary_EveryEventType_StartsWithWhoAndSaysWhatInItsOwnWords_R28(string type)
    {
        var entry = First(type);

        Assert.StartsWith(entry.Actor.Name + " ", entry.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(entry.Event.GetType().Name, entry.Summary, StringComparison.Ordinal); // not the fallback
        Assert.DoesNotContain("\n", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_EveryEventType_HasItsOwnWording()
    {
        var verbs = Events.Select(SettingsJson.EventType).Distinct().Select(type => First(type).Summary[(First(type).Actor.Name.Length + 1)..].Split(' ')[0]).ToArray();

        Assert.True(verbs.Distinct().Count() >= 12, string.Join(", ", verbs));
    }

    [Theory]
    [InlineData("environment.renamed", "Ada Admin renamed default to Production")]
    [InlineData("environment.created", "Ada Admin created default with 40 Max Concurrent Calls")]
    [InlineData("environment.hidden", "Ada Admin hid Zoë's QA")]
    [InlineData("environment.unhidden", "Ada Admin unhid Zoë's QA")]
    [InlineData("environment.deleted", "Ada Admin deleted Scratch, freeing 0 concurrent calls")]
    [InlineData("concurrency.allocation_changed", "Ada Admin changed Production's Max Concurrent Calls from 40 to 20")]
    [InlineData("concurrency.plan_limit_changed", "Billing changed the plan from 40 to 30 concurrent calls; the environments hold 35, so the account is over-allocated")]
    [InlineData("invitation.sent", "Ada Admin invited bea@example.com as Member")]
    [InlineData("invitation.validity_changed", "Ada Admin changed how long invitations stay valid from 7 days to 3 days 30 minutes")]
    [InlineData("member.joined", "Cy Admin joined as Admin")]
    [InlineData("member.role_changed", "Ada Admin changed Cy Admin's role from Admin to Member")]
    [InlineData("member.removed", "Ada Admin removed Fay Member")]
    [InlineData("member.left", "Gus Member left the account")]
    [InlineData("invitation.accepted", "Cy Admin accepted the invitation sent to cy@example.org")]
    [InlineData("account.opened", "Ada Admin opened the account with a plan of 40 concurrent calls")]
    public void Summary_ReadsAsASentence(string type, string expected)
    {
        Assert.Equal(expected, First(type).Summary);
    }

    [Theory]
    [InlineData(90_061, "1 day 1 hour 1 minute 1 second")]
    [InlineData(2 * 86_400 + 2 * 3_600 + 2 * 60 + 2, "2 days 2 hours 2 minutes 2 seconds")]
    [InlineData(7_200, "2 hours")]
    [InlineData(60, "1 minute")]
    public void Summary_ValidityLengths_InWholeUnitsLargestFirst_OneSingular(long seconds, string expected)
    {
        var changed = new Fluents.Settings.Invitations.InvitationValidityChanged(TestAccounts.AccountId, TestAccounts.Now, NodaTime.Duration.FromSeconds(seconds), NodaTime.Duration.FromDays(7))
            .By(TestAccounts.Admin, "Ada Admin", 2);

        Assert.Equal($"Ada Admin changed how long invitations stay valid from {expected} to 7 days", AuditEntry.Of(changed).Summary);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3_600_000)]
    [InlineData(1_500)]
    public void Summary_ValidityLengthsThatAreNotWholeSeconds_OrNotPositive_AreWrittenInFull(long milliseconds)
    {
        var length = NodaTime.Duration.FromMilliseconds(milliseconds);
        var changed = new Fluents.Settings.Invitations.InvitationValidityChanged(TestAccounts.AccountId, TestAccounts.Now, length, NodaTime.Duration.FromHours(1))
            .By(TestAccounts.Admin, "Ada Admin", 2);

        Assert.Equal(
            $"Ada Admin changed how long invitations stay valid from {NodaTime.Text.DurationPattern.Roundtrip.Format(length)} to 1 hour",
            AuditEntry.Of(changed).Summary);
    }

    [Fact]
    public void Summary_OneCall_IsSingular()
    {
        var deleted = new EnvironmentDeleted(TestAccounts.AccountId, TestAccounts.Now, new EnvironmentId(Guid.NewGuid()), "Scratch", 1).By(TestAccounts.Admin, "Ada Admin", 2);
        var opened = new AccountOpened(TestAccounts.AccountId, TestAccounts.Now, 1, TestAccounts.Admin).By(TestAccounts.Admin, "Ada Admin", 1);

        Assert.Equal("Ada Admin deleted Scratch, freeing 1 concurrent call", AuditEntry.Of(deleted).Summary);
        Assert.Equal("Ada Admin opened the account with a plan of 1 concurrent call", AuditEntry.Of(opened).Summary);
    }

    [Fact]
    public void Summary_ApiKeyRotation_ShowsMaskedHintsOnly()
    {
        var rotated = (ApiKeyRotated)First("api_key.rotated").Event;

        Assert.Equal(
            $"Ada Admin rotated Production's API key from {rotated.PreviousKeyHint} to {rotated.NewKeyHint}; the previous key works until 2026-11-29T09:08:00Z",
            First("api_key.rotated").Summary);
        Assert.Contains("…", rotated.PreviousKeyHint, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_RotationWithoutGrace_SaysThePreviousKeyStoppedAtOnce_R26()
    {
        var opened = TestAccounts.Open();
        _ = opened.Account.RotateApiKey(TestAccounts.Admin, opened.DefaultEnvironment, Duration.Zero, TestAccounts.Now, new SeededSecretGenerator(3)).Value;

        var entry = AuditEntry.Of(opened.Account.TakeEvents()[^1]);

        Assert.EndsWith("the previous key stopped working at once", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_Reallocation_ListsEveryChange()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 10));
        _ = arranged.Account.Reallocate(SystemActor.Automation("terraform", "Terraform", Permission.ManageEnvironments), new Dictionary<EnvironmentId, int> { [arranged["A"]] = 10, [arranged["B"]] = 20 }, TestAccounts.Now).Value;

        var entry = AuditEntry.Of(Assert.Single(arranged.Account.TakeEvents()));

        Assert.Equal("Terraform changed Max Concurrent Calls: A from 20 to 10, B from 10 to 20", entry.Summary);
        Assert.Equal([arranged["A"], arranged["B"]], entry.Environments);
        Assert.True(entry.Actor.IsSystemActor);
    }

    [Fact]
    public void Environments_OfEachKindOfEvent_AreTheOnesItConcerns_R28()
    {
        Assert.All(Entries, entry =>
        {
            switch (entry.Event)
            {
                case AllocationChanged changed:
                    Assert.Equal(changed.Changes.Select(c => c.Environment), entry.Environments);
                    break;
                case EnvironmentCreated or EnvironmentRenamed or EnvironmentHidden or EnvironmentUnhidden or EnvironmentDeleted or ApiKeyRotated:
                    Assert.Single(entry.Environments);
                    break;
                default:
                    Assert.Empty(entry.Environments); // the plan, members, invitations: account-wide
                    break;
            }
        });
        Assert.All(Entries.Where(e => e.Environments.Count > 0), e => Assert.All(e.Environments, id => Assert.True(e.Concerns(id))));
    }

    [Fact]
    public void Of_AnEventNoAccountRecorded_Throws()
    {
        var handMade = new Fluents.Settings.Members.MemberLeft(TestAccounts.AccountId, TestAccounts.Now, TestAccounts.Admin);

        Assert.Throws<ArgumentException>(() => AuditEntry.Of(handMade));
        Assert.Throws<ArgumentNullException>(() => AuditEntry.Of(null!));
    }

    [Fact]
    public void Of_AnEventReadBackFromJson_IsTheSameEntry()
    {
        foreach (var entry in Entries)
        {
            var read = AuditEntry.Of(SettingsJson.DeserializeEvent(SettingsJson.Serialize(entry.Event)).Value);

            Assert.Equal((entry.Position, entry.Actor, entry.Type, entry.Summary), (read.Position, read.Actor, read.Type, read.Summary));
            Assert.Equal(entry.Environments, read.Environments);
        }
    }

    [Fact]
    public void ToString_ShowsWhenTheKeyAndTheSummary()
    {
        var entry = First("environment.renamed");

        Assert.Equal("2026-11-28T09:01:00Z v1#0 Ada Admin renamed default to Production", entry.ToString());
    }
}
