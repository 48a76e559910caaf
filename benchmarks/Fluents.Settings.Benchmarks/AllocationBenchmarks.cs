using BenchmarkDotNet.Attributes;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// Allocation edits at 10, 1,000 and 10,000 environments (DESIGN.md §6: O(1) per changed environment, so the time at
/// 10,000 stays within 1.5× the time at 10). Each operation takes its events afterwards, as the application layer
/// does after a save, so the pending-event list does not grow across invocations.
/// </summary>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 28, 9, 0);
    private static readonly UserId Admin = new(Guid.Parse("0196f000-0000-7000-8000-0000000000a1"));

    private Account _account = null!;
    private EnvironmentId _edited;
    private Dictionary<EnvironmentId, int> _moveOneCall = null!;
    private Dictionary<EnvironmentId, int> _moveItBack = null!;
    private ISecretGenerator _random = null!;
    private bool _toggle;

    /// <summary>How many environments the account has.</summary>
    [Params(10, 1_000, 10_000)]
    public int Environments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _random = new FastSecretGenerator(42);
        // Plan 2n: default keeps 1, every other environment 1, so n calls stay unallocated for raises.
        var opened = Account.Open(new AccountId(Guid.Parse("0196f000-0000-7000-8000-00000000a001")), 2 * Environments, Admin, "Ada Admin", "ada@example.com", Now, _random).Value;
        _account = opened.Account;
        _account.EditEnvironment(Admin, opened.DefaultEnvironment, null, 1, Now);
        var ids = new List<EnvironmentId> { opened.DefaultEnvironment };
        for (var i = 1; i < Environments; i++)
            ids.Add(_account.CreateEnvironment(Admin, $"environment-{i}", 1, Now, _random).Value.Environment);
        _account.TakeEvents();

        _edited = ids[Environments / 2];
        var from = ids[Environments / 3];
        var to = ids[2 * Environments / 3];
        _moveOneCall = new() { [from] = 0, [to] = 2 };
        _moveItBack = new() { [from] = 1, [to] = 1 };
    }

    /// <summary>Edits one environment's Max Concurrent Calls, alternating 1 ↔ 2 so that every call changes it.</summary>
    [Benchmark]
    public object EditOneLimit()
    {
        _toggle = !_toggle;
        var result = _account.EditEnvironment(Admin, _edited, null, _toggle ? 2 : 1, Now);
        _account.TakeEvents();
        return result;
    }

    /// <summary>Moves one call from one environment to another in a bulk reallocation (R11), and back on the next call.</summary>
    [Benchmark]
    public object ReallocateTwo()
    {
        _toggle = !_toggle;
        var result = _account.Reallocate(Admin, _toggle ? _moveOneCall : _moveItBack, Now);
        _account.TakeEvents();
        return result;
    }

    /// <summary>
    /// Creates an environment (name uniqueness is a hash lookup, R2) and deletes it again, so the account keeps its
    /// size however many invocations run. Creation issues an API key (SHA-256 of the key): constant work per call.
    /// </summary>
    [Benchmark]
    public object CreateAndDelete()
    {
        var created = _account.CreateEnvironment(Admin, "benchmark", 1, Now, _random).Value;
        var result = _account.DeleteEnvironment(Admin, created.Environment, "benchmark", Now);
        _account.TakeEvents();
        return result;
    }

    /// <summary>A cheap deterministic generator: the benchmark measures the domain, not the RNG.</summary>
    private sealed class FastSecretGenerator(int seed) : ISecretGenerator
    {
        private readonly Random _random = new(seed);

        public void Fill(Span<byte> destination) => _random.NextBytes(destination);
    }
}
