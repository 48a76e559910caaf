using System.Collections.Concurrent;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// The <see cref="ICallGate"/> of one process: a lock-free <see cref="CallGate"/> per account, made on first use from the
/// allocation it is given or loads (R13). It counts only this process's calls; for several hosts use the Redis gate
/// (package <c>Fluents.Settings.Redis</c>), which passes the same contract tests.
/// </summary>
/// <remarks>
/// <para><b>Cost.</b> Admission, release and refusal complete synchronously and allocate nothing for a call admitted without
/// a lease id: one dictionary read for the account, then <see cref="CallGate.TryAdmit"/>. An admission that names a lease id
/// also records it (one dictionary entry until release), so that a retry counts once and a lease rebuilt from its ids can
/// be released.</para>
/// <para><b>Versions.</b> Each account's gate remembers the account version of the allocation it holds and ignores an older
/// or equal one (R30), as the Redis gate does.</para>
/// <para><b>Scope.</b> Accounts are kept for the life of this object, as a host would keep one <see cref="CallGate"/> per account.</para>
/// </remarks>
public sealed class InProcessCallGate : ICallGate
{
    private readonly ConcurrentDictionary<AccountId, AccountGate> _accounts = new();
    private readonly GateLimitsLoader? _loadLimits;

    /// <summary>Creates the gate.</summary>
    /// <param name="loadLimits">
    /// Loads an account's limits the first time the gate sees the account (e.g. <c>CallGateAllocationHandler.LimitsFrom(repository)</c>);
    /// <c>null</c> when every account is applied with <see cref="ApplyAsync"/> before its first call.
    /// </param>
    public InProcessCallGate(GateLimitsLoader? loadLimits = null) => _loadLimits = loadLimits;

    /// <inheritdoc />
    public ValueTask<GateAdmission> TryAdmitAsync(AccountId account, EnvironmentId environment, CallLeaseId? lease = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Default(environment);
        if (lease is { } named) Guard.Against.Default(named);
        return _accounts.TryGetValue(account, out var gate)
            ? ValueTask.FromResult(gate.Admit(this, account, environment, lease))
            : AdmitAfterLoadingAsync(account, environment, lease, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(CallLease lease, CancellationToken cancellationToken = default)
    {
        if (!lease.IsAdmitted || !ReferenceEquals(lease.Gate, this)) return ValueTask.FromResult(false);
        return ValueTask.FromResult(_accounts.TryGetValue(lease.Account, out var gate) && gate.Release(lease));
    }

    /// <inheritdoc />
    public ValueTask<bool> ApplyAsync(AccountId account, long accountVersion, ConcurrencyAllocation allocation, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Negative(accountVersion);
        Guard.Against.Null(allocation);
        return ValueTask.FromResult(Apply(account, new GateLimits(accountVersion, allocation)));
    }

    /// <inheritdoc />
    public async ValueTask<CallHeadroom?> GetHeadroomAsync(AccountId account, EnvironmentId environment, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Default(environment);
        var gate = await FindOrLoadAsync(account, cancellationToken).ConfigureAwait(false);
        return gate is not null && gate.Gate.TryGetHeadroom(environment, out var headroom) ? headroom : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<EnvironmentId, CallHeadroom>> GetHeadroomByEnvironmentAsync(AccountId account, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        var gate = await FindOrLoadAsync(account, cancellationToken).ConfigureAwait(false);
        return gate?.Gate.HeadroomByEnvironment() ?? new Dictionary<EnvironmentId, CallHeadroom>();
    }

    /// <summary>The account's <see cref="CallGate"/>, when this gate holds one: its synchronous API, for a host that wants it.</summary>
    /// <param name="account">The account.</param>
    /// <param name="gate">The account's gate.</param>
    /// <returns>Whether the account's limits were applied or loaded.</returns>
    public bool TryGetAccountGate(AccountId account, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CallGate? gate)
    {
        gate = _accounts.TryGetValue(account, out var held) ? held.Gate : null;
        return gate is not null;
    }

    private async ValueTask<GateAdmission> AdmitAfterLoadingAsync(AccountId account, EnvironmentId environment, CallLeaseId? lease, CancellationToken cancellationToken)
    {
        AccountGate? gate;
        try
        {
            gate = await FindOrLoadAsync(account, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return new GateUnavailable(environment, $"the account's limits could not be loaded: {failure.Message}");
        }

        return gate is null
            ? new UnknownEnvironment(environment, WasDeleted: false, default) // no such account: no environment of it is known
            : gate.Admit(this, account, environment, lease);
    }

    private async ValueTask<AccountGate?> FindOrLoadAsync(AccountId account, CancellationToken cancellationToken)
    {
        if (_accounts.TryGetValue(account, out var gate)) return gate;
        if (_loadLimits is null) return null;
        var limits = await _loadLimits(account, cancellationToken).ConfigureAwait(false);
        if (limits is null) return null;
        Apply(account, limits);
        return _accounts[account];
    }

    // R30: the newest account version wins, whichever order the allocations arrive in.
    private bool Apply(AccountId account, GateLimits limits)
    {
        if (!_accounts.TryGetValue(account, out var gate))
        {
            var created = new AccountGate(limits);
            if (_accounts.TryAdd(account, created)) return true;
            gate = _accounts[account];
        }

        return gate.Apply(limits);
    }

    private sealed class AccountGate(GateLimits limits)
    {
        private readonly Lock _applyLock = new();
        private long _version = limits.AccountVersion;

        // Only admissions that named a lease id: the lease they hold, so that a retry answers with it (counted once).
        private ConcurrentDictionary<CallLeaseId, AdmittedCall>? _named;

        public CallGate Gate { get; } = new(limits.Allocation);

        public bool Apply(GateLimits limits)
        {
            lock (_applyLock)
            {
                if (limits.AccountVersion <= _version) return false;
                Gate.Apply(limits.Allocation);
                _version = limits.AccountVersion;
                return true;
            }
        }

        public GateAdmission Admit(InProcessCallGate owner, AccountId account, EnvironmentId environment, CallLeaseId? lease)
        {
            if (lease is not { } id) return Gate.TryAdmit(environment).ToGateAdmission(owner, account, CallLeaseId.New());

            var named = Volatile.Read(ref _named) ?? Interlocked.CompareExchange(ref _named, new(), null) ?? _named!;
            if (named.TryGetValue(id, out var held)) return new CallLease(owner, account, id, held); // a retry: counted once

            var admission = Gate.TryAdmit(environment);
            if (!admission.TryGetCall(out var call)) return admission.ToGateAdmission(owner, account, id);
            var winner = named.GetOrAdd(id, call);
            if (winner != call) call.Release(); // a concurrent retry with the same id got there first: keep one place
            return new CallLease(owner, account, id, winner);
        }

        public bool Release(CallLease lease)
        {
            var named = Volatile.Read(ref _named);
            if (lease.Call.IsAdmitted)
            {
                named?.TryRemove(KeyValuePair.Create(lease.Id, lease.Call));
                return lease.Call.Release();
            }

            // A lease rebuilt from its ids: only a named admission can be found by its id, and only in its own environment.
            return named is not null && named.TryGetValue(lease.Id, out var call) && call.Environment == lease.Environment
                && named.TryRemove(KeyValuePair.Create(lease.Id, call)) && call.Release();
        }
    }
}
