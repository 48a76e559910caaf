using System.Collections.Concurrent;
using System.Globalization;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using StackExchange.Redis;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>
/// The call gate of every host that shares a Redis server (R13, R30): an account's Max Concurrent Calls, per environment
/// and per plan, hold across all of them. The same contract as <see cref="InProcessCallGate"/>, and the same contract tests.
/// </summary>
/// <remarks>
/// <para><b>One atomic step, one round trip.</b> An account has two keys, which share one hash tag (the account), so that
/// they live in one slot of a Redis Cluster: its limits (a hash: the version, the plan limit, each environment's limit and
/// calls) and its leases (a sorted set scored by expiry). An admission is one Lua script (<c>calls.lua</c>) that checks the
/// environment's calls against its limit and the account's against the plan and takes both, atomically; a release is the
/// same script. Each is one <c>EVALSHA</c>: while an account is quiet, each operation is sent alone; while one is on its
/// way, that account's next operations wait for it and go together in one script call, in order — still one round trip
/// each, and far less work per call for a busy account.</para>
/// <para><b>Leases.</b> Every admitted call is a lease that expires <see cref="RedisCallGateOptions.LeaseTimeToLive"/>
/// after its admission or last renewal, in the server's time (<c>TIME</c>): the hosts' clocks are never read. This host
/// renews the leases it holds, per account in batches, while <see cref="StartRenewal"/> runs; a dead host's leases expire
/// and free their places after the time to live, never before. A lease found expired or gone at renewal is lost:
/// never added back, reported by <see cref="LeasesLost"/> and counted in <see cref="LostLeaseCount"/>, so that the host can
/// end that call.</para>
/// <para><b>Exactly once.</b> An admission that names a lease id counts once however often it is retried; a release
/// removes the lease, and a second one frees nothing. An admission whose answer timed out and that named no lease id is
/// released as soon as it is known to have been taken.</para>
/// <para><b>Live limits.</b> <see cref="ApplyAsync"/> writes the limits with the account version; an older version never
/// overwrites a newer one. When no limits are stored for an account (a new account, or one idle longer than
/// <see cref="RedisCallGateOptions.LimitsTimeToLive"/>), the gate loads them through its <see cref="GateLimitsLoader"/> first.</para>
/// <para><b>Redis unreachable.</b> Every operation gives up after <see cref="RedisCallGateOptions.OperationTimeout"/>: an
/// admission returns <see cref="GateUnavailable"/> (fail-closed: nothing admitted); a release, an apply or a read throws
/// <see cref="CallGateUnavailableException"/>.</para>
/// <para><b>Failover.</b> Redis replicates asynchronously: a failover to a replica can lose the writes of the last moments
/// before it — leases just admitted or renewed, releases, an apply. The README's section "Several hosts: the Redis gate"
/// says what that means for the limits.</para>
/// </remarks>
public sealed partial class RedisCallGate : ICallGate, IAsyncDisposable
{
    /// <summary>How many deleted environments an account's limits remember, so that their refusals say "deleted".</summary>
    internal const int RememberedDeletedEnvironments = 32;

    private readonly IDatabase _database;
    private readonly GateLimitsLoader? _loadLimits;
    private readonly TimeProvider _time;
    private readonly string _keyPrefix;
    private readonly TimeSpan _operationTimeout;
    private readonly TimeSpan _renewalInterval;
    private readonly int _renewalBatchSize;
    private readonly RedisValue _leaseTimeToLive, _keyTimeToLive;
    private readonly ConcurrentDictionary<AccountId, AccountCalls> _accounts = new();
    private readonly Lock _renewalLock = new();
    private CancellationTokenSource? _renewalStop;
    private Task? _renewal;
    private long _lostLeases, _failedRenewals;

    private long _lastCompleteRenewalTicks;

    /// <summary>Test-only seam, null in production: sees every script's reply with the server time it was taken at.</summary>
    internal Action<GateTrace>? Trace;

