using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>Passes every call through; subclasses change one behaviour.</summary>
internal abstract class RepositoryDecorator(IAccountRepository inner) : IAccountRepository
{
    protected IAccountRepository Inner { get; } = inner;

    public virtual Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default) => Inner.FindAsync(id, cancellationToken);

    public virtual Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default) => Inner.AddAsync(account, cancellationToken);

    public virtual Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default) =>
        Inner.SaveAsync(account, expectedVersion, cancellationToken);
}

/// <summary>Counts loads, successful saves and conflicts (thread-safe).</summary>
internal sealed class CountingRepository(IAccountRepository inner) : RepositoryDecorator(inner)
{
    private int _loads;
    private int _saved;
    private int _conflicts;

    public int Loads => Volatile.Read(ref _loads);

    public int Saved => Volatile.Read(ref _saved);

    public int Conflicts => Volatile.Read(ref _conflicts);

    public override Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _loads);
        return base.FindAsync(id, cancellationToken);
    }

    public override async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var saved = await base.SaveAsync(account, expectedVersion, cancellationToken);
        Interlocked.Increment(ref saved.IsT0 ? ref _saved : ref _conflicts);
        return saved;
    }
}

/// <summary>A store that is down: once armed, every save throws (nothing reaches the inner store).</summary>
internal sealed class ThrowingOnSaveRepository(IAccountRepository inner) : RepositoryDecorator(inner)
{
    public bool Failing { get; set; }

    public override Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default) =>
        Failing ? throw new InvalidOperationException("The database is unavailable.") : base.SaveAsync(account, expectedVersion, cancellationToken);
}

/// <summary>Another writer that always saves first: once armed, every save is a conflict and nothing is stored.</summary>
internal sealed class AlwaysConflictingRepository(IAccountRepository inner) : RepositoryDecorator(inner)
{
    private int _attempts;

    public bool Conflicting { get; set; }

    public int Attempts => Volatile.Read(ref _attempts);

    public override Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        if (!Conflicting) return base.SaveAsync(account, expectedVersion, cancellationToken);
        Interlocked.Increment(ref _attempts);
        return Task.FromResult<OneOf<Success, ConcurrencyConflict>>(new ConcurrencyConflict(account.Id, expectedVersion, expectedVersion + 1));
    }
}

/// <summary>
/// Forces an interleaving: once armed, the next <c>parties</c> saves wait until all of them have arrived, so every
/// one of those writers loaded the same version before any of them saves. Later saves (the retries) pass through.
/// </summary>
internal sealed class RendezvousRepository(IAccountRepository inner, int parties) : RepositoryDecorator(inner)
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;
    private int _arrived;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public override async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _armed) == 1)
        {
            var arrival = Interlocked.Increment(ref _arrived);
            if (arrival == parties) _allArrived.SetResult();
            if (arrival <= parties) await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        return await base.SaveAsync(account, expectedVersion, cancellationToken);
    }
}

/// <summary>Yields after every load, so that other writers run between this writer's load and its save: conflicts become frequent.</summary>
internal sealed class YieldAfterLoadRepository(IAccountRepository inner) : RepositoryDecorator(inner)
{
    public override async Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default)
    {
        var account = await base.FindAsync(id, cancellationToken);
        await Task.Yield();
        return account;
    }
}

/// <summary>
/// Holds one writer between its successful save and the work after it (index, mail, events), so that another writer
/// can save and finish in between: the "slow writer" interleaving.
/// </summary>
internal sealed class PauseAfterSaveRepository(IAccountRepository inner) : RepositoryDecorator(inner)
{
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Completes when the armed save has been stored and is being held.</summary>
    public Task Paused => _paused.Task;

    /// <summary>The next save is held after it succeeded.</summary>
    public void ArmNextSave() => Volatile.Write(ref _armed, 1);

    public void Resume() => _resume.SetResult();

    public override async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var saved = await base.SaveAsync(account, expectedVersion, cancellationToken);
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _paused.SetResult();
            await _resume.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        return saved;
    }
}

/// <summary>A mail relay that can be switched off: while failing, every send throws.</summary>
internal sealed class SwitchableMailer(IInvitationMailer inner) : IInvitationMailer
{
    public const string FailureMessage = "The mail relay refused the connection.";

    public bool Failing { get; set; }

    public int Attempts { get; private set; }

    public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
    {
        Attempts++;
        return Failing ? throw new InvalidOperationException(FailureMessage) : inner.SendAsync(email, cancellationToken);
    }
}

/// <summary>A host handler that fails on one kind of event.</summary>
internal sealed class ThrowingEventHandler<TEvent> : IAccountEventHandler
    where TEvent : DomainEvent
{
    public const string FailureMessage = "The campaign service is down.";

    public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default) =>
        domainEvent is TEvent ? throw new InvalidOperationException(FailureMessage) : Task.CompletedTask;
}

/// <summary>A host handler that records, for each event, what the store held when the event arrived.</summary>
internal sealed class StoreObservingEventHandler(Func<AccountSnapshot?> stored) : IAccountEventHandler
{
    private readonly List<(DomainEvent Event, AccountSnapshot? Stored)> _seen = [];

    public IReadOnlyList<(DomainEvent Event, AccountSnapshot? Stored)> Seen => _seen;

    public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
    {
        _seen.Add((domainEvent, stored()));
        return Task.CompletedTask;
    }
}
