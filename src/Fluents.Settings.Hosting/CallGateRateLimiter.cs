using System.Diagnostics;
using System.Threading.RateLimiting;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Hosting;

/// <summary>
/// The call gate as a <see cref="PartitionedRateLimiter{TResource}"/>, for ASP.NET Core rate limiting on endpoints whose work
/// lasts exactly one request (a media WebSocket, a streaming call): one partition per environment, a lease per call, the
/// environment's and the plan's limits both enforced (R13), the place freed when the lease is disposed.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddRateLimiter(options =>
/// {
///     options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
///     options.AddPolicy("calls", context => CallGateRateLimiter.Partition(gate, CallOf(context))); // or GlobalLimiter = CallGateRateLimiter.Create(gate, CallOf)
/// });
/// </code>
/// </example>
public static class CallGateRateLimiter
{
    /// <summary>On a refused lease: the calls the environment could still start (0), as Vapi's <c>remainingConcurrentCalls</c>; see also <see cref="MetadataName.ReasonPhrase"/>.</summary>
    public static MetadataName<int> RemainingConcurrentCalls { get; } = MetadataName.Create<int>("REMAINING_CONCURRENT_CALLS");

    /// <summary>On a refused lease: the refusal's stable error code (e.g. <c>concurrency.plan_at_capacity</c>).</summary>
    public static MetadataName<string> ErrorCode { get; } = MetadataName.Create<string>("ERROR_CODE");

    /// <summary>A limiter for every resource: each call is admitted in the partition <paramref name="callOf"/> gives it.</summary>
    /// <typeparam name="TResource">What is limited (for ASP.NET Core, <c>HttpContext</c>).</typeparam>
    /// <param name="gate">The host's in-process gate.</param>
    /// <param name="callOf">The call's account and environment (e.g. from the verified API key); <c>null</c> when the resource names no environment, which is refused.</param>
    /// <returns>The limiter. Its partitions live while calls run in them.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PartitionedRateLimiter<TResource> Create<TResource>(InProcessCallGate gate, Func<TResource, CallPartition?> callOf)
    {
        Guard.Against.Null(gate);
        Guard.Against.Null(callOf);
        return PartitionedRateLimiter.Create<TResource, CallPartition>(resource => Partition(gate, callOf(resource)));
    }

    /// <summary>The partition of one call, for a rate-limiting policy (<c>IRateLimiterPolicy&lt;CallPartition&gt;.GetPartition</c>).</summary>
    /// <param name="gate">The host's in-process gate.</param>
    /// <param name="call">The call's account and environment; <c>null</c> when unknown, which is refused.</param>
    /// <returns>The partition, keyed by the call's account and environment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gate"/> is null.</exception>
    public static RateLimitPartition<CallPartition> Partition(InProcessCallGate gate, CallPartition? call)
    {
        Guard.Against.Null(gate);
        return RateLimitPartition.Get(call ?? default, key => new CallGateLimiter(gate, key));
    }
}

/// <summary>The partition of a call: its account and environment.</summary>
/// <param name="Account">The account.</param>
/// <param name="Environment">The environment the call runs in.</param>
public readonly record struct CallPartition(AccountId Account, EnvironmentId Environment);

/// <summary>
/// One environment's calls as a <see cref="RateLimiter"/> (see <see cref="CallGateRateLimiter"/>): a permit is a call admitted
/// by the in-process gate, so the environment's Max Concurrent Calls and the plan limit are both enforced.
/// </summary>
/// <remarks>
/// <para>Permits are taken one at a time (a call takes one place); 0 asks whether a call could start now without taking a
/// place. There is no queue: a call that cannot start is refused at once, with the refusal's message as
/// <see cref="MetadataName.ReasonPhrase"/>, its code as <see cref="CallGateRateLimiter.ErrorCode"/> and
/// <see cref="CallGateRateLimiter.RemainingConcurrentCalls"/>.</para>
/// <para>While calls run, <see cref="IdleDuration"/> is <c>null</c>, so a partitioned limiter never drops the partition under
/// them. The first call of an account whose limits are not loaded yet waits for the load (synchronously in
/// <see cref="RateLimiter.AttemptAcquire"/>); every later one takes nanoseconds.</para>
/// </remarks>
public sealed class CallGateLimiter : RateLimiter
{
    private readonly InProcessCallGate _gate;
    private readonly CallPartition _call;
    private long _running;
    private long _succeeded;
    private long _failed;
    private long _idleSince = Stopwatch.GetTimestamp();