    /// <summary>Creates the gate over a connection the host owns (and disposes).</summary>
    /// <param name="redis">The host's multiplexer.</param>
    /// <param name="options">The settings; defaults when <c>null</c>. Copied: later changes have no effect.</param>
    /// <param name="loadLimits">Loads an account's limits when none are stored (e.g. <c>CallGateAllocationHandler.LimitsFrom(repository)</c>).</param>
    /// <param name="timeProvider">Times the renewal interval and the operation timeout (never a lease: leases use the server's time).</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RedisCallGate(IConnectionMultiplexer redis, RedisCallGateOptions? options = null, GateLimitsLoader? loadLimits = null, TimeProvider? timeProvider = null)
    {
        Guard.Against.Null(redis);
        options ??= new RedisCallGateOptions();
        options.Validate();
        _database = redis.GetDatabase(options.Database);
        _loadLimits = loadLimits;
        _time = timeProvider ?? TimeProvider.System;
        _keyPrefix = options.KeyPrefix;
        _operationTimeout = options.OperationTimeout;
        _renewalInterval = options.RenewalInterval;
        _renewalBatchSize = options.RenewalBatchSize;
        _leaseTimeToLive = Milliseconds(options.LeaseTimeToLive);
        _keyTimeToLive = Milliseconds(options.LimitsTimeToLive);
    }

    /// <summary>Raised after a renewal found leases of this host expired or gone: their calls no longer hold a place.</summary>
    /// <remarks>Raised on the renewal's thread; a handler that throws is ignored. End those calls, or accept that they run over the limits.</remarks>
    public event EventHandler<CallLeasesLostEventArgs>? LeasesLost;

    /// <summary>How many leases renewals found lost since the gate was created.</summary>
    public long LostLeaseCount => Interlocked.Read(ref _lostLeases);

    /// <summary>How many renewal batches failed (Redis did not answer) since the gate was created; their leases are tried again next time.</summary>
    public long FailedRenewalCount => Interlocked.Read(ref _failedRenewals);

    /// <summary>How many leases this host holds and renews now.</summary>
    public int HeldLeaseCount => _accounts.Values.Sum(held => held.Leases.Count);

