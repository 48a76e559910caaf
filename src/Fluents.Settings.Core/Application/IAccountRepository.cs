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
/// <remarks>
/// <para><b>The change's events.</b> When <see cref="SaveAsync"/> (or <see cref="AddAsync"/>) is called, the account still
/// holds the change's events in <see cref="Account.PendingEvents"/>, stamped with their actor, version and index: a store that
/// keeps an outbox or an audit trail in the same transaction reads them there (see <see cref="IOutboxAccountRepository"/>).
/// The service takes them only after the save.</para>
/// <para><b>Loading never throws for bad data.</b> A stored account that is corrupt, breaks an invariant or was written by a
/// newer library is a value (<see cref="InvalidAccountSnapshot"/>, <see cref="Json.UnsupportedSchemaVersion"/>) that reaches
/// the host in every use case's result.</para>
/// </remarks>
public interface IAccountRepository
{
    /// <summary>Loads an account.</summary>
    /// <param name="id">The account's id.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>
    /// A fresh instance of the stored account (<c>found</c>); <see cref="AccountNotFound"/> when none is stored under this id;
    /// <see cref="InvalidAccountSnapshot"/> when what is stored is corrupt or breaks an invariant
    /// (<see cref="Account.FromSnapshot(AccountSnapshot)"/>); <see cref="Json.UnsupportedSchemaVersion"/> when a newer library stored it.
    /// </returns>
    Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default);

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