    /// <summary>A limiter for one environment's calls.</summary>
    /// <param name="gate">The host's in-process gate.</param>
    /// <param name="call">The account and environment; <c>default</c> refuses every call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="gate"/> is null.</exception>
    public CallGateLimiter(InProcessCallGate gate, CallPartition call)
    {
        _gate = Guard.Against.Null(gate);
        _call = call;
    }

    /// <summary>The calls started through this limiter that are still running.</summary>
    public long RunningCalls => Interlocked.Read(ref _running);

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => Interlocked.Read(ref _running) > 0 ? null : Stopwatch.GetElapsedTime(Interlocked.Read(ref _idleSince));

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = Headroom()?.Remaining ?? 0,
        CurrentQueuedCount = 0,
        TotalSuccessfulLeases = Interlocked.Read(ref _succeeded),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (CheckPermits(permitCount) is { } probe) return probe;
        var pending = _gate.TryAdmitAsync(_call.Account, _call.Environment);
        return LeaseOf(pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult());
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (CheckPermits(permitCount) is { } probe) return probe;
        return LeaseOf(await _gate.TryAdmitAsync(_call.Account, _call.Environment, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    private RateLimitLease? CheckPermits(int permitCount)
    {
        Guard.Against.OutOfRange(permitCount, nameof(permitCount), 0, 1);
        if (_call == default) return Refused("concurrency.unknown_environment", "The request names no environment: no call can start.", 0);
        if (permitCount == 1) return null;
        var remaining = Headroom()?.Remaining ?? 0;
        return remaining > 0 ? ProbeLease.Available : Refused("concurrency.at_capacity", "No call can start now in this environment.", 0);
    }

    private CallHeadroom? Headroom() =>
        _call != default && _gate.TryGetAccountGate(_call.Account, out var gate) && gate.TryGetHeadroom(_call.Environment, out var headroom) ? headroom : null;

    private RateLimitLease LeaseOf(GateAdmission admission)
    {
        if (admission.TryGetValue(out var lease, out var refusal))
        {
            Interlocked.Increment(ref _running);
            Interlocked.Increment(ref _succeeded);
            return new CallLeaseHandle(this, lease);
        }

        return Refused(refusal.Code, refusal.Message, refusal.Headroom.Remaining);
    }

    private RateLimitLease Refused(string code, string message, int remaining)
    {
        Interlocked.Increment(ref _failed);
        return new RefusedLease(code, message, remaining);
    }

    private void Ended()
    {
        Interlocked.Exchange(ref _idleSince, Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _running);
    }

    // A running call: disposing it releases the call's places, once.
    private sealed class CallLeaseHandle(CallGateLimiter limiter, CallLease lease) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            var released = lease.ReleaseAsync(); // the in-process gate answers synchronously
            if (!released.IsCompleted) released.AsTask().GetAwaiter().GetResult();
            limiter.Ended();
        }
    }

    private sealed class RefusedLease(string code, string message, int remaining) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames =>
            [MetadataName.ReasonPhrase.Name, CallGateRateLimiter.ErrorCode.Name, CallGateRateLimiter.RemainingConcurrentCalls.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.ReasonPhrase.Name ? message
                : metadataName == CallGateRateLimiter.ErrorCode.Name ? code
                : metadataName == CallGateRateLimiter.RemainingConcurrentCalls.Name ? remaining
                : null;
            return metadata is not null;
        }
    }

    private sealed class ProbeLease : RateLimitLease
    {
        public static readonly ProbeLease Available = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
