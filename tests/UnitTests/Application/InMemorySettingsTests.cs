using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using NodaTime.Testing;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>The in-memory bundle uses what it is given (clock, randomness, handlers, options) and the system's own otherwise.</summary>
public class InMemorySettingsTests
{
    private static readonly Instant LongAgo = Instant.FromUtc(2001, 2, 3, 4, 5);

    private sealed class RecordingHandler : IAccountEventHandler
    {
        public List<DomainEvent> Handled { get; } = [];

        public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
        {
            Handled.Add(domainEvent);
            return Task.CompletedTask;
        }
    }

    private static Task<OpenAccountResult> Open(InMemorySettings settings) =>
        settings.Service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail);

    [Fact]
    public async Task Create_WithAClock_StampsItsTime()
    {
        var settings = InMemorySettings.Create(new FakeClock(LongAgo), new SeededSecretGenerator());

        var opened = (await Open(settings)).Value;

        Assert.Equal(LongAgo, Assert.Single(opened.Account.ToSnapshot().Members).JoinedAt);
        Assert.Equal(LongAgo, Assert.IsType<AccountOpened>(settings.Events.Events[0]).OccurredAt);
    }

    [Fact]
    public async Task Create_WithASecretGenerator_DrawsIdsAndKeysFromIt()
    {
        var first = (await Open(InMemorySettings.Create(new FakeClock(LongAgo), new SeededSecretGenerator(11)))).Value;
        var again = (await Open(InMemorySettings.Create(new FakeClock(LongAgo), new SeededSecretGenerator(11)))).Value;
        var other = (await Open(InMemorySettings.Create(new FakeClock(LongAgo), new SeededSecretGenerator(12)))).Value;

        Assert.Equal(AccountId.New(LongAgo, new SeededSecretGenerator(11)), first.Account.Id);
        Assert.Equal(first.DefaultEnvironmentKey.Reveal(), again.DefaultEnvironmentKey.Reveal());
        Assert.NotEqual(first.DefaultEnvironmentKey.Reveal(), other.DefaultEnvironmentKey.Reveal());
    }

    [Fact]
    public async Task Create_WithHandlers_RunsThemAfterTheEventLog()
    {
        var handler = new RecordingHandler();
        var settings = InMemorySettings.Create(new FakeClock(LongAgo), new SeededSecretGenerator(), [handler]);

        await Open(settings);

        Assert.NotEmpty(handler.Handled);
        Assert.Equal(settings.Events.Events, handler.Handled);
    }

    [Fact]
    public void Create_WithOptions_ChecksAndUsesThem()
    {
        Assert.Throws<ArgumentException>(() => InMemorySettings.Create(options: new SettingsServiceOptions { MaxAttempts = 0 }));
    }

    [Fact]
    public async Task Create_WithNothing_UsesTheSystemClockAndRealRandomness()
    {
        var before = SystemClock.Instance.GetCurrentInstant();
        var first = (await Open(InMemorySettings.Create())).Value;
        var second = (await Open(InMemorySettings.Create())).Value;
        var after = SystemClock.Instance.GetCurrentInstant();

        var joined = Assert.Single(first.Account.ToSnapshot().Members).JoinedAt;
        Assert.InRange(joined, before, after);
        Assert.NotEqual(first.Account.Id, second.Account.Id);
        Assert.NotEqual(first.DefaultEnvironmentKey.Reveal(), second.DefaultEnvironmentKey.Reveal());
    }

    [Fact]
    public async Task Create_TheBundle_SharesItsAdaptersWithTheService()
    {
        var settings = InMemorySettings.Create(new FakeClock(LongAgo), new SeededSecretGenerator());

        var opened = (await Open(settings)).Value;
        _ = (await settings.Service.InviteAsync(opened.Account.Id, TestAccounts.Admin, "bob@example.com", Role.Member)).Value;

        Assert.NotNull(await settings.Accounts.FindAsync(opened.Account.Id));
        Assert.Equal("bob@example.com", Assert.Single(settings.Mailer.Outbox).To.Value);
        Assert.Equal(1, settings.ApiKeys.Count);
        Assert.Equal(settings.Events.Events.Count, settings.AuditTrail.Count);
    }
}
