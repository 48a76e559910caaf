using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Accounts;

/// <summary>
/// The aggregate root: one account's environments, plan limit and their allocation, members and
/// invitations. Every rule of DESIGN.md R1–R27 that concerns stored settings is checked here, and
/// nowhere else.
/// </summary>
/// <remarks>
/// <para>Each state-changing method takes the <see cref="Actor"/> (a user, or a <see cref="SystemActor"/> such as billing) and
/// checks what the permission table allows them itself (R15, R29),
/// takes <c>now</c> as a parameter (the domain never reads a clock) and, when it creates ids or
/// secrets, an <see cref="ISecretGenerator"/> (the domain never reads randomness itself).</para>
/// <para>A rule the user broke is returned as a typed error and leaves the account exactly as it was.
/// A successful change increments <see cref="Version"/> once and records domain events, each stamped with who made the
/// change, the version it produced and its index within the change (R28); a change that changes nothing (hiding a hidden
/// environment, an edit to the same values) succeeds without either.</para>
/// <para>Not thread-safe: load, change and save one instance per unit of work (the application layer does).</para>
/// </remarks>
public sealed partial class Account
{
    // Each collection is kept by a small class that keeps its indexes and counts in step and owns the rules about it
    // (R2 and R5 in EnvironmentRoster, R16 in MemberRoster, R19 in InvitationBook). The aggregate asks them in the order
    // its methods document, and changes them only after every check passed.
    private readonly EnvironmentRoster _environments;
    private readonly MemberRoster _members = new();
    private readonly InvitationBook _invitations = new();
    private readonly List<DomainEvent> _events = [];
    private readonly List<DomainEvent> _changing = []; // the events of the change in progress, stamped when it completes

    private Account(AccountId id, long version, int planLimit, Duration invitationValidity)
    {
        Id = id;
        Version = version;
        InvitationValidity = invitationValidity;
        _environments = new EnvironmentRoster(planLimit);
    }

    /// <summary>The account's id.</summary>
    public AccountId Id { get; }

    /// <summary>
    /// The number of successful changes since the account was opened (0 when new). Repositories use it
    /// for optimistic concurrency: a save names the version it loaded, and a stale one is a conflict.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>The plan's maximum number of concurrent calls, P (R8).</summary>
    public int PlanLimit => _environments.Allocation.PlanLimit;

    /// <summary>How long new invitations stay valid (R19; 7 days unless an Admin changed it).</summary>
    public Duration InvitationValidity { get; private set; }

    /// <summary>The environments, hidden ones included, in no particular order (the read models sort them).</summary>
    public IReadOnlyCollection<AccountEnvironment> Environments => _environments.Values;

    /// <summary>The members, in no particular order.</summary>
    public IReadOnlyCollection<Member> Members => _members.Values;

    /// <summary>Every invitation ever sent and not pruned, open or closed.</summary>
    public IReadOnlyCollection<Invitation> Invitations => _invitations.Values;

    /// <summary>A frozen copy of the current allocation (P and every environment's limit), e.g. for a call gate.</summary>
    public ConcurrencyAllocation Allocation => _environments.Allocation.Copy();

    /// <summary>Whether a plan decrease left the environments holding more than the plan (R12).</summary>
    public bool IsOverAllocated => _environments.Allocation.IsOverAllocated;

    /// <summary>The events recorded since the account was loaded or the events were last taken.</summary>
    public IReadOnlyList<DomainEvent> PendingEvents => _events.AsReadOnly();

    /// <summary>Returns the recorded events and forgets them (the application layer dispatches them after a save).</summary>
    /// <returns>The events, oldest first.</returns>
    public IReadOnlyList<DomainEvent> TakeEvents()
    {
        var events = _events.ToArray();
        _events.Clear();
        return events;
    }

    /// <summary>
    /// Opens a new account (R7): the first user is its Admin, and it has one visible environment named
    /// <c>default</c> holding the whole plan, so that a new account can place calls at once. A second
    /// environment takes its calls from <c>default</c> through <see cref="Reallocate"/> (or starts at 0).
    /// </summary>
    /// <param name="id">The new account's id (e.g. <see cref="AccountId.New"/>, or the host's tenant id).</param>
    /// <param name="planLimit">P, the plan's concurrent calls, 0 or more.</param>
    /// <param name="firstAdmin">The user opening the account.</param>
    /// <param name="adminName">Their display name.</param>
    /// <param name="adminEmail">Their email address.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="random">The source of ids and the <c>default</c> environment's API key.</param>
    /// <returns>The account with the <c>default</c> environment's key (shown once), or why the input was refused.</returns>
    /// <exception cref="ArgumentException">A default id.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="adminName"/>, <paramref name="adminEmail"/> or <paramref name="random"/> is null.</exception>
    public static OpenAccountOutcome Open(
        AccountId id, int planLimit, UserId firstAdmin, string adminName, string adminEmail, Instant now, ISecretGenerator random)
    {
        Guard.Against.Default(id);
        Guard.Against.Default(firstAdmin);
        Guard.Against.Null(adminName);
        Guard.Against.Null(adminEmail);
        Guard.Against.Null(random);
        if (planLimit < 0) return new InvalidMaxConcurrentCalls(planLimit);
        if (!PersonName.Create(adminName).TryPickT0(out var name, out var badName)) return badName;
        if (!EmailAddress.Create(adminEmail).TryPickT0(out var email, out var badEmail)) return badEmail;

        var account = new Account(id, 0, planLimit, InvitationPolicy.DefaultValidity);
        account._members.Add(new Member(firstAdmin, name, email, Role.Admin, now));
        var key = ApiKey.Issue(random);
        var environment = new AccountEnvironment(
            EnvironmentId.New(now, random), EnvironmentName.Default, MaxConcurrentCallsOf(planLimit), now, hidden: false, StoredApiKey.From(key, now), null);
        account._environments.Add(environment);
        account.Record(new AccountOpened(id, now, planLimit, firstAdmin));
        account.Record(new EnvironmentCreated(id, now, environment.Id, environment.Name.Value, planLimit));
        account.Complete(Recorded(account._members[firstAdmin])); // version 0: opening is the change that produced it
        return new OpenedAccount(account, environment.Id, key);
    }

