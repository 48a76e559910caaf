using Fluents.Settings.Accounts;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.Application;

/// <summary>
/// Port: where accounts are stored. Implementations store <see cref="Account.ToSnapshot()"/> and rebuild with
/// <see cref="Account.FromSnapshot(AccountSnapshot)"/>, and use <see cref="Account.Version"/> for optimistic concurrency: a save
/// that names a stale version is a <see cref="ConcurrencyConflict"/>, never a silent overwrite.
/// Every implementation must pass the repository contract tests (<c>AccountRepositoryContract</c> in the tests).
/// </summary>
public interface IAccountRepository
{
    /// <summary>Loads an account.</summary>
    /// <param name="id">The account's id.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A fresh instance of the stored account, or <c>null</c> when none is stored under this id.</returns>
    Task<Account?> FindAsync(AccountId id, CancellationToken cancellationToken = default);

    /// <summary>Stores a newly opened account.</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the add.</param>
    /// <returns>Success, or <see cref="AccountAlreadyExists"/> when its id is taken.</returns>
    Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>Stores a changed account if nobody saved it since it was loaded.</summary>
    /// <param name="account">The account, changed.</param>
    /// <param name="expectedVersion">The version it had when loaded.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Success, or <see cref="ConcurrencyConflict"/> when the stored version is not <paramref name="expectedVersion"/>.</returns>
    Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default);
}
