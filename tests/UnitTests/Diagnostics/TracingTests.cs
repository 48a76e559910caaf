using System.Collections.Concurrent;
using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Application;
using OneOf;
using OneOf.Types;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.UnitTests.Diagnostics;

/// <summary>
/// The core's spans without a host: one span per use case, named after it and tagged with its outcome, with a client
/// span per store call under it. Each test starts a span of its own and looks only at the spans of its trace.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly Activity _test;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _test = new Activity("test");
    }

    public void Dispose()
    {
        _test.Dispose();
        _listener.Dispose();
    }

    [Fact]
    public async Task AUseCase_IsOneSpan_WithAClientSpanPerStoreCall_AndItsOutcome()
    {
        var harness = await ServiceHarness.OpenAsync();
        _test.Start();

        _ = (await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0)).Value;

        var useCase = Assert.Single(Spans(), a => a.OperationName == "create_environment");
        Assert.Equal("create_environment", useCase.GetTagItem(Tags.UseCase));
        Assert.Equal("success", useCase.GetTagItem(Tags.Outcome));
        Assert.Null(useCase.GetTagItem(Tags.ErrorType));
        Assert.Equal(ActivityStatusCode.Unset, useCase.Status);
        var children = ChildrenOf(useCase);
        Assert.Equal(["account_repository.find", "account_repository.save", "audit_trail.append"], children.Select(a => a.OperationName));
        Assert.All(children, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.All(children, a => Assert.Equal(a.OperationName, a.GetTagItem(Tags.StoreOperation)));
        Assert.All(children, a => Assert.Equal("success", a.GetTagItem(Tags.Outcome)));
    }

    [Fact]
    public async Task ARefusal_IsTaggedWithItsCode_AndSavesNothing()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        _test.Start();

        Assert.False((await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "research", 41)).Succeeded);

        var useCase = Assert.Single(Spans(), a => a.OperationName == "create_environment");
        Assert.Equal("concurrency.exceeds_plan", useCase.GetTagItem(Tags.Outcome));
        Assert.Equal("concurrency.exceeds_plan", useCase.GetTagItem(Tags.ErrorType));
        Assert.Equal(["account_repository.find"], ChildrenOf(useCase).Select(a => a.OperationName));
    }

    [Fact]
    public async Task AFailingStore_MarksItsSpanAndTheUseCaseAsErrors_WithTheExceptionTypeOnly()
    {
        ThrowingOnSaveRepository? store = null;
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => store = new ThrowingOnSaveRepository(inner));
        store!.Failing = true;
        _test.Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0));

        var useCase = Assert.Single(Spans(), a => a.OperationName == "create_environment");
        var save = Assert.Single(ChildrenOf(useCase), a => a.OperationName == "account_repository.save");
        foreach (var span in new[] { save, useCase })
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal(nameof(InvalidOperationException), span.StatusDescription); // the type only: a message may quote a value
            Assert.Equal("exception", span.GetTagItem(Tags.Outcome));
            Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem(Tags.ErrorType));
        }
    }

    [Fact]
    public async Task TheMailAndTheAuditTrailsReads_HaveSpansOfTheirOwn()
    {
        var harness = await ServiceHarness.OpenAsync();
        _test.Start();

        _ = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "grace@example.com", Role.Member)).Value;
        _ = (await harness.Service.ListAuditTrailAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;

        var invite = Assert.Single(Spans(), a => a.OperationName == "invite");
        Assert.Contains("invitation_mailer.send", ChildrenOf(invite).Select(a => a.OperationName));
        var read = Assert.Single(Spans(), a => a.OperationName == "list_audit_trail");
        Assert.Equal(["account_repository.find", "audit_trail.read"], ChildrenOf(read).Select(a => a.OperationName));
        Assert.All(Spans(), span => Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains("grace", StringComparison.OrdinalIgnoreCase) == true));
    }

    [Fact]
    public async Task AStoreRefusal_IsTheSpansOutcome_NotAnError()
    {
        var service = InMemorySettings.Create().Service;
        var account = new AccountId(Guid.NewGuid());
        _ = (await service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada Lovelace", "ada@example.com", account)).Value;
        _test.Start();

        var again = await service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada Lovelace", "ada@example.com", account);
        var missing = await service.ListEnvironmentsAsync(new AccountId(Guid.NewGuid()), ServiceHarness.Admin);

        var add = Assert.Single(Spans(), a => a.OperationName == "account_repository.add");
        Assert.Equal(again.Error!.Code, add.GetTagItem(Tags.Outcome));
        Assert.Equal(again.Error.Code, add.GetTagItem(Tags.ErrorType));
        Assert.Equal(ActivityStatusCode.Unset, add.Status);
        var find = Assert.Single(Spans(), a => a.OperationName == "account_repository.find");
        Assert.Equal(missing.Error!.Code, find.GetTagItem(Tags.Outcome));
    }

    [Fact]
    public async Task ALostSave_IsTheSaveSpansOutcome()
    {
        AlwaysConflictingRepository? store = null;
        var harness = await ServiceHarness.OpenAsync(
            decorateRepository: inner => store = new AlwaysConflictingRepository(inner),
            options: new SettingsServiceOptions { MaxAttempts = 1 });
        store!.Conflicting = true;
        _test.Start();

        Assert.False((await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0)).Succeeded);

        var save = Assert.Single(Spans(), a => a.OperationName == "account_repository.save");
        Assert.Equal(new ConcurrencyConflict(ServiceHarness.AccountId, 1, 2).Code, save.GetTagItem(Tags.Outcome));
        Assert.Equal(ActivityStatusCode.Unset, save.Status);
    }

    [Fact]
    public async Task AnOutboxRepository_StaysAnOutboxRepositoryUnderItsSpans()
    {
        var outbox = new OutboxStore();
        var service = new SettingsService(outbox, new InMemoryInvitationMailer(), new InMemoryApiKeyIndex(), NodaTime.SystemClock.Instance, new SeededSecretGenerator(3));
        var account = new AccountId(Guid.NewGuid());
        var opened = (await service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada Lovelace", "ada@example.com", account)).Value;
        var audited = await AuditedAsync();
        _test.Start();

        _ = (await service.EditEnvironmentAsync(account, ServiceHarness.Admin, opened.DefaultEnvironment, "production", null)).Value;

        Assert.Equal(1, outbox.OutboxSaves); // the service saved through the outbox overload, wrapped or not
        var useCase = Assert.Single(Spans(), a => a.OperationName == "edit_environment");
        Assert.Equal(["account_repository.find", "account_repository.save"], ChildrenOf(useCase).Select(a => a.OperationName));
        Assert.True(await AuditedAsync() > audited); // the store's own trail took the change's entries

        async Task<int> AuditedAsync() => (await outbox.AuditTrail.ReadAsync(new AuditQuery(account, AuditFilter.None))).Entries.Count;
    }

    [Fact]
    public void Wrapping_ATracedPortAgain_KeepsOneLayer()
    {
        var accounts = TracedAccountRepository.Wrap(new InMemoryAccountRepository());
        var outbox = TracedAccountRepository.Wrap(new OutboxStore());
        var trail = TracedAuditTrail.Wrap(new InMemoryAuditTrail());
        var mailer = TracedInvitationMailer.Wrap(new InMemoryInvitationMailer());

        Assert.Same(accounts, TracedAccountRepository.Wrap(accounts));
        Assert.Same(outbox, TracedAccountRepository.Wrap(outbox));
        Assert.IsAssignableFrom<IOutboxAccountRepository>(outbox);
        Assert.IsNotAssignableFrom<IOutboxAccountRepository>(accounts);
        Assert.Same(trail, TracedAuditTrail.Wrap(trail));
        Assert.Same(mailer, TracedInvitationMailer.Wrap(mailer));
    }

    private List<Activity> Spans() => [.. _stopped.Where(a => a.TraceId == _test.TraceId && a != _test)];

    private List<Activity> ChildrenOf(Activity parent) => [.. Spans().Where(a => a.ParentSpanId == parent.SpanId).OrderBy(a => a.StartTimeUtc)];

    /// <summary>A store with a transactional outbox and its own audit trail, over the in-memory repository.</summary>
    private sealed class OutboxStore : IOutboxAccountRepository
    {
        private readonly InMemoryAccountRepository _inner = new();
        private int _outboxSaves;

        public IAuditTrail AuditTrail { get; } = new InMemoryAuditTrail();

        public int OutboxSaves => Volatile.Read(ref _outboxSaves);

        public Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public async Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default)
        {
            var added = await _inner.AddAsync(account, cancellationToken);
            if (added.IsT0) await AuditTrail.AppendAsync([.. account.PendingEvents.Select(AuditEntry.Of)], cancellationToken);
            return added;
        }

        public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The service must save through the outbox overload.");

        public async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, IReadOnlyList<InvitationEmail> invitationMail, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _outboxSaves);
            AuditEntry[] entries = [.. account.PendingEvents.Select(AuditEntry.Of)];
            var saved = await _inner.SaveAsync(account, expectedVersion, cancellationToken);
            if (saved.IsT0) await AuditTrail.AppendAsync(entries, cancellationToken);
            return saved;
        }
    }
}
