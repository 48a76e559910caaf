using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>
/// A change that was saved is never reported as if it was not (issue 10, item 1). The caller's token is cancelled at
/// every point of a use case: before the load, between the load and the save, right after the save, while the mail is
/// sent, and while each event handler runs. Before the save the caller gets <see cref="OperationCanceledException"/>
/// and nothing was stored, mailed or announced; from the save on, the caller gets the saved result with all the work
/// after it done: the one-time key works, the email went out, every handler saw every event.
/// </summary>
public class CancellationTests
{
    public enum Point
    {
        BeforeLoad,
        BetweenLoadAndSave,
        RightAfterSave,
        DuringMail,
        DuringFirstEventOfFirstHandler,
        DuringFirstEventOfSecondHandler,
        DuringSecondEventOfFirstHandler,
    }

    private static readonly AccountId OtherAccount = new(Guid.Parse("0196f000-0000-7000-8000-00000000a0ff"));

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        ["open account"] = new(
            Setup: _ => Task.CompletedTask,
            Run: async (h, token) => await h.Service.OpenAccountAsync(40, ServiceHarness.Admin, "Ada Admin", "ada@example.com", OtherAccount, token),
            Saved: (h, result) =>
            {
                var opened = Assert.IsType<OpenAccountResult>(result).Value;
                Assert.True(h.Service.VerifyApiKey(opened.DefaultEnvironmentKey.Reveal()).Succeeded); // the one-time key is not lost
            },
            Target: OtherAccount),
        ["create environment"] = new(
            Setup: _ => Task.CompletedTask,
            Run: async (h, token) => await h.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0, token),
            Saved: (h, result) =>
            {
                var created = Assert.IsType<CreateEnvironmentResult>(result).Value;
                Assert.Equal(created.Environment, h.Service.VerifyApiKey(created.ApiKey.Reveal()).Value.Environment);
            }),
        ["rotate key"] = new(
            Setup: _ => Task.CompletedTask,
            Run: async (h, token) => await h.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, h.DefaultEnvironment, Duration.Zero, token),
            Saved: (h, result) =>
            {
                var rotated = Assert.IsType<RotateApiKeyResult>(result).Value;
                Assert.True(h.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded);
                Assert.IsType<UnknownApiKey>(h.Service.VerifyApiKey(h.DefaultKey.Reveal()).Error);
            }),
        ["invite"] = new(
            Setup: _ => Task.CompletedTask,
            Run: async (h, token) => await h.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member, token),
            Saved: (h, result) =>
            {
                Assert.True(Assert.IsType<InviteResult>(result).Value.Delivered);
                Assert.NotNull(h.Outbox.LastSentTo("bob@example.com"));
            }),
        ["remove member"] = new(
            Setup: h => h.JoinAsync("Mia Member", "mia@example.com", Role.Member, Mia),
            Run: async (h, token) => await h.Service.RemoveMemberAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Mia, token),
            Saved: (h, result) =>
            {
                _ = Assert.IsType<RemoveMemberResult>(result).Value;
                Assert.Null(h.StoredMember(Mia));
            }),
        ["delete environment"] = new(
            Setup: h => h.CreateEnvironmentAsync("staging"),
            Run: async (h, token) =>
            {
                var staging = h.Stored.Environments.Single(e => e.Name == "staging").Id;
                return await h.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging, "staging", token);
            },
            Saved: (h, result) =>
            {
                _ = Assert.IsType<DeleteEnvironmentResult>(result).Value;
                Assert.DoesNotContain(h.Stored.Environments, e => e.Name == "staging");
            }),
    };

    private static readonly UserId Mia = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c1"));

    public static TheoryData<string, Point> Cases()
    {
        var cases = new TheoryData<string, Point>();
        foreach (var scenario in Scenarios.Keys)
        {
            foreach (var point in Enum.GetValues<Point>())
            {
                if (point == Point.DuringMail && scenario != "invite") continue;
                if (point == Point.BetweenLoadAndSave && scenario == "open account") continue; // nothing is loaded
                cases.Add(scenario, point);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UseCase_CallerCancelsAtAnyPoint_NothingSavedOrTheSavedResultWithEverythingDone(string name, Point point)
    {
        var scenario = Scenarios[name];
        var trap = new Trap(point);
        var cancellation = trap.Cancellation;
        var first = new CancellingEventHandler(trap, Point.DuringFirstEventOfFirstHandler, Point.DuringSecondEventOfFirstHandler);
        var second = new CancellingEventHandler(trap, Point.DuringFirstEventOfSecondHandler, null);
        var harness = await ServiceHarness.OpenAsync(
            decorateRepository: inner => new CancellingRepository(inner, trap),
            decorateMailer: inner => new CancellingMailer(inner, trap),
            handlers: [first, second]);
        await scenario.Setup(harness);
        first.Reset();
        second.Reset();
        trap.Arm();
        var versionBefore = harness.Store.SnapshotOf(scenario.Account)?.Version;
        var eventsBefore = harness.Events.Events.Count;
        var mailsBefore = harness.Outbox.Outbox.Count;
        var auditedBefore = harness.AuditTrail.Count;
        await trap.SpringAt(Point.BeforeLoad);

        object? result = null;
        OperationCanceledException? cancelled = null;
        try
        {
            result = await scenario.Run(harness, cancellation.Token);
        }
        catch (OperationCanceledException exception)
        {
            cancelled = exception;
        }

        if (point is Point.BeforeLoad or Point.BetweenLoadAndSave)
        {
            // A clear "nothing saved": the exception, and no trace of the change anywhere.
            Assert.NotNull(cancelled);
            Assert.Equal(versionBefore, harness.Store.SnapshotOf(scenario.Account)?.Version);
            Assert.Equal(eventsBefore, harness.Events.Events.Count);
            Assert.Equal(mailsBefore, harness.Outbox.Outbox.Count);
            Assert.Equal(auditedBefore, harness.AuditTrail.Count);
            Assert.Empty(first.Handled);
            return;
        }

        // Saved: the result, never the exception, and all the work after the save was done.
        Assert.True(cancelled is null, $"the change was saved, but the caller got {cancelled?.GetType().Name}");
        Assert.Equal((versionBefore ?? -1) + 1, harness.Store.SnapshotOf(scenario.Account)!.Version);
        var announced = harness.Events.Events.Skip(eventsBefore).ToArray();
        Assert.NotEmpty(announced);
        Assert.True(cancellation.IsCancellationRequested || (point == Point.DuringSecondEventOfFirstHandler && announced.Length == 1), "the test cancelled nothing");
        Assert.Equal(announced, first.Handled);
        Assert.Equal(announced, second.Handled);
        Assert.Equal(auditedBefore + announced.Length, harness.AuditTrail.Count); // every event of the change is in the audit trail (R28)
        scenario.Saved(harness, result!);
    }

    [Fact]
    public async Task Handler_RunsPastTheAfterSaveTimeout_EventDispatchExceptionKeepsTheKeyAndNamesTheUnhandledEvents()
    {
        var hanging = new HangingEventHandler<EnvironmentCreated>();
        var harness = await ServiceHarness.OpenAsync(
            handlers: [hanging],
            options: new SettingsServiceOptions { AfterSaveTimeout = TimeSpan.FromMilliseconds(50) });
        hanging.Hanging = true;

        var failure = await Assert.ThrowsAsync<EventDispatchException>(() =>
            harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0));

        Assert.IsAssignableFrom<OperationCanceledException>(failure.InnerException);
        Assert.IsType<EnvironmentCreated>(Assert.Single(failure.Unhandled));
        var created = Assert.IsType<CreateEnvironmentResult>(failure.Result).Value;
        Assert.True(harness.Service.VerifyApiKey(created.ApiKey.Reveal()).Succeeded);
        Assert.Equal(failure.SavedVersion, harness.StoredVersion);
    }

    [Fact]
    public async Task Mailer_RunsPastTheAfterSaveTimeout_TheInvitationIsSavedAndNotDelivered()
    {
        var harness = await ServiceHarness.OpenAsync(
            decorateMailer: _ => new HangingMailer(),
            options: new SettingsServiceOptions { AfterSaveTimeout = TimeSpan.FromMilliseconds(50) });

        var dispatched = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;

        Assert.False(dispatched.Delivered);
        Assert.Contains("timeout", dispatched.DeliveryFailure, StringComparison.Ordinal);
        Assert.Single(harness.Stored.Invitations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Options_AfterSaveTimeoutNotPositive_Throws(int milliseconds) =>
        Assert.ThrowsAny<ArgumentException>(() => ServiceHarness.Create(options: new SettingsServiceOptions { AfterSaveTimeout = TimeSpan.FromMilliseconds(milliseconds) }));

    private sealed record Scenario(Func<ServiceHarness, Task> Setup, Func<ServiceHarness, CancellationToken, Task<object>> Run, Action<ServiceHarness, object> Saved, AccountId? Target = null)
    {
        public AccountId Account => Target ?? ServiceHarness.AccountId;
    }

    /// <summary>Where the caller's token is cancelled: once, at one point, and only once armed (after the setup).</summary>
    private sealed class Trap(Point point)
    {
        private int _armed;

        public CancellationTokenSource Cancellation { get; } = new();

        public void Arm() => Volatile.Write(ref _armed, 1);

        public async Task SpringAt(Point here)
        {
            if (here == point && Interlocked.Exchange(ref _armed, 0) == 1) await Cancellation.CancelAsync();
        }
    }

    /// <summary>Cancels the caller's token at one point around the store calls.</summary>
    private sealed class CancellingRepository(IAccountRepository inner, Trap trap) : RepositoryDecorator(inner)
    {
        public override async Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default)
        {
            var account = await base.FindAsync(id, cancellationToken);
            await trap.SpringAt(Point.BetweenLoadAndSave);
            return account;
        }

        public override async Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default)
        {
            var added = await base.AddAsync(account, cancellationToken);
            await trap.SpringAt(Point.RightAfterSave);
            return added;
        }

        public override async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default)
        {
            var saved = await base.SaveAsync(account, expectedVersion, cancellationToken);
            await trap.SpringAt(Point.RightAfterSave);
            return saved;
        }
    }

    /// <summary>Cancels the caller's token while sending, then honours the token it was given.</summary>
    private sealed class CancellingMailer(IInvitationMailer inner, Trap trap) : IInvitationMailer
    {
        public async Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
        {
            await trap.SpringAt(Point.DuringMail);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            await inner.SendAsync(email, cancellationToken);
        }
    }

    /// <summary>Springs the trap on its first and second event, then honours the token it was given, as a real handler would.</summary>
    private sealed class CancellingEventHandler(Trap trap, Point onFirstEvent, Point? onSecondEvent) : IAccountEventHandler
    {
        private readonly List<DomainEvent> _handled = [];
        private bool _armed;

        public IReadOnlyList<DomainEvent> Handled => _handled;

        public void Reset()
        {
            _handled.Clear();
            _armed = true; // only the use case under test cancels, not the setup
        }

        public async Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            if (_armed && _handled.Count == 0) await trap.SpringAt(onFirstEvent);
            if (_armed && _handled.Count == 1 && onSecondEvent is { } second) await trap.SpringAt(second);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (_armed) _handled.Add(domainEvent);
        }
    }

    private sealed class HangingEventHandler<TEvent> : IAccountEventHandler
        where TEvent : DomainEvent
    {
        public bool Hanging { get; set; }

        public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default) =>
            Hanging && domainEvent is TEvent ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.CompletedTask;
    }

    private sealed class HangingMailer : IInvitationMailer
    {
        public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default) =>
            Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
