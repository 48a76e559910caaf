using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Application;

/// <summary>
/// Keeps an <see cref="ICallGate"/> in step with the saved settings, so that a host writes no glue (R13, R30): after every
/// saved change that moves the allocation (<see cref="EnvironmentCreated"/>, <see cref="EnvironmentDeleted"/>,
/// <see cref="AllocationChanged"/>, <see cref="PlanLimitChanged"/>) it loads the account and applies its allocation with its
/// version. Register it with the <see cref="SettingsService"/>'s event handlers.
/// </summary>
/// <remarks>
/// <para>It reads the account from the repository rather than from the event, so that what it applies is always a saved
/// allocation with the version it was saved with; the gate ignores a version older than the one it holds, so handlers on
/// several hosts, or events handled late or twice, can never bring back an older allocation.</para>
/// <para><see cref="LimitsFrom"/> gives a gate the same repository as its <see cref="GateLimitsLoader"/>, for accounts it
/// holds no limits for yet.</para>
/// </remarks>
public sealed class CallGateAllocationHandler : IAccountEventHandler
{
    private readonly ICallGate _gate;
    private readonly IAccountRepository _accounts;

    /// <summary>Creates the handler.</summary>
    /// <param name="gate">The gate to keep in step (in-process or Redis).</param>
    /// <param name="accounts">Where the saved accounts are read from.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public CallGateAllocationHandler(ICallGate gate, IAccountRepository accounts)
    {
        _gate = Guard.Against.Null(gate);
        _accounts = Guard.Against.Null(accounts);
    }

    /// <summary>Whether an event moves the allocation a gate enforces.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <returns>True for an environment created or deleted, a limit or reallocation, a plan change.</returns>
    public static bool ChangesAllocation(DomainEvent domainEvent) =>
        domainEvent is EnvironmentCreated or EnvironmentDeleted or AllocationChanged or PlanLimitChanged;

    /// <summary>A <see cref="GateLimitsLoader"/> that reads an account's saved allocation and version from the repository.</summary>
    /// <param name="accounts">The repository.</param>
    /// <returns>The loader.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accounts"/> is null.</exception>
    public static GateLimitsLoader LimitsFrom(IAccountRepository accounts)
    {
        Guard.Against.Null(accounts);
        return async (account, cancellationToken) =>
            await ReadAsync(accounts, account, cancellationToken).ConfigureAwait(false) is { } found
                ? new GateLimits(found.Version, found.Allocation)
                : null;
    }

    /// <inheritdoc />
    public async Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(domainEvent);
        if (!ChangesAllocation(domainEvent)) return;
        var account = await ReadAsync(_accounts, domainEvent.AccountId, cancellationToken).ConfigureAwait(false);
        if (account is null) return;
        await _gate.ApplyAsync(account.Id, account.Version, account.Allocation, cancellationToken).ConfigureAwait(false);
    }

    // The account, or null when there is none; a row that cannot be read is a failure (the gate keeps its limits).
    private static async Task<Account?> ReadAsync(IAccountRepository accounts, AccountId account, CancellationToken cancellationToken)
    {
        var found = await accounts.FindAsync(account, cancellationToken).ConfigureAwait(false);
        if (found.TryGetValue(out var loaded, out var error)) return loaded;
        return error is AccountNotFound ? null : throw new InvalidOperationException($"The account's limits could not be read: [{error.Code}] {error.Message}");
    }
}
