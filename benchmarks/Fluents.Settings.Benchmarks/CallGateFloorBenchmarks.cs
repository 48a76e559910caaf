using BenchmarkDotNet.Attributes;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// DESIGN.md §6, R13: the call gate's admit + release on one thread against the floor, a bare Interlocked CAS
/// counter, and against two of them (environment + plan; target ≤ 2× those two: divide the two rows' ratios). Also the
/// gate's slower cases, reported rather than hidden: an account whose plan must be counted (over-allocated, R12, or more environments than
/// the gate sums) and a call beyond the environment's 32 fast seats. <see cref="CallGateBenchmarks"/> compares with System.Threading.RateLimiting.
/// </summary>
[MemoryDiagnoser]
public class CallGateFloorBenchmarks
{
    private const int EnvironmentLimit = 20;

    private EnvironmentId _environment;
    private CallGate _gate = null!;
    private CallGate _overAllocatedGate = null!;
    private CallGate _busyGate = null!;
    private CallGate _largeGate = null!;
    private int _counter;
    private int _environmentCounter;
    private int _planCounter;

    [GlobalSetup]
    public void Setup()
    {
        _environment = new EnvironmentId(Guid.CreateVersion7());
        var others = Enumerable.Range(0, 2).Select(_ => KeyValuePair.Create(new EnvironmentId(Guid.CreateVersion7()), 10)).ToList();
        _gate = new CallGate(ConcurrencyAllocation.Create(40, others.Append(KeyValuePair.Create(_environment, EnvironmentLimit))));

        // R12: the plan was lowered below the limits' sum, so the gate counts the plan on every admission.
        _overAllocatedGate = new CallGate(ConcurrencyAllocation.Create(30, others.Append(KeyValuePair.Create(_environment, EnvironmentLimit))));

        // 32 calls already running: the next one takes an overflow seat.
        _busyGate = new CallGate(ConcurrencyAllocation.Create(1_000, others.Append(KeyValuePair.Create(_environment, 100))));
        for (var i = 0; i < 32; i++) _busyGate.TryAdmit(_environment);

        // 1,000 environments whose limits fit the plan: more than the gate sums, so it counts the plan (issue 10). The
        // measured one comes first, so it sits in its home slot of the gate's table and every run probes it once.
        var many = Enumerable.Range(0, 999).Select(_ => KeyValuePair.Create(new EnvironmentId(Guid.CreateVersion7()), 1));
        _largeGate = new CallGate(ConcurrencyAllocation.Create(2_000, many.Prepend(KeyValuePair.Create(_environment, EnvironmentLimit))));
    }

    [Benchmark(Baseline = true, Description = "(a) bare Interlocked CAS counter (floor)")]
    public bool InterlockedCounter()
    {
        if (!TryTake(ref _counter, EnvironmentLimit)) return false;
        Interlocked.Decrement(ref _counter);
        return true;
    }

    [Benchmark(Description = "two Interlocked CAS counters (environment + plan), no call identity")]
    public bool TwoInterlockedCounters()
    {
        if (!TryTake(ref _environmentCounter, EnvironmentLimit)) return false;
        if (!TryTake(ref _planCounter, 40))
        {
            Interlocked.Decrement(ref _environmentCounter);
            return false;
        }

        Interlocked.Decrement(ref _environmentCounter);
        Interlocked.Decrement(ref _planCounter);
        return true;
    }

    [Benchmark(Description = "CallGate TryAdmit + Release")]
    public bool CallGateAdmitRelease() => _gate.TryAdmit(_environment).TryGetCall(out var call) && call.Release();

    [Benchmark(Description = "CallGate TryAdmit + Release, plan counted (over-allocated account)")]
    public bool CallGateAdmitReleaseOverAllocated() => _overAllocatedGate.TryAdmit(_environment).TryGetCall(out var call) && call.Release();

    [Benchmark(Description = "CallGate TryAdmit + Release, 1,000 environments (plan counted)")]
    public bool CallGateAdmitReleaseManyEnvironments() => _largeGate.TryAdmit(_environment).TryGetCall(out var call) && call.Release();

    [Benchmark(Description = "CallGate TryAdmit + Release, 33rd call (overflow seat)")]
    public bool CallGateAdmitReleaseOverflowSeat() => _busyGate.TryAdmit(_environment).TryGetCall(out var call) && call.Release();

    private static bool TryTake(ref int counter, int limit)
    {
        int current;
        do
        {
            current = Volatile.Read(ref counter);
            if (current >= limit) return false;
        }
        while (Interlocked.CompareExchange(ref counter, current + 1, current) != current);
        return true;
    }
}
