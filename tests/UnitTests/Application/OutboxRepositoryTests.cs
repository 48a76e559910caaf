using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.InMemory;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>
/// The service over an <see cref="IOutboxAccountRepository"/> (R32): the store gets the change's events (still pending) and its
/// invitation mail inside the save, and the service then neither calls the mailer, nor appends the audit trail, nor runs the
/// handlers itself (the store's relay delivers them: nothing twice). And a stored account that cannot be loaded reaches the
/// host as a value in every use case's result, never as an exception.
/// </summary>
public class OutboxRepositoryTests
{
    [Fact]
    public async Task Save_ThroughAnOutboxRepository_TheStoreGetsTheStampedEventsAndTheMail_TheServiceDeliversNothingItself_R32()
    {
        var outbox = new RecordingOutboxRepository();
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => outbox.Over(inner));
        var openedEntries = harness.AuditTrail.Count;
        var eventsBefore = harness.Events.Events.Count;

        var invited = await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member);

        var dispatched = invited.Value;
        Assert.True(dispatched.Queued);
        Assert.False(dispatched.Delivered);
        Assert.Empty(harness.Outbox.Outbox);                   // the mailer was not called: the relay sends it
        Assert.Equal(eventsBefore, harness.Events.Events.Count); // nor the handlers
        Assert.Equal(openedEntries, harness.AuditTrail.Count);   // nor the audit trail: the store wrote it
        var save = Assert.Single(outbox.Saves);
        var mail = Assert.Single(save.Mail);
        Assert.Equal("bob@example.com", mail.To.Value);
        Assert.Equal(dispatched.Invitation, mail.Invitation);
        var sent = Assert.IsType<InvitationSent>(Assert.Single(save.Events));
        Assert.Equal((harness.StoredVersion, 0), (sent.Version, sent.Index));
    }

    [Fact]
    public async Task Service_OverAnOutboxRepository_ReadsTheStoresAuditTrailUnlessGivenOne()
    {
        var outbox = new RecordingOutboxRepository();
        var service = new SettingsService(outbox.Over(new InMemoryAccountRepository()), new InMemoryInvitationMailer(), new InMemoryApiKeyIndex(), new NodaTime.Testing.FakeClock(TestAccounts.Now), new SeededSecretGenerator(3));
        _ = (await service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, TestAccounts.AccountId)).Value;
        var entry = AuditEntry.Of(outbox.Added[0]);
        await outbox.AuditTrail.AppendAsync([entry]);

        var page = (await service.ListAuditTrailAsync(TestAccounts.AccountId, TestAccounts.Admin)).Value;

        Assert.Equal(entry.Position, Assert.Single(page.Entries).Position);
    }

    [Fact]
    public async Task EveryUseCase_StoredAccountCorrupt_IsInvalidSnapshotAsAValue()
    {
        var corrupt = new InvalidAccountSnapshot("environment 1: the name is empty");
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => new UnreadableRepository(inner, corrupt));

        Assert.Equal(corrupt, (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 50)).Error);
        Assert.Equal(corrupt, (await harness.Service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Error);
        Assert.Equal(corrupt, (await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Error);
        Assert.Equal(corrupt, (await harness.Service.FindAccountAsync(ServiceHarness.AccountId)).Error);
        Assert.Equal(500, (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Match(
            invited: _ => 201, notPermitted: _ => 403, invalidEmail: _ => 400, alreadyMember: _ => 409, alreadyInvited: _ => 409,
            accountNotFound: _ => 404, invalidSnapshot: _ => 500, unsupportedVersion: _ => 500, conflict: _ => 409));
    }

    [Fact]
    public async Task EveryUseCase_StoredByANewerLibrary_IsUnsupportedVersionAsAValue()
    {
        var newer = new UnsupportedSchemaVersion(2, SettingsJson.SnapshotSchemaVersion);
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => new UnreadableRepository(inner, newer));

        Assert.Equal(newer, (await harness.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 41)).Error);
        Assert.Equal(newer, (await harness.Service.ListUsersAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Error);
    }

    /// <summary>Loads fine until armed (after the account was opened); then every load is the given refusal.</summary>
    private sealed class UnreadableRepository(IAccountRepository inner, DomainError refusal) : RepositoryDecorator(inner)
    {
        public override async Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default)
        {
            _ = await base.FindAsync(id, cancellationToken);
            return refusal switch
            {
                InvalidAccountSnapshot invalid => invalid,
                UnsupportedSchemaVersion newer => newer,
                _ => throw new InvalidOperationException(),
            };
        }
    }

    /// <summary>An outbox store for the test: records what each save got, and keeps an in-memory audit trail.</summary>
    private sealed class RecordingOutboxRepository
    {
        public List<(IReadOnlyList<DomainEvent> Events, IReadOnlyList<InvitationEmail> Mail)> Saves { get; } = [];

        public List<DomainEvent> Added { get; } = [];

        public InMemoryAuditTrail AuditTrail { get; } = new();

        public IOutboxAccountRepository Over(IAccountRepository inner) => new Store(inner, this);

        private sealed class Store(IAccountRepository inner, RecordingOutboxRepository record) : RepositoryDecorator(inner), IOutboxAccountRepository
        {
            public IAuditTrail AuditTrail => record.AuditTrail;

            public override Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default)
            {
                record.Added.AddRange(account.PendingEvents);
                return base.AddAsync(account, cancellationToken);
            }

            public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, IReadOnlyList<InvitationEmail> invitationMail, CancellationToken cancellationToken)
            {
                record.Saves.Add(([.. account.PendingEvents], invitationMail));
                return base.SaveAsync(account, expectedVersion, cancellationToken);
            }
        }
    }
}
