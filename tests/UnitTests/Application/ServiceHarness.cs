using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using NodaTime.Testing;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>
/// A <see cref="SettingsService"/> over the in-memory adapters and a fake clock, as a host would wire it, with the
/// seams the tests need: a save counter right in front of the store, and optional decorators for the ports.
/// </summary>
internal sealed class ServiceHarness
{
    public static readonly UserId Admin = TestAccounts.Admin;
    public static readonly AccountId AccountId = TestAccounts.AccountId;

    private ServiceHarness(
        FakeClock clock,
        InMemoryAccountRepository store,
        CountingRepository saves,
        InMemoryInvitationMailer outbox,
        InMemoryApiKeyIndex apiKeys,
        InMemoryEventLog events,
        InMemoryAuditTrail auditTrail,
        SettingsService service)
    {
        Clock = clock;
        Store = store;
        Saves = saves;
        Outbox = outbox;
        ApiKeys = apiKeys;
        Events = events;
        AuditTrail = auditTrail;
        Service = service;
    }

    public FakeClock Clock { get; }

    public InMemoryAccountRepository Store { get; }

    /// <summary>Counts the saves that reach the store (inside every decorator).</summary>
    public CountingRepository Saves { get; }

    public InMemoryInvitationMailer Outbox { get; }

    public InMemoryApiKeyIndex ApiKeys { get; }

    public InMemoryEventLog Events { get; }

    /// <summary>The audit trail the service appends to (inside any decorator).</summary>
    public InMemoryAuditTrail AuditTrail { get; }

    public SettingsService Service { get; }

    public EnvironmentId DefaultEnvironment { get; private set; }

    public ApiKey DefaultKey { get; private set; } = null!;

    /// <summary>The stored snapshot of the test account.</summary>
    public AccountSnapshot Stored => Store.SnapshotOf(AccountId) ?? throw new InvalidOperationException("The account is not stored.");

    public long StoredVersion => Stored.Version;

    public static ServiceHarness Create(
        Func<IAccountRepository, IAccountRepository>? decorateRepository = null,
        Func<IInvitationMailer, IInvitationMailer>? decorateMailer = null,
        IEnumerable<IAccountEventHandler>? handlers = null,
        SettingsServiceOptions? options = null,
        ISecretGenerator? secrets = null,
        Func<IAuditTrail, IAuditTrail>? decorateAuditTrail = null)
    {
        var clock = new FakeClock(TestAccounts.Now);
        var store = new InMemoryAccountRepository();
        var saves = new CountingRepository(store);
        var outbox = new InMemoryInvitationMailer();
        var apiKeys = new InMemoryApiKeyIndex();
        var events = new InMemoryEventLog();
        var auditTrail = new InMemoryAuditTrail();
        var service = new SettingsService(
            decorateRepository?.Invoke(saves) ?? saves,
            decorateMailer?.Invoke(outbox) ?? outbox,
            apiKeys,
            clock,
            secrets ?? new SeededSecretGenerator(5),
            [events, .. handlers ?? []],
            options,
            decorateAuditTrail?.Invoke(auditTrail) ?? auditTrail);
        return new ServiceHarness(clock, store, saves, outbox, apiKeys, events, auditTrail, service);
    }

    /// <summary>Creates a harness and opens the test account (plan <paramref name="planLimit"/>, <see cref="Admin"/> its first Admin).</summary>
    public static async Task<ServiceHarness> OpenAsync(
        int planLimit = 40,
        Func<IAccountRepository, IAccountRepository>? decorateRepository = null,
        Func<IInvitationMailer, IInvitationMailer>? decorateMailer = null,
        IEnumerable<IAccountEventHandler>? handlers = null,
        SettingsServiceOptions? options = null,
        ISecretGenerator? secrets = null,
        Func<IAuditTrail, IAuditTrail>? decorateAuditTrail = null)
    {
        var harness = Create(decorateRepository, decorateMailer, handlers, options, secrets, decorateAuditTrail);
        var opened = (await harness.Service.OpenAccountAsync(planLimit, Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, AccountId)).Value;
        harness.DefaultEnvironment = opened.DefaultEnvironment;
        harness.DefaultKey = opened.DefaultEnvironmentKey;
        return harness;
    }

    /// <summary>Invites a user, follows the link from the outbox and accepts: the user is then a member.</summary>
    public async Task<UserId> JoinAsync(string name, string email, Role role, UserId? user = null)
    {
        var id = user ?? new UserId(Guid.NewGuid());
        _ = (await Service.InviteAsync(AccountId, Admin, email, role)).Value;
        var token = LastTokenSentTo(email);
        _ = (await Service.AcceptInvitationAsync(AccountId, id, name, email, token)).Value;
        return id;
    }

    /// <summary>
    /// Creates an environment one second after the clock's current instant, so that the tables (oldest first, then by
    /// id) list the environments in the order the test created them.
    /// </summary>
    public async Task<CreatedEnvironment> CreateEnvironmentAsync(string name, int maxConcurrentCalls = 0)
    {
        Clock.Advance(Duration.FromSeconds(1));
        return (await Service.CreateEnvironmentAsync(AccountId, Admin, name, maxConcurrentCalls)).Value;
    }

    public string LastTokenSentTo(string email) =>
        (Outbox.LastSentTo(email) ?? throw new InvalidOperationException($"No email was sent to {email}.")).Token.Reveal();

    /// <summary>Every entry of the test account's audit trail, newest first, read from the trail page by page.</summary>
    public async Task<IReadOnlyList<AuditEntry>> TrailAsync()
    {
        var all = new List<AuditEntry>();
        AuditCursor? after = null;
        do
        {
            var page = await AuditTrail.ReadAsync(new AuditQuery(AccountId, AuditFilter.None, AuditQuery.MaxPageSize, after));
            all.AddRange(page.Entries);
            after = page.Next;
        }
        while (after is not null);
        return all;
    }

    public EnvironmentSnapshot? StoredEnvironment(EnvironmentId id) => Stored.Environments.SingleOrDefault(e => e.Id == id);

    public MemberSnapshot? StoredMember(UserId id) => Stored.Members.SingleOrDefault(m => m.UserId == id);
}
