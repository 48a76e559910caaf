using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Redis.Concurrency;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// DESIGN.md §6, R30: the Redis gate's admit + release against the anchor a .NET team would pick today, the
/// <c>RedisRateLimiting</c> package's <c>RedisConcurrencyRateLimiter</c> (1.2.1), which enforces one limit per key, in the same
/// run, against the same server, with 1 and with 64 callers at once (operations per second = 1 / mean per operation).
/// Target: throughput ≥ the anchor's while enforcing two limits (environment + plan) and leases. Limits are high enough that
/// nothing is refused. The anchor's release is not awaited by the package (its lease's Dispose sends the ZREM and returns),
/// so a third row overlaps the gate's release with the next admission in the same way, still awaiting every answer.
/// Latency percentiles and round trips per admission: <c>-- redis-gate</c> (<see cref="RedisGateMeasurement"/>).
/// Needs Redis (.ci/start-servers).
/// </summary>
[MemoryDiagnoser]
public class RedisCallGateBenchmarks
{
    private const int OperationsPerInvoke = 512;

    private ConnectionMultiplexer _redis = null!;
    private RedisCallGate _gate = null!;
    private RedisConcurrencyRateLimiter<string> _anchor = null!;
    private string _anchorName = null!;
    private AccountId _account;
    private EnvironmentId _environment;

    [Params(1, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _redis = RedisGateConnection.Connect();
        _gate = new RedisCallGate(_redis, RedisGateConnection.GateOptions());
        _account = new AccountId(Guid.NewGuid());
        _environment = new EnvironmentId(Guid.NewGuid());
        _gate.ApplyAsync(_account, 1, ConcurrencyAllocation.Create(RedisGateConnection.Limit, [KeyValuePair.Create(_environment, RedisGateConnection.Limit)])).AsTask().GetAwaiter().GetResult();
        _anchorName = RedisGateConnection.NewAnchorName();
        _anchor = RedisGateConnection.Anchor(_redis, _anchorName);
        Gate().GetAwaiter().GetResult(); // loads the scripts
        Anchor().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _anchor.Dispose();
        RedisGateConnection.DeleteAnchorKeysAsync(_redis, _anchorName).GetAwaiter().GetResult();
        _gate.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerInvoke, Description = "anchor: RedisConcurrencyRateLimiter AcquireAsync + Dispose (one limit)")]
    public Task Anchor() => RunCallers(async () =>
    {
        using var lease = await _anchor.AcquireAsync(1);
        if (!lease.IsAcquired) throw new InvalidOperationException("The anchor refused a permit.");
    });

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "RedisCallGate TryAdmitAsync + ReleaseAsync (two limits, leases)")]
    public Task Gate() => RunCallers(async () =>
    {
        var admission = await _gate.TryAdmitAsync(_account, _environment);
        if (!admission.TryGetLease(out var lease)) throw new InvalidOperationException($"The gate refused: {admission}.");
        if (!await lease.ReleaseAsync()) throw new InvalidOperationException("The release freed nothing.");
    });

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "RedisCallGate, release overlapped with the next admission")]
    public Task GateOverlapped() => RunCallersOverlapped();

    private Task RunCallers(Func<Task> operation)
    {
        var perCaller = OperationsPerInvoke / Callers;
        return Callers == 1 ? Loop() : Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(Loop)));

        async Task Loop()
        {
            for (var i = 0; i < perCaller; i++) await operation();
        }
    }

    private Task RunCallersOverlapped()
    {
        var perCaller = OperationsPerInvoke / Callers;
        return Callers == 1 ? Loop() : Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(Loop)));

        async Task Loop()
        {
            var releasing = ValueTask.FromResult(true);
            for (var i = 0; i < perCaller; i++)
            {
                var admission = await _gate.TryAdmitAsync(_account, _environment);
                if (!await releasing) throw new InvalidOperationException("The release freed nothing.");
                if (!admission.TryGetLease(out var lease)) throw new InvalidOperationException($"The gate refused: {admission}.");
                releasing = lease.ReleaseAsync();
            }

            if (!await releasing) throw new InvalidOperationException("The release freed nothing.");
        }
    }
}
