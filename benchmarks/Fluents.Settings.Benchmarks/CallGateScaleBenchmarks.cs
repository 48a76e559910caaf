using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// DESIGN.md §6, R13, issue 10: what must not grow with the environments a gate holds or has seen. A refusal (the
/// environment at capacity, with the plan's headroom) at 10, 1,000 and 10,000 environments: O(1), so each row ≤ 1.5×
/// the 10 row, the baseline of its group (16 is the most environments the gate still sums, its dearest refusal).
/// And <see cref="CallGate.Apply"/> of an account's 100 environments on a fresh gate (the baseline) and on one that has
/// seen 20,000 environments created and deleted: ≤ 1.5×.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CallGateScaleBenchmarks
{
    private const int LiveEnvironments = 100;
    private const int CreatedAndDeleted = 20_000;

    private (CallGate Gate, EnvironmentId Full) _ten, _sixteen, _thousand, _tenThousand;
    private ConcurrencyAllocation _allocation = null!, _edited = null!;
    private CallGate _freshGate = null!, _churnedGate = null!;
    private bool _edit;

    [GlobalSetup(Targets = [nameof(RefusalAt10), nameof(RefusalAt16), nameof(RefusalAt1000), nameof(RefusalAt10000)])]
    public void SetupRefusals()
    {
        _ten = GateWithOneFullEnvironment(10);
        _sixteen = GateWithOneFullEnvironment(16);
        _thousand = GateWithOneFullEnvironment(1_000);
        _tenThousand = GateWithOneFullEnvironment(10_000);
    }

    [GlobalSetup(Target = nameof(ApplyOnFreshGate))]
    public void SetupFreshGate()
    {
        var live = Enumerable.Range(0, LiveEnvironments).Select(_ => new EnvironmentId(Guid.CreateVersion7())).ToArray();
        _allocation = ConcurrencyAllocation.Create(1_000, live.Select(id => KeyValuePair.Create(id, 5)));
        _edited = ConcurrencyAllocation.Create(1_000, live.Select((id, i) => KeyValuePair.Create(id, i == 0 ? 6 : 5)));
        _freshGate = new CallGate(_allocation);
    }

    [GlobalSetup(Target = nameof(ApplyAfterChurn))]
    public void SetupChurnedGate()
    {
        SetupFreshGate();

        // One environment created, then deleted, 20,000 times (each Apply as a host would after each save).
        _churnedGate = new CallGate(_allocation);
        for (var i = 0; i < CreatedAndDeleted; i++)
        {
            var created = KeyValuePair.Create(new EnvironmentId(Guid.CreateVersion7()), 5);
            _churnedGate.Apply(ConcurrencyAllocation.Create(1_000, _allocation.Limits.Append(created)));
            _churnedGate.Apply(_allocation);
        }
    }

    [BenchmarkCategory("Refusal"), Benchmark(Baseline = true, Description = "CallGate refusal, 10 environments")]
    public bool RefusalAt10() => !_ten.Gate.TryAdmit(_ten.Full).IsAdmitted;

    [BenchmarkCategory("Refusal"), Benchmark(Description = "CallGate refusal, 16 environments (the most summed)")]
    public bool RefusalAt16() => !_sixteen.Gate.TryAdmit(_sixteen.Full).IsAdmitted;

    [BenchmarkCategory("Refusal"), Benchmark(Description = "CallGate refusal, 1,000 environments")]
    public bool RefusalAt1000() => !_thousand.Gate.TryAdmit(_thousand.Full).IsAdmitted;

    [BenchmarkCategory("Refusal"), Benchmark(Description = "CallGate refusal, 10,000 environments")]
    public bool RefusalAt10000() => !_tenThousand.Gate.TryAdmit(_tenThousand.Full).IsAdmitted;

    [BenchmarkCategory("Apply"), Benchmark(Baseline = true, Description = "CallGate Apply, 100 environments, fresh gate")]
    public void ApplyOnFreshGate() => _freshGate.Apply((_edit = !_edit) ? _edited : _allocation);

    [BenchmarkCategory("Apply"), Benchmark(Description = "CallGate Apply, 100 environments, after 20,000 created and deleted")]
    public void ApplyAfterChurn() => _churnedGate.Apply((_edit = !_edit) ? _edited : _allocation);

    // Every environment may run one call (the limits fit the plan); the first runs one, so it refuses the next. Being
    // first, it sits in its home slot of the gate's table: every run probes it once, whatever the random ids.
    private static (CallGate Gate, EnvironmentId Full) GateWithOneFullEnvironment(int environments)
    {
        var ids = Enumerable.Range(0, environments).Select(_ => new EnvironmentId(Guid.CreateVersion7())).ToArray();
        var gate = new CallGate(ConcurrencyAllocation.Create(environments, ids.Select(id => KeyValuePair.Create(id, 1))));
        if (!gate.TryAdmit(ids[0]).IsAdmitted) throw new InvalidOperationException("the first call was refused");
        return (gate, ids[0]);
    }
}
