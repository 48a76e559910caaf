using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// Port: the call gate of every account a host serves (R13, R30). A call may start in environment E only if E's calls
/// are below its Max Concurrent Calls <b>and</b> the account's calls are below the plan limit, both checked and taken in
/// one step; every admitted call is released exactly once; a lowered limit never cuts a call.
/// </summary>
/// <remarks>
/// <para>Two implementations share this contract (and one contract test suite): <see cref="InProcessCallGate"/> counts the
/// calls of this process, with a lock-free <see cref="CallGate"/> per account; the Redis gate (package
/// <c>Fluents.Settings.Redis</c>) counts the calls of every host that shares a Redis server, so that an account's limits
/// hold across all of them. A host switches by configuration: it depends on this interface only.</para>
/// <para><b>Use.</b> On call start, <see cref="TryAdmitAsync"/>; keep the <see cref="CallLease"/> with the call and
/// <see cref="CallLease.ReleaseAsync"/> it on hang-up. After every saved change to the allocation, <see cref="ApplyAsync"/>
/// the saved allocation with the account version — or register <c>CallGateAllocationHandler</c> with the settings
/// service, which does exactly that. A gate that holds no limits for an account loads them first (through the
/// <see cref="GateLimitsLoader"/> it was given).</para>
/// <para>Asynchronous because a gate may need the network; the in-process gate completes synchronously and allocates
/// nothing on admission, release and refusal of a call admitted without a lease id.</para>
/// </remarks>
public interface ICallGate
{
    /// <summary>Admits a call if the environment's and the plan's limits allow it (R13), and counts it.</summary>
    /// <param name="account">The account.</param>
    /// <param name="environment">The environment the call belongs to (e.g. resolved from the API key).</param>
    /// <param name="lease">
    /// The call's lease id, to make a retried admission count once (an admission that names a lease id that is already
    /// held answers "admitted" again, with that lease); <c>null</c> for a new one.
    /// </param>
    /// <param name="cancellationToken">Cancels waiting for the answer; an admission already taken may then still count until its lease expires.</param>
    /// <returns>The lease, or why not: <see cref="EnvironmentAtCapacity"/>, <see cref="PlanAtCapacity"/>,
    /// <see cref="UnknownEnvironment"/> (never known, deleted, or no such account), <see cref="GateUnavailable"/>.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id.</exception>
    ValueTask<GateAdmission> TryAdmitAsync(AccountId account, EnvironmentId environment, CallLeaseId? lease = null, CancellationToken cancellationToken = default);

    /// <summary>Ends a call: removes its lease and frees its places (R13). What <see cref="CallLease.ReleaseAsync"/> calls.</summary>
    /// <param name="lease">The lease <see cref="TryAdmitAsync"/> returned, or one rebuilt from its ids.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>
    /// <c>true</c> when this release freed the places; <c>false</c> when nothing was held under this lease any more (released
    /// before, expired, or <c>default</c>): nothing is freed twice.
    /// </returns>
    /// <exception cref="CallGateUnavailableException">The gate's store did not answer; see the exception's remarks.</exception>
    ValueTask<bool> ReleaseAsync(CallLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an account's allocation as saved (R13, R30): the new limits take effect for the next admission, running calls
    /// are never cut, and an allocation older than the one the gate holds is ignored, so that hosts may apply in any order.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="accountVersion">The account's <c>Version</c> after the save that produced <paramref name="allocation"/>.</param>
    /// <param name="allocation">The saved allocation (it may be over-allocated, R12).</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns><c>true</c> when applied; <c>false</c> when the gate already held this version or a newer one.</returns>
    /// <exception cref="ArgumentException"><paramref name="account"/> is <c>default</c> or <paramref name="accountVersion"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="allocation"/> is null.</exception>
    /// <exception cref="CallGateUnavailableException">The gate's store did not answer; the previous limits stay in force.</exception>
    ValueTask<bool> ApplyAsync(AccountId account, long accountVersion, ConcurrencyAllocation allocation, CancellationToken cancellationToken = default);

    /// <summary>Reads an environment's and the plan's calls in flight and limits now (cf. Vapi's <c>remainingConcurrentCalls</c>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="environment">An environment of the account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts (for a deleted environment whose calls still run: those calls, limit 0); <c>null</c> for an environment or account the gate does not know.</returns>
    /// <exception cref="CallGateUnavailableException">The gate's store did not answer.</exception>
    ValueTask<CallHeadroom?> GetHeadroomAsync(AccountId account, EnvironmentId environment, CancellationToken cancellationToken = default);

    /// <summary>Reads every environment's calls in flight and limits now, with the plan's: a Settings page's "in use now / remaining".</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Each live environment, and each deleted one while its calls run; empty for an account the gate does not know.</returns>
    /// <exception cref="CallGateUnavailableException">The gate's store did not answer.</exception>
    ValueTask<IReadOnlyDictionary<EnvironmentId, CallHeadroom>> GetHeadroomByEnvironmentAsync(AccountId account, CancellationToken cancellationToken = default);
}