    /// <summary>Finds an environment by id.</summary>
    /// <param name="id">The environment's id.</param>
    /// <returns>The environment, or <c>null</c> when the account has none with this id.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <c>default</c>.</exception>
    public AccountEnvironment? FindEnvironment(EnvironmentId id) => _environments.Find(Guard.Against.Default(id));

    /// <summary>Finds a member by user id.</summary>
    /// <param name="user">The user's id.</param>
    /// <returns>The member, or <c>null</c> when the user is not a member.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is <c>default</c>.</exception>
    public Member? FindMember(UserId user) => _members.Find(Guard.Against.Default(user));

    /// <summary>Finds an invitation by id.</summary>
    /// <param name="id">The invitation's id.</param>
    /// <returns>The invitation, or <c>null</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <c>default</c>.</exception>
    public Invitation? FindInvitation(InvitationId id) => _invitations.Find(Guard.Against.Default(id));

    /// <summary>
    /// Whether an actor may do something in this account (R15, R29): a user who is a member and whose role allows it, or a
    /// system actor whose permissions allow it. No allocation.
    /// </summary>
    /// <param name="actor">The user or system actor.</param>
    /// <param name="permission">The permission.</param>
    /// <returns>Whether it is allowed.</returns>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is <c>default</c>.</exception>
    public bool IsAllowed(Actor actor, Permission permission)
    {
        Guard.Against.Default(actor);
        return actor.SystemActor is { } systemActor
            ? systemActor.Allows(permission)
            : _members.TryGet(actor.UserOrDefault, out var member) && member.Role.Allows(permission);
    }

    /// <summary>The account's id and version, for logs.</summary>
    /// <returns>For example <c>Account 0196… v12</c>.</returns>
    public override string ToString() => $"Account {Id} v{Version}";

    // R3, R15, R29: every view starts here; null means the viewer may look.
    private NotPermitted? Deny(Actor actor, Permission permission) => Check(actor, permission, out _);

    // R3, R15, R29: every change starts here; null means the actor may go ahead, and `who` is how its events record them.
    private NotPermitted? Deny(Actor actor, Permission permission, out RecordedActor who)
    {
        var denied = Check(actor, permission, out var member);
        who = denied is not null ? null! : member is null ? actor.SystemActor!.Recorded : Recorded(member);
        return denied;
    }

    // The permission table answers for a member's role or for a system actor's own set (the one place, R15).
    private NotPermitted? Check(Actor actor, Permission permission, out Member? member)
    {
        Guard.Against.Default(actor);
        member = null;
        if (actor.SystemActor is { } systemActor) return systemActor.Allows(permission) ? null : new NotPermitted(actor, permission, null);
        if (!_members.TryGet(actor.UserOrDefault, out member)) return new NotPermitted(actor, permission, null);
        return member.Role.Allows(permission) ? null : new NotPermitted(actor, permission, member.Role);
    }

    // A member as their change's events record them: their id and their name at that moment (R28).
    private static RecordedActor Recorded(Member member) => new(ActorId.OfUser(member.UserId), member.Name.Value);

    private void Record(DomainEvent domainEvent) => _changing.Add(domainEvent);

    // One successful operation = one version, however many events it records.
    private void Changed(RecordedActor by)
    {
        Version++;
        Complete(by);
    }

    // R28: every event of the change gets who made it, the version it produced and its index within it, here and only
    // here, so that no operation can leave them out and (account, version, index) is unique and ordered.
    private void Complete(RecordedActor by)
    {
        if (_changing.Count == 0) throw new InvalidOperationException("A change records at least one event.");
        for (var i = 0; i < _changing.Count; i++) _events.Add(_changing[i] with { Actor = by, Version = Version, Index = i });
        _changing.Clear();
    }

    private static MaxConcurrentCalls MaxConcurrentCallsOf(int value) => MaxConcurrentCalls.Create(value).AsT0;
}
