using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.InMemory;

/// <summary>
/// The embedded <see cref="IAccountRepository"/>: thread-safe, versioned, and storing <see cref="AccountSnapshot"/>s,
/// so what is saved is exactly what a database adapter would see, and every load is a fresh instance.
/// </summary>
public sealed class InMemoryAccountRepository : IAccountRepository
{
    private readonly Dictionary<AccountId, AccountSnapshot> _snapshots = [];
    private readonly Lock _lock = new();

    /// <summary>How many accounts are stored.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _snapshots.Count;
        }
    }

    /// <summary>The stored snapshot of an account, as a database adapter would hold it.</summary>
    /// <param name="id">The account.</param>
    /// <returns>The snapshot, or <c>null</c>.</returns>
    public AccountSnapshot? SnapshotOf(AccountId id)
    {
        lock (_lock) return _snapshots.GetValueOrDefault(id);
    }

    /// <inheritdoc />
    public Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = SnapshotOf(id);
        if (snapshot is null) return Task.FromResult<FindAccountOutcome>(new AccountNotFound(id));
        // What we stored came from ToSnapshot, so it always rebuilds; still, a refusal is a value like any store's.
        return Task.FromResult(Account.FromSnapshot(snapshot).Match<FindAccountOutcome>(account => account, invalid => invalid));
    }

    /// <inheritdoc />
    public Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = account.ToSnapshot();
        lock (_lock)
        {
            if (!_snapshots.TryAdd(account.Id, snapshot)) return Task.FromResult<OneOf<Success, AccountAlreadyExists>>(new AccountAlreadyExists(account.Id));
        }
        return Task.FromResult<OneOf<Success, AccountAlreadyExists>>(default(Success));
    }

    /// <inheritdoc />
    public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = account.ToSnapshot();
        lock (_lock)
        {
            var stored = _snapshots.GetValueOrDefault(account.Id);
            var actual = stored?.Version ?? -1;
            if (stored is null || actual != expectedVersion)
                return Task.FromResult<OneOf<Success, ConcurrencyConflict>>(new ConcurrencyConflict(account.Id, expectedVersion, actual));
            _snapshots[account.Id] = snapshot;
        }
        return Task.FromResult<OneOf<Success, ConcurrencyConflict>>(default(Success));
    }
}
