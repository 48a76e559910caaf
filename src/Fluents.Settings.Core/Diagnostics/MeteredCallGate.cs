using System.Collections.Concurrent;
using System.Diagnostics;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Diagnostics;

/// <summary>
/// An <see cref="ICallGate"/> that records what another gate does (<see cref="SettingsMetrics"/>): admissions by result,
/// calls in flight on this host, and how long each call held its place. It decides nothing itself.
/// </summary>
/// <remarks>
/// <para>Each admitted call is remembered (its lease and the time it was admitted) until it is released, so that the
/// release can record the call's duration: one small dictionary entry per running call. A lease rebuilt from its ids
/// (<see cref="CallLease(ICallGate, AccountId, EnvironmentId, CallLeaseId)"/>) for a call another host admitted is passed
/// on to the inner gate and counted as ended here without a duration, so that the sum over hosts stays right.</para>
/// <para>No spans: admissions take nanoseconds in process and one round trip on Redis.</para>
/// </remarks>
public sealed class MeteredCallGate : ICallGate
{
    private readonly ICallGate _inner;
    private readonly SettingsMetrics _metrics;
    private readonly ConcurrentDictionary<CallLeaseId, Admitted> _running = new();

    /// <summary>Records what <paramref name="inner"/> does.</summary>
    /// <param name="inner">The gate that decides.</param>
    /// <param name="metrics">Where to record.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public MeteredCallGate(ICallGate inner, SettingsMetrics metrics)
    {
        _inner = Guard.Against.Null(inner);
        _metrics = Guard.Against.Null(metrics);
    }

    /// <summary>The gate that decides.</summary>
    public ICallGate Inner => _inner;

    /// <inheritdoc />
    public async ValueTask<GateAdmission> TryAdmitAsync(AccountId account, EnvironmentId environment, CallLeaseId? lease = null, CancellationToken cancellationToken = default)
    {
        var admission = await _inner.TryAdmitAsync(account, environment, lease, cancellationToken).ConfigureAwait(false);
        _metrics.RecordAdmission(ResultOf(admission));
        if (!admission.TryGetLease(out var admitted)) return admission;

        if (_running.TryAdd(admitted.Id, new Admitted(admitted, Stopwatch.GetTimestamp()))) _metrics.CallStarted(); // a retry with its lease id counts once
        return new CallLease(this, admitted.Account, admitted.Environment, admitted.Id);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseAsync(CallLease lease, CancellationToken cancellationToken = default)
    {
        if (!lease.IsAdmitted) return false;
        // Only the lease it was: the same id in another account or environment is someone else's call (or a forgery).
        if (_running.TryGetValue(lease.Id, out var held) && held.Lease.Account == lease.Account && held.Lease.Environment == lease.Environment
            && _running.TryRemove(KeyValuePair.Create(lease.Id, held)))
        {
            _metrics.CallEnded(held.At);
            return await _inner.ReleaseAsync(held.Lease, cancellationToken).ConfigureAwait(false);
        }

        var released = await _inner.ReleaseAsync(new CallLease(_inner, lease.Account, lease.Environment, lease.Id), cancellationToken).ConfigureAwait(false);
        if (released) _metrics.CallEnded(admittedAt: null); // admitted by another host (or before a restart)
        return released;
    }

    /// <inheritdoc />
    public ValueTask<bool> ApplyAsync(AccountId account, long accountVersion, ConcurrencyAllocation allocation, CancellationToken cancellationToken = default) =>
        _inner.ApplyAsync(account, accountVersion, allocation, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CallHeadroom?> GetHeadroomAsync(AccountId account, EnvironmentId environment, CancellationToken cancellationToken = default) =>
        _inner.GetHeadroomAsync(account, environment, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<EnvironmentId, CallHeadroom>> GetHeadroomByEnvironmentAsync(AccountId account, CancellationToken cancellationToken = default) =>
        _inner.GetHeadroomByEnvironmentAsync(account, cancellationToken);

    /// <summary>The tag value of an admission's answer (<see cref="SettingsTelemetry.Tags.GateResult"/>).</summary>
    /// <param name="admission">The gate's answer.</param>
    /// <returns><c>admitted</c>, <c>environment_at_capacity</c>, <c>plan_at_capacity</c>, <c>unknown_environment</c> or <c>gate_unavailable</c>.</returns>
    public static string ResultOf(GateAdmission admission) => admission.Match(
        admitted: static _ => "admitted",
        environmentAtCapacity: static _ => "environment_at_capacity",
        planAtCapacity: static _ => "plan_at_capacity",
        unknownEnvironment: static _ => "unknown_environment",
        gateUnavailable: static _ => "gate_unavailable");

    private readonly record struct Admitted(CallLease Lease, long At);
}
