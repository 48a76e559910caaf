using Fluents.Settings.Accounts;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// An account's limits as an <see cref="ICallGate"/> holds them: the allocation and the account version it was saved with.
/// A gate keeps the newest version it was given and ignores older ones (R30), so allocations may arrive in any order.
/// </summary>
/// <param name="AccountVersion">The account's <c>Version</c> when the allocation was saved.</param>
/// <param name="Allocation">The plan limit and each environment's Max Concurrent Calls.</param>
public sealed record GateLimits(long AccountVersion, ConcurrencyAllocation Allocation);

/// <summary>
/// Loads an account's limits when a gate holds none for it (a host that has not served the account yet, or whose limits
/// expired while the account was idle). <c>CallGateAllocationHandler.LimitsFrom(repository)</c> reads them from the
/// account repository.
/// </summary>
/// <param name="account">The account.</param>
/// <param name="cancellationToken">Cancels the load.</param>
/// <returns>The saved limits, or <c>null</c> when no such account is stored.</returns>
public delegate ValueTask<GateLimits?> GateLimitsLoader(AccountId account, CancellationToken cancellationToken);
