using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// DESIGN.md §6, R13: two threads admitting and releasing calls at the same time, in one environment, in two
/// environments of one account (which share nothing while the plan is not counted), and in two of an account's 1,000
/// environments (more than the gate sums, so it counts the plan and both share that counter). Each operation is one
/// admit + one release; the time is wall time divided by the operations of both threads (lower is better). Limits are
/// high enough that no call is refused, so this measures the cost of contention, not of refusals.
/// Over-admission is ruled out by the stress test (tests/PropertyTests/Concurrency), not measured here.
/// </summary>
[MemoryDiagnoser]
public class CallGateContentionBenchmarks
{
    private const int OperationsPerThread = 20_000;
    private const int PlanLimit = 40;

    private EnvironmentId _first;
    private EnvironmentId _second;
    private CallGate _gate = null!;
    private CallGate _largeGate = null!;
    private PartitionedRateLimiter<EnvironmentId> _chained = null!;
    private int _counter;

    private Thread _worker = null!;
    private Barrier _barrier = null!;
    private Action _workerJob = static () => { };
    private volatile bool _stopping;

    private Action _largeFirst = null!, _largeSecond = null!;
    private Action _gateFirst = null!, _gateSecond = null!, _chainedFirst = null!, _chainedSecond = null!, _counterJob = null!;

    [GlobalSetup]
    public void Setup()
    {
        _first = new EnvironmentId(Guid.CreateVersion7());
        _second = new EnvironmentId(Guid.CreateVersion7());
        _gate = new CallGate(ConcurrencyAllocation.Create(PlanLimit, [KeyValuePair.Create(_first, 20), KeyValuePair.Create(_second, 20)]));
        _chained = CallGateBenchmarks.CreateChained(20, PlanLimit);

        // The same two environments among 1,000: the gate counts the plan (issue 10), so both threads share its counter.
        // They come first, so that they sit in their home slots of the gate's table (one probe each, every run).
        var many = Enumerable.Range(0, 998).Select(_ => KeyValuePair.Create(new EnvironmentId(Guid.CreateVersion7()), 1));
        _largeGate = new CallGate(ConcurrencyAllocation.Create(2_000, many.Prepend(KeyValuePair.Create(_second, 20)).Prepend(KeyValuePair.Create(_first, 20))));
        _largeFirst = () => AdmitAndRelease(_largeGate, _first);
        _largeSecond = () => AdmitAndRelease(_largeGate, _second);

        _gateFirst = () => AdmitAndRelease(_gate, _first);
        _gateSecond = () => AdmitAndRelease(_gate, _second);
        _chainedFirst = () => AcquireAndDispose(_chained, _first);
        _chainedSecond = () => AcquireAndDispose(_chained, _second);
        _counterJob = () => TakeAndGiveBack(ref _counter);

        _barrier = new Barrier(2);
        _worker = new Thread(WorkerLoop) { IsBackground = true, Name = "contending caller" };
        _worker.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _barrier.SignalAndWait();
        _worker.Join();
        _barrier.Dispose();
        _chained.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * OperationsPerThread, Description = "(c) chained limiters, 2 threads, one environment")]
    public void ChainedOneEnvironment() => RunBoth(_chainedFirst, _chainedFirst);

    [Benchmark(OperationsPerInvoke = 2 * OperationsPerThread, Description = "(c) chained limiters, 2 threads, two environments")]
    public void ChainedTwoEnvironments() => RunBoth(_chainedFirst, _chainedSecond);

    [Benchmark(OperationsPerInvoke = 2 * OperationsPerThread, Description = "(a) Interlocked CAS counter, 2 threads")]
    public void InterlockedCounter() => RunBoth(_counterJob, _counterJob);

    [Benchmark(OperationsPerInvoke = 2 * OperationsPerThread, Description = "CallGate, 2 threads, one environment")]
    public void CallGateOneEnvironment() => RunBoth(_gateFirst, _gateFirst);

    [Benchmark(OperationsPerInvoke = 2 * OperationsPerThread, Description = "CallGate, 2 threads, two environments")]
    public void CallGateTwoEnvironments() => RunBoth(_gateFirst, _gateSecond);

    [Benchmark(OperationsPerInvoke = 2 * OperationsPerThread, Description = "CallGate, 2 threads, two of 1,000 environments (plan counted)")]
    public void CallGateTwoOfManyEnvironments() => RunBoth(_largeFirst, _largeSecond);

    private void RunBoth(Action here, Action there)
    {
        _workerJob = there;
        _barrier.SignalAndWait(); // start together
        here();
        _barrier.SignalAndWait(); // both done
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_stopping) return;
            _workerJob();
            _barrier.SignalAndWait();
        }
    }

    private static void AdmitAndRelease(CallGate gate, EnvironmentId environment)
    {
        for (var i = 0; i < OperationsPerThread; i++)
        {
            if (gate.TryAdmit(environment).TryGetCall(out var call)) call.Release();
        }
    }

    private static void AcquireAndDispose(PartitionedRateLimiter<EnvironmentId> limiter, EnvironmentId environment)
    {
        for (var i = 0; i < OperationsPerThread; i++) limiter.AttemptAcquire(environment).Dispose();
    }

    private static void TakeAndGiveBack(ref int counter)
    {
        for (var i = 0; i < OperationsPerThread; i++)
        {
            int current;
            do
            {
                current = Volatile.Read(ref counter);
                if (current >= PlanLimit) break;
            }
            while (Interlocked.CompareExchange(ref counter, current + 1, current) != current);
            if (current < PlanLimit) Interlocked.Decrement(ref counter);
        }
    }
}
