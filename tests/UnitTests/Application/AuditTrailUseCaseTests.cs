using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using NodaTime.Testing;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>
/// The audit trail through the service (R28, R29): every saved change is appended after the save and before mail and
/// handlers, with who made it; Admins read it newest first, filtered and paged by cursor; a failing trail loses nothing.
/// </summary>
public class AuditTrailUseCaseTests
{
    [Fact]
    public async Task ListAuditTrail_AfterChangesByAMemberAndBilling_SaysWhoDidWhatNewestFirst_R28_R29()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        _ = (await harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "stage", null)).Value;
        _ = (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, SystemActor.Billing, 60)).Value;
        await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var page = (await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;

        Assert.Equal(
            [
                "Mia Member joined as Member",
                "Mia Member accepted the invitation sent to mia@example.com",
                "Ada Admin invited mia@example.com as Member",
                "Billing changed the plan from 40 to 60 concurrent calls",
                "Ada Admin renamed staging to stage",
                "Ada Admin created staging with 0 Max Concurrent Calls",
                "Ada Admin created default with 40 Max Concurrent Calls",
                "Ada Admin opened the account with a plan of 40 concurrent calls",
            ],
            page.Entries.Select(e => e.Summary));
        Assert.Null(page.Next);
        var billing = page.Entries.Single(e => e.Type == "concurrency.plan_limit_changed");
        Assert.Equal((true, "system:billing", "Billing"), (billing.Actor.IsSystemActor, billing.Actor.Id.ToString(), billing.Actor.Name));
        Assert.Equal(harness.StoredVersion, page.Entries[0].Version);
    }

    [Fact]
    public async Task ListAuditTrail_ByAMember_IsNotPermitted_R15_R28()
    {
        var harness = await ServiceHarness.OpenAsync();
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        var result = await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, mia);

        Assert.Equal(new NotPermitted(mia, Permission.ViewAuditTrail, Role.Member), result.Error);
        Assert.Equal(403, result.Match(trail: _ => 200, notPermitted: _ => 403, invalidCursor: _ => 400, accountNotFound: _ => 404, invalidSnapshot: _ => 500, unsupportedVersion: _ => 500));
    }

    [Fact]
    public async Task ListAuditTrail_PagedWithTheCursorText_ReturnsEveryEntryOnceNewestFirst_R28()
    {
        var harness = await ServiceHarness.OpenAsync();
        for (var i = 0; i < 12; i++) await harness.CreateEnvironmentAsync($"env-{i}");
        var everything = await harness.TrailAsync();

        var read = new List<AuditEntry>();
        string? cursor = null;
        do
        {
            var page = (await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin, cursor: cursor, pageSize: 5)).Value;
            read.AddRange(page.Entries);
            cursor = page.Next?.ToString(); // as a host hands it to its client and gets it back
        }
        while (cursor is not null);

        Assert.Equal(14, read.Count);
        Assert.Equal(everything.Select(e => e.Position), read.Select(e => e.Position));
    }

    [Fact]
    public async Task ListAuditTrail_FilteredByEnvironmentAndByActor_ShowsTheirEntries_R28()
    {
        var harness = await ServiceHarness.OpenAsync();
        var staging = await harness.CreateEnvironmentAsync("staging");
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment)).Value;
        _ = (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, SystemActor.Billing, 50)).Value;

        var ofStaging = (await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new AuditFilter { Environment = staging.Environment })).Value;
        var byBilling = (await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new AuditFilter { Actor = SystemActor.Billing.ActorId })).Value;

        Assert.Equal(["environment.hidden", "environment.created"], ofStaging.Entries.Select(e => e.Type));
        Assert.Equal("Billing changed the plan from 40 to 50 concurrent calls", Assert.Single(byBilling.Entries).Summary);
    }

    [Fact]
    public async Task ListAuditTrail_TamperedOrForeignCursor_IsATypedRefusal_R28()
    {
        var harness = await ServiceHarness.OpenAsync();
        var foreign = new AuditCursor(new AccountId(Guid.NewGuid()), 1, 0).ToString();

        var tampered = await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin, cursor: "AAAA" + foreign[4..]);
        var another = await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin, cursor: foreign);

        Assert.Equal(new InvalidAuditCursor(InvalidAuditCursorReason.Malformed), tampered.Error);
        Assert.Equal(new InvalidAuditCursor(InvalidAuditCursorReason.AnotherAccount), another.Error);
    }

    [Fact]
    public async Task SystemActor_ChangesThroughTheService_WithinItsPermissions_R29()
    {
        var harness = await ServiceHarness.OpenAsync();
        var terraform = SystemActor.Automation("terraform", "Terraform", Permission.ManageEnvironments | Permission.ViewEnvironments);

        var created = (await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, terraform, "preview", 0)).Value;
        var invite = await harness.Service.InviteAsync(ServiceHarness.AccountId, terraform, "eve@example.com", Role.Admin);
        var plan = await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, terraform, 100);

        Assert.True(harness.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);
        Assert.Equal(new NotPermitted(terraform, Permission.ManageInvitations, null), invite.Error);
        Assert.Equal(new NotPermitted(terraform, Permission.ChangePlan, null), plan.Error);
        Assert.Equal("Terraform created preview with 0 Max Concurrent Calls", (await harness.TrailAsync())[0].Summary);
        Assert.Single(harness.Stored.Members); // a system actor never becomes a member
    }

    [Fact]
    public async Task OpenAccount_IsInTheTrailAtVersionZero_R28()
    {
        var harness = await ServiceHarness.OpenAsync();

        var trail = await harness.TrailAsync();

        Assert.Equal([(0L, 1), (0L, 0)], trail.Select(e => (e.Version, e.Index)));
    }

    [Fact]
    public async Task AuditTrail_IsAppendedAfterTheSaveAndBeforeTheMailAndTheHandlers_R28()
    {
        ServiceHarness? harness = null;
        var observing = new ObservingAuditTrail(() => harness is null ? default : (harness.StoredVersion, harness.Outbox.Outbox.Count, harness.Events.Events.Count));
        harness = await ServiceHarness.OpenAsync(decorateAuditTrail: inner => observing.Wrapping(inner));
        var events = harness.Events.Events.Count;

        _ = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;

        Assert.Equal((1L, 0, events), observing.SeenAtLastAppend); // saved, not yet mailed, not yet handled
        Assert.Single(harness.Outbox.Outbox);
    }

    [Fact]
    public async Task AuditTrail_GetsATokenOfItsOwn_NotTheCallers()
    {
        var observing = new ObservingAuditTrail(() => default);
        var harness = await ServiceHarness.OpenAsync(decorateAuditTrail: inner => observing.Wrapping(inner));
        using var caller = new CancellationTokenSource();

        _ = (await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0, caller.Token)).Value;

        Assert.NotEqual(caller.Token, observing.LastToken);
        Assert.False(observing.LastToken.CanBeCanceled); // no after-save timeout configured
    }

    [Fact]
    public async Task AuditTrailFails_TheChangeIsSavedEveryOtherStepDone_AndNothingIsLost_R28()
    {
        var failing = new FailingAuditTrail();
        var harness = await ServiceHarness.OpenAsync(decorateAuditTrail: inner => failing.Wrapping(inner));
        failing.Failing = true;

        var failure = await Assert.ThrowsAsync<AuditAppendException>(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0));

        var created = Assert.IsType<CreateEnvironmentResult>(failure.Result).Value;
        Assert.True(harness.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);         // saved and indexed: the one-time key is not lost
        Assert.Contains(harness.Events.Events, e => e is EnvironmentCreated);                  // the handlers ran
        Assert.Equal(1, failure.SavedVersion);
        Assert.Contains("saved (version 1)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(FailingAuditTrail.FailureMessage, failure.InnerException?.Message);
        var notAudited = Assert.Single(failure.NotAudited);
        Assert.Equal((1L, 0, "environment.created"), (notAudited.Version, notAudited.Index, notAudited.Type));
        Assert.IsAssignableFrom<AfterSaveException>(failure);

        // Once the trail is back, appending what the exception listed completes it (and a second time changes nothing).
        failing.Failing = false;
        await harness.AuditTrail.AppendAsync(failure.NotAudited);
        await harness.AuditTrail.AppendAsync(failure.NotAudited);
        Assert.Equal([(1L, 0), (0L, 1), (0L, 0)], (await harness.TrailAsync()).Select(e => (e.Version, e.Index)));
    }

    [Fact]
    public async Task AuditTrailFails_OnAnInvite_TheEmailStillGoesOut_R28()
    {
        var failing = new FailingAuditTrail();
        var harness = await ServiceHarness.OpenAsync(decorateAuditTrail: inner => failing.Wrapping(inner));
        failing.Failing = true;

        var failure = await Assert.ThrowsAsync<AuditAppendException>(() => harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member));

        Assert.True(Assert.IsType<InviteResult>(failure.Result).Value.Delivered);
        Assert.NotNull(harness.Outbox.LastSentTo("bob@example.com"));
    }

    [Fact]
    public async Task AuditTrailFailsAndAHandlerFails_TheHandlerFailureIsReportedWithTheEntriesNotAudited()
    {
        var failing = new FailingAuditTrail();
        var harness = await ServiceHarness.OpenAsync(handlers: [new ThrowingEventHandler<EnvironmentRenamed>()], decorateAuditTrail: inner => failing.Wrapping(inner));
        failing.Failing = true;

        var failure = await Assert.ThrowsAsync<EventDispatchException>(() => harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, "production", null));

        Assert.IsType<EnvironmentRenamed>(failure.FailedEvent);
        Assert.Equal("environment.renamed", Assert.Single(failure.NotAudited).Type);
        Assert.Contains("audit trail did not store", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlerFails_TheTrailStoredTheChange_NothingIsListedAsNotAudited()
    {
        var harness = await ServiceHarness.OpenAsync(handlers: [new ThrowingEventHandler<EnvironmentRenamed>()]);

        var failure = await Assert.ThrowsAsync<EventDispatchException>(() => harness.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, "production", null));

        Assert.Empty(failure.NotAudited);
        Assert.Equal("environment.renamed", (await harness.TrailAsync())[0].Type);
    }

    [Fact]
    public async Task AuditTrailTooSlow_TheAfterSaveTimeoutEndsItAndItIsReported_R28()
    {
        var harness = await ServiceHarness.OpenAsync(
            options: new SettingsServiceOptions { AfterSaveTimeout = TimeSpan.FromMilliseconds(50) },
            decorateAuditTrail: inner => new HangingAuditTrail(inner));

        var failure = await Assert.ThrowsAsync<AuditAppendException>(() => harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, SystemActor.Billing, 70));

        Assert.IsAssignableFrom<OperationCanceledException>(failure.InnerException);
        Assert.Equal(70, harness.Stored.PlanLimit);
    }

    [Fact]
    public async Task Service_WithoutAnAuditTrailGiven_KeepsOneOfItsOwn()
    {
        var service = new SettingsService(new InMemoryAccountRepository(), new InMemoryInvitationMailer(), new InMemoryApiKeyIndex(), new FakeClock(TestAccounts.Now), new SeededSecretGenerator(3));
        var ada = TestAccounts.Admin;
        var opened = (await service.OpenAccountAsync(10, ada, "Ada", "ada@example.com")).Value;

        var page = (await service.ListAuditTrailAsync(opened.Account.Id, ada)).Value;

        Assert.Equal(2, page.Entries.Count);
    }

    [Fact]
    public async Task InMemorySettings_WiresItsAuditTrail()
    {
        var settings = InMemorySettings.Create(new FakeClock(TestAccounts.Now), new SeededSecretGenerator(4));
        var opened = (await settings.Service.OpenAccountAsync(10, TestAccounts.Admin, "Ada", "ada@example.com")).Value;

        _ = (await settings.Service.ChangePlanLimitAsync(opened.Account.Id, SystemActor.Billing, 20)).Value;

        Assert.Equal(3, settings.AuditTrail.Count);
    }

    /// <summary>An audit trail that can be switched off: while failing, every append throws (nothing reaches the inner trail).</summary>
    private sealed class FailingAuditTrail
    {
        public const string FailureMessage = "The audit database is unavailable.";

        public bool Failing { get; set; }

        public IAuditTrail Wrapping(IAuditTrail inner) => new Wrapper(this, inner);

        private sealed class Wrapper(FailingAuditTrail owner, IAuditTrail inner) : IAuditTrail
        {
            public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
                owner.Failing ? throw new InvalidOperationException(FailureMessage) : inner.AppendAsync(entries, cancellationToken);

            public Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.ReadAsync(query, cancellationToken);
        }
    }

    /// <summary>Records, at each append, what the observer saw then and the token it was given.</summary>
    private sealed class ObservingAuditTrail(Func<(long, int, int)> observe)
    {
        public (long Version, int Mails, int Events) SeenAtLastAppend { get; private set; }

        public CancellationToken LastToken { get; private set; }

        public IAuditTrail Wrapping(IAuditTrail inner) => new Wrapper(this, inner);

        private sealed class Wrapper(ObservingAuditTrail owner, IAuditTrail inner) : IAuditTrail
        {
            public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
            {
                owner.SeenAtLastAppend = owner.Observe();
                owner.LastToken = cancellationToken;
                return inner.AppendAsync(entries, cancellationToken);
            }

            public Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.ReadAsync(query, cancellationToken);
        }

        private (long, int, int) Observe() => observe();
    }

    /// <summary>An audit trail that never answers until its token is cancelled.</summary>
    private sealed class HangingAuditTrail(IAuditTrail inner) : IAuditTrail
    {
        private bool _opened;

        public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
        {
            if (!_opened)
            {
                _opened = true; // the account's opening goes through, however long a busy machine takes (not the 50 ms under test)
                await inner.AppendAsync(entries, CancellationToken.None);
                return;
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.ReadAsync(query, cancellationToken);
    }
}
