using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// DESIGN.md §6, R13: one call admitted and released on one thread, by the call gate and by its peers.
/// The baseline is what a .NET team would build today: a <see cref="PartitionedRateLimiter{TResource}"/>
/// with one concurrency limiter per environment, chained with a plan-wide one. Targets: the gate ≥ 15×
/// faster than the baseline, ≤ 2× two bare Interlocked counters (read off <see cref="CallGateFloorBenchmarks"/>), 0 B.
/// </summary>
[MemoryDiagnoser]
public class CallGateBenchmarks
{
    private const int PlanLimit = 40;
    private const int EnvironmentLimit = 20;

    private EnvironmentId _environment;
    private CallGate _gate = null!;
    private CallGate _fullGate = null!;
    private ConcurrencyLimiter _limiter = null!;
    private PartitionedRateLimiter<EnvironmentId> _chained = null!;
    private PartitionedRateLimiter<EnvironmentId> _fullChained = null!;
    private RateLimitLease _fullChainedHeld = null!;

    [GlobalSetup]
    public void Setup()
    {
        _environment = new EnvironmentId(Guid.CreateVersion7());
        var others = Enumerable.Range(0, 2).Select(_ => new EnvironmentId(Guid.CreateVersion7()));
        var allocation = ConcurrencyAllocation.Create(PlanLimit,
            others.Select(id => KeyValuePair.Create(id, 10)).Append(KeyValuePair.Create(_environment, EnvironmentLimit)));
        _gate = new CallGate(allocation);

        _fullGate = new CallGate(allocation);
        for (var i = 0; i < EnvironmentLimit; i++) _fullGate.TryAdmit(_environment);

        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = EnvironmentLimit, QueueLimit = 0 });
        _chained = CreateChained();
        _fullChained = CreateChained();
        for (var i = 0; i < EnvironmentLimit; i++) _fullChainedHeld = _fullChained.AttemptAcquire(_environment);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _limiter.Dispose();
        _chained.Dispose();
        _fullChained.Dispose();
    }

    [Benchmark(Baseline = true, Description = "(c) Partitioned per environment + plan limiter, CreateChained")]
    public bool ChainedPartitionedLimiters()
    {
        using var lease = _chained.AttemptAcquire(_environment);
        return lease.IsAcquired;
    }

    [Benchmark(Description = "(b) ConcurrencyLimiter AttemptAcquire + Dispose")]
    public bool ConcurrencyLimiter()
    {
        using var lease = _limiter.AttemptAcquire();
        return lease.IsAcquired;
    }

    [Benchmark(Description = "CallGate TryAdmit + Release")]
    public bool CallGateAdmitRelease()
    {
        return _gate.TryAdmit(_environment).TryGetCall(out var call) && call.Release();
    }

    [Benchmark(Description = "CallGate refusal (environment at capacity)")]
    public bool CallGateRefusal() => !_fullGate.TryAdmit(_environment).IsAdmitted;

    [Benchmark(Description = "(c) refusal (environment at capacity)")]
    public bool ChainedPartitionedLimitersRefusal()
    {
        using var lease = _fullChained.AttemptAcquire(_environment);
        return !lease.IsAcquired && _fullChainedHeld.IsAcquired;
    }

    internal static PartitionedRateLimiter<EnvironmentId> CreateChained(int environmentLimit = EnvironmentLimit, int planLimit = PlanLimit)
    {
        var perEnvironment = PartitionedRateLimiter.Create<EnvironmentId, EnvironmentId>(environment =>
            RateLimitPartition.GetConcurrencyLimiter(environment, _ => new ConcurrencyLimiterOptions { PermitLimit = environmentLimit, QueueLimit = 0 }));
        var plan = PartitionedRateLimiter.Create<EnvironmentId, int>(_ =>
            RateLimitPartition.GetConcurrencyLimiter(0, _ => new ConcurrencyLimiterOptions { PermitLimit = planLimit, QueueLimit = 0 }));
        return PartitionedRateLimiter.CreateChained(perEnvironment, plan);
    }
}