    /// <summary>
    /// When the last renewal in which every batch succeeded ended (this host's clock), or when the background renewal started
    /// if none has yet; <c>null</c> before either. A health check compares it with the lease's time to live: a host whose
    /// renewals keep failing is about to lose its leases.
    /// </summary>
    public DateTimeOffset? LastCompleteRenewal => Interlocked.Read(ref _lastCompleteRenewalTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Whether the background renewal runs.</summary>
    public bool IsRenewing
    {
        get
        {
            lock (_renewalLock) return _renewal is not null;
        }
    }

    /// <inheritdoc />
    public async ValueTask<GateAdmission> TryAdmitAsync(AccountId account, EnvironmentId environment, CallLeaseId? lease = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Default(environment);
        if (lease is { } named) Guard.Against.Default(named);
        var id = lease ?? CallLeaseId.New();
        var kind = lease is null ? PendingCall.Admit : PendingCall.AdmitNamed;
        var loaded = false;
        while (true)
        {
            var calls = AccountOf(account);
            CallReply reply;
            try
            {
                reply = await CallAsync(calls, kind, environment, id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (IsUnavailable(failure))
            {
                return new GateUnavailable(environment, Describe(failure));
            }

            var headroom = new CallHeadroom(reply.EnvironmentCalls, reply.EnvironmentLimit, reply.PlanCalls, reply.PlanLimit);
            Trace?.Invoke(new GateTrace(GateTrace.Admit, account, environment, id, reply.Outcome, headroom, reply.ServerOrder));
            switch (reply.Outcome)
            {
                case 0 or 1:
                    Hold(account, id, environment);
                    return new CallLease(this, account, environment, id);
                case 2:
                    return new EnvironmentAtCapacity(environment, headroom);
                case 3:
                    return new PlanAtCapacity(environment, headroom);
                case 4 or 5:
                    return new UnknownEnvironment(environment, WasDeleted: reply.Outcome == 5, headroom);
            }

            // -1: no limits stored for the account. Load them once, then admit again.
            if (loaded || _loadLimits is null) return new UnknownEnvironment(environment, WasDeleted: false, default);
            loaded = true;
            try
            {
                if (!await LoadLimitsAsync(account, cancellationToken).ConfigureAwait(false)) return new UnknownEnvironment(environment, WasDeleted: false, default);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                return new GateUnavailable(environment, failure is CallGateUnavailableException ? failure.Message : $"the account's limits could not be loaded: {failure.Message}");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseAsync(CallLease lease, CancellationToken cancellationToken = default)
    {
        if (!lease.IsAdmitted) return false;
        var calls = AccountOf(lease.Account);
        // No longer renewed (should the release fail, the lease expires by itself) — but only the lease it names: the same id
        // with another environment is not this host's call, and must not stop that call's renewal.
        calls.Leases.TryRemove(KeyValuePair.Create(lease.Id, lease.Environment));
        CallReply reply;
        try
        {
            reply = await CallAsync(calls, PendingCall.Release, lease.Environment, lease.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (IsUnavailable(failure))
        {
            throw new CallGateUnavailableException(
                $"Releasing {lease} failed: {Describe(failure)}. The lease is no longer renewed and frees its place when its time to live runs out; release it again to free it now.", failure);
        }

        Trace?.Invoke(new GateTrace(GateTrace.Release, lease.Account, lease.Environment, lease.Id, reply.Outcome, default, reply.ServerOrder));
        return reply.Outcome == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ApplyAsync(AccountId account, long accountVersion, ConcurrencyAllocation allocation, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Negative(accountVersion);
        Guard.Against.Null(allocation);
        var arguments = new RedisValue[4 + (2 * allocation.Limits.Count)];
        arguments[0] = accountVersion;
        arguments[1] = allocation.PlanLimit;
        arguments[2] = _keyTimeToLive;
        arguments[3] = RememberedDeletedEnvironments;
        var next = 4;
        foreach (var (environment, limit) in allocation.Limits)
        {
            arguments[next++] = GateKeys.Id(environment.Value);
            arguments[next++] = limit;
        }

        long[] reply;
        try
        {
            reply = (long[])(await WithTimeout(EvaluateAsync(GateScripts.Apply, AccountOf(account).Keys, arguments), cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception failure) when (IsUnavailable(failure))
        {
            throw new CallGateUnavailableException($"Applying version {accountVersion} of account {account} failed: {Describe(failure)}. The previous limits stay in force.", failure);
        }

        Trace?.Invoke(new GateTrace(GateTrace.Apply, account, default, default, reply[0], new CallHeadroom(0, 0, 0, allocation.PlanLimit), reply[1] * 1_000) { Version = accountVersion, Allocation = allocation });
        return reply[0] == 1;
    }

    /// <inheritdoc />
    public async ValueTask<CallHeadroom?> GetHeadroomAsync(AccountId account, EnvironmentId environment, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Default(environment);
        var all = await ReadHeadroomAsync(account, cancellationToken).ConfigureAwait(false);
        return all.TryGetValue(environment, out var headroom) ? headroom.Headroom : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<EnvironmentId, CallHeadroom>> GetHeadroomByEnvironmentAsync(AccountId account, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        var all = await ReadHeadroomAsync(account, cancellationToken).ConfigureAwait(false);
        return all.Where(pair => !pair.Value.Deleted || pair.Value.Headroom.EnvironmentInFlight > 0) // deleted ones while their calls run
            .ToDictionary(pair => pair.Key, pair => pair.Value.Headroom);
    }

    /// <summary>Starts renewing this host's leases every <see cref="RedisCallGateOptions.RenewalInterval"/>, in the background, until <see cref="StopRenewalAsync"/> or disposal.</summary>
    /// <remarks>Idempotent. A host with calls that may outlive the lease's time to live must run it.</remarks>
    public void StartRenewal()
    {
        lock (_renewalLock)
        {
            if (_renewal is not null) return;
            Interlocked.Exchange(ref _lastCompleteRenewalTicks, _time.GetUtcNow().UtcTicks);
            _renewalStop = new CancellationTokenSource();
            _renewal = RenewEveryIntervalAsync(_renewalStop.Token);
        }
    }

    /// <summary>Stops the background renewal and waits for a renewal under way. Leases are kept: they expire unless renewed again.</summary>
    /// <returns>A task that completes when the renewal has stopped.</returns>
    public async Task StopRenewalAsync()
    {
        Task? renewal;
        CancellationTokenSource? stop;
        lock (_renewalLock)
        {
            (renewal, stop) = (_renewal, _renewalStop);
            (_renewal, _renewalStop) = (null, null);
        }

        if (stop is null) return;
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await renewal!.ConfigureAwait(false);
        }
        finally
        {
            stop.Dispose();
        }
    }

    /// <summary>
    /// Renews every lease this host holds, now: one <c>renew.lua</c> per account and batch of
    /// <see cref="RedisCallGateOptions.RenewalBatchSize"/> leases, sent together. What the background renewal runs.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the answers.</param>
    /// <returns>How many leases were renewed and lost, and how many batches failed (their leases are tried again next time).</returns>
    public async Task<LeaseRenewal> RenewNowAsync(CancellationToken cancellationToken = default)
    {
        var batches = new List<Task<(int Renewed, List<CallLease> Lost, bool Failed)>>();
        foreach (var (account, held) in _accounts)
        {
            if (held.Leases.IsEmpty)
            {
                Retire(account, held);
                continue;
            }

            foreach (var batch in held.Leases.ToArray().Chunk(_renewalBatchSize))
                batches.Add(RenewBatchAsync(account, held, batch, cancellationToken));
        }

        var results = await Task.WhenAll(batches).ConfigureAwait(false);
        var lost = results.SelectMany(result => result.Lost).ToArray();
        var renewal = new LeaseRenewal(results.Sum(result => result.Renewed), lost.Length, results.Count(result => result.Failed));
        Interlocked.Add(ref _failedRenewals, renewal.FailedBatches);
        if (renewal.FailedBatches == 0) Interlocked.Exchange(ref _lastCompleteRenewalTicks, _time.GetUtcNow().UtcTicks);
        if (lost.Length > 0)
        {
            Interlocked.Add(ref _lostLeases, lost.Length);
            try
            {
                LeasesLost?.Invoke(this, new CallLeasesLostEventArgs(lost));
            }
            catch (Exception)
            {
                // A host's handler must not stop the renewal of every other lease.
            }
        }

        return renewal;
    }

    /// <summary>Stops the background renewal (<see cref="StopRenewalAsync"/>). The multiplexer is the host's and stays open.</summary>
    /// <returns>A task that completes when the renewal has stopped.</returns>
    public async ValueTask DisposeAsync() => await StopRenewalAsync().ConfigureAwait(false);

    private async Task RenewEveryIntervalAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_renewalInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await RenewNowAsync(stop).ConfigureAwait(false);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // Counted per batch in RenewNowAsync; anything else is tried again at the next tick.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<(int Renewed, List<CallLease> Lost, bool Failed)> RenewBatchAsync(
        AccountId account, AccountCalls calls, KeyValuePair<CallLeaseId, EnvironmentId>[] batch, CancellationToken cancellationToken)
    {
        var arguments = new RedisValue[2 + batch.Length];
        arguments[0] = _leaseTimeToLive;
        arguments[1] = _keyTimeToLive;
        for (var i = 0; i < batch.Length; i++) arguments[2 + i] = GateKeys.Member(batch[i].Key, batch[i].Value);

        long[] lostPositions;
        try
        {
            lostPositions = (long[])(await WithTimeout(EvaluateAsync(GateScripts.Renew, calls.Keys, arguments), cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception failure) when (IsUnavailable(failure))
        {
            return (0, [], true);
        }

        var lost = new List<CallLease>(lostPositions.Length);
        foreach (var position in lostPositions)
        {
            var entry = batch[position - 1];
            // Released by this host meanwhile: not lost, just ended.
            if (calls.Leases.TryRemove(entry)) lost.Add(new CallLease(this, account, entry.Value, entry.Key));
        }

        return (batch.Length - lostPositions.Length, lost, false);
    }

    private async Task<bool> LoadLimitsAsync(AccountId account, CancellationToken cancellationToken)
    {
        var limits = await _loadLimits!(account, cancellationToken).ConfigureAwait(false);
        if (limits is null) return false;
        await ApplyAsync(account, limits.AccountVersion, limits.Allocation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> TryLoadForReadAsync(AccountId account, CancellationToken cancellationToken)
    {
        if (_loadLimits is null) return false;
        try
        {
            return await LoadLimitsAsync(account, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not (OperationCanceledException or CallGateUnavailableException))
        {
            throw new CallGateUnavailableException($"The limits of account {account} could not be loaded: {failure.Message}", failure);
        }
    }

    // Every environment the account's limits name, with its headroom and whether it was deleted; empty when the account
    // has no limits stored and none could be loaded.
    private async Task<Dictionary<EnvironmentId, (CallHeadroom Headroom, bool Deleted)>> ReadHeadroomAsync(AccountId account, CancellationToken cancellationToken)
    {
        var result = new Dictionary<EnvironmentId, (CallHeadroom, bool)>();
        for (var attempt = 0; ; attempt++)
        {
            RedisResult[] reply;
            try
            {
                reply = (RedisResult[])(await WithTimeout(EvaluateAsync(GateScripts.Headroom, AccountOf(account).Keys, []), cancellationToken).ConfigureAwait(false))!;
            }
            catch (Exception failure) when (IsUnavailable(failure))
            {
                throw new CallGateUnavailableException($"Reading the headroom of account {account} failed: {Describe(failure)}.", failure);
            }

            var plan = (int)reply[0];
            if (plan < 0)
            {
                if (attempt > 0 || !await TryLoadForReadAsync(account, cancellationToken).ConfigureAwait(false)) return result;
                continue;
            }

            var planCalls = (int)reply[1];
            for (var i = 2; i + 3 < reply.Length; i += 4)
            {
                if (!GateKeys.TryParseEnvironment((string)reply[i]!, out var environment)) continue;
                result[environment] = (new CallHeadroom((int)reply[i + 3], (int)reply[i + 2], planCalls, plan), (int)reply[i + 1] == 2);
            }

            return result;
        }
    }

    // EVALSHA by the script's hash; NOSCRIPT (the server lost its script cache) sends the text once, which loads it again.
    private async Task<RedisResult> EvaluateAsync(GateScript script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await _database.ScriptEvaluateAsync(script.Hash, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException failure) when (failure.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await _database.ScriptEvaluateAsync(script.Text, keys, values).ConfigureAwait(false);
        }
    }

    private Task<T> WithTimeout<T>(Task<T> pending, CancellationToken cancellationToken) =>
        pending.WaitAsync(_operationTimeout, _time, cancellationToken);

    private AccountCalls AccountOf(AccountId account) =>
        _accounts.TryGetValue(account, out var calls) ? calls : _accounts.GetOrAdd(account, static (id, prefix) => new AccountCalls(GateKeys.Of(prefix, id)), _keyPrefix);

    private void Hold(AccountId account, CallLeaseId lease, EnvironmentId environment)
    {
        while (true)
        {
            var held = AccountOf(account);
            lock (held.Lock)
            {
                if (held.Retired) continue; // retired by a renewal pass meanwhile: hold it in the account's new entry
                held.Leases[lease] = environment;
                return;
            }
        }
    }

    // An account with no lease left is dropped (with its cached keys), so that a host serving many accounts over time
    // keeps only those it has calls in.
    private void Retire(AccountId account, AccountCalls held)
    {
        lock (held.Lock)
        {
            if (!held.Leases.IsEmpty) return;
            held.Retired = true;
            _accounts.TryRemove(KeyValuePair.Create(account, held));
        }
    }

    private static RedisValue Milliseconds(TimeSpan duration) => (long)Math.Ceiling(duration.TotalMilliseconds);

    // R30: what "Redis did not answer" looks like to StackExchange.Redis, and what a server that cannot serve writes
    // (loading, a replica after a failover, too few replicas in sync, a busy script) answers. A script error is a bug and is not hidden here.
    private static bool IsUnavailable(Exception failure) => failure switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => true,
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("NOREPLICAS", StringComparison.Ordinal) // min-replicas-to-write not met: the README's failover advice
            || server.Message.StartsWith("BUSY", StringComparison.Ordinal)
            || server.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        _ => false,
    };

    private string Describe(Exception failure) => failure switch
    {
        TimeoutException => string.Create(CultureInfo.InvariantCulture, $"Redis did not answer within {_operationTimeout.TotalMilliseconds:0} ms"),
        _ => $"Redis is unavailable ({failure.GetType().Name}: {failure.Message})",
    };
}
