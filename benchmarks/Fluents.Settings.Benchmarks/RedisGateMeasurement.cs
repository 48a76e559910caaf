using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Redis.Concurrency;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// What BenchmarkDotNet does not report for the Redis gate (DESIGN.md §6, R30), measured in one run against the same server
/// as the anchor (<c>RedisConcurrencyRateLimiter</c> 1.2.1): operations per second with the latency of each admit + release
/// (p50, p99) at 1 and 64 callers; round trips per admission and per release, counted by the client (StackExchange.Redis'
/// operation counter) and by the server (<c>INFO commandstats</c>); and the renewal traffic of 10,000 held calls.
/// Run: <c>dotnet run -c Release --project benchmarks/Fluents.Settings.Benchmarks -- redis-gate [seconds per round]</c>.
/// </summary>
internal static class RedisGateMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        using var redis = RedisGateConnection.Connect();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        _server = server;
        var gate = new RedisCallGate(redis, RedisGateConnection.GateOptions());
        var (account, environment) = (new AccountId(Guid.NewGuid()), new EnvironmentId(Guid.NewGuid()));
        await gate.ApplyAsync(account, 1, ConcurrencyAllocation.Create(RedisGateConnection.Limit, [KeyValuePair.Create(environment, RedisGateConnection.Limit)]));
        var anchorName = RedisGateConnection.NewAnchorName();
        using var anchor = RedisGateConnection.Anchor(redis, anchorName);

        Func<Task> anchorOperation = async () =>
        {
            using var lease = await anchor.AcquireAsync(1);
            if (!lease.IsAcquired) throw new InvalidOperationException("The anchor refused a permit.");
        };
        Func<Task> gateOperation = async () =>
        {
            if (!(await gate.TryAdmitAsync(account, environment)).TryGetLease(out var lease)) throw new InvalidOperationException("The gate refused.");
            if (!await lease.ReleaseAsync()) throw new InvalidOperationException("The release freed nothing.");
        };

        // The same work, each caller's release awaited after its next admission (the anchor's release is not awaited at all).
        Func<Func<Task>> overlappedCaller = () =>
        {
            Task<bool>? releasing = null; // this caller's previous release
            return async () =>
            {
                if (!(await gate.TryAdmitAsync(account, environment)).TryGetLease(out var lease)) throw new InvalidOperationException("The gate refused.");
                if (releasing is not null && !await releasing) throw new InvalidOperationException("The release freed nothing.");
                releasing = lease.ReleaseAsync().AsTask();
            };
        };

        // One account per caller: no two callers share an account, so no operation ever waits for another's batch.
        var accounts = Enumerable.Range(0, 64).Select(_ => (Account: new AccountId(Guid.NewGuid()), Environment: new EnvironmentId(Guid.NewGuid()))).ToArray();
        foreach (var (other, itsEnvironment) in accounts)
            await gate.ApplyAsync(other, 1, ConcurrencyAllocation.Create(RedisGateConnection.Limit, [KeyValuePair.Create(itsEnvironment, RedisGateConnection.Limit)]));
        var nextAccount = -1;
        Func<Func<Task>> accountPerCaller = () =>
        {
            var (mine, itsEnvironment) = accounts[Interlocked.Increment(ref nextAccount) % accounts.Length];
            return async () =>
            {
                if (!(await gate.TryAdmitAsync(mine, itsEnvironment)).TryGetLease(out var lease)) throw new InvalidOperationException("The gate refused.");
                if (!await lease.ReleaseAsync()) throw new InvalidOperationException("The release freed nothing.");
            };
        };

        Console.WriteLine($"Redis gate vs RedisConcurrencyRateLimiter 1.2.1, redis-server {server.Version} at {RedisGateConnection.Configuration}, {Environment.ProcessorCount} cores, {seconds} s per round, median of 3 rounds");
        Console.WriteLine();
        Console.WriteLine("| admit + release | callers | operations/s | p50 | p99 | client CPU per operation | Redis CPU per operation |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var callers in new[] { 1, 64 })
        {
            await RunAsync(() => anchorOperation, callers, TimeSpan.FromSeconds(1)); // warm up
            await RunAsync(() => gateOperation, callers, TimeSpan.FromSeconds(1));
            var rounds = new List<(string Name, Result Result)>();
            for (var round = 0; round < 3; round++)
            {
                rounds.Add(("anchor: `RedisConcurrencyRateLimiter` (one limit, release not awaited)", await RunAsync(() => anchorOperation, callers, TimeSpan.FromSeconds(seconds))));
                rounds.Add(("**`RedisCallGate`** (two limits, leases, release awaited)", await RunAsync(() => gateOperation, callers, TimeSpan.FromSeconds(seconds))));
                rounds.Add(("`RedisCallGate`, each release awaited after the caller's next admission", await RunAsync(overlappedCaller, callers, TimeSpan.FromSeconds(seconds))));
                if (callers > 1) rounds.Add(("`RedisCallGate`, every caller in an account of its own (nothing to batch)", await RunAsync(accountPerCaller, callers, TimeSpan.FromSeconds(seconds))));
            }

            foreach (var group in rounds.GroupBy(r => r.Name))
            {
                var results = group.Select(r => r.Result).ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {group.Key} | {callers} | {Median(results.Select(r => r.OperationsPerSecond)):N0} | {Median(results.Select(r => r.P50)):0} µs | {Median(results.Select(r => r.P99)):0} µs | {Median(results.Select(r => r.ClientCpu)):0} µs | {Median(results.Select(r => r.ServerCpu)):0} µs |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| round trips, 1,000 calls | callers | per admission: client / server | per release: client / server | commands run inside scripts, admission + release |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        string[] scripts = ["evalsha", "eval", "script"];
        foreach (var callers in new[] { 1, 64 })
        {
            await RoundTripsAsync("anchor", callers, redis, server, scripts, ["zrem"],
                async () => await anchor.AcquireAsync(1) is { IsAcquired: true } lease ? lease : throw new InvalidOperationException("The anchor refused a permit."),
                lease => { lease.Dispose(); return Task.CompletedTask; }); // sends its ZREM and returns
            await RoundTripsAsync("`RedisCallGate`", callers, redis, server, scripts, scripts,
                async () => (await gate.TryAdmitAsync(account, environment)).TryGetLease(out var lease) ? lease : throw new InvalidOperationException("The gate refused."),
                async lease => _ = await lease.ReleaseAsync() ? 0 : throw new InvalidOperationException("The release freed nothing."));
        }

        Console.WriteLine();
        await RenewalAsync(redis, server);
        await RedisGateConnection.DeleteAnchorKeysAsync(redis, anchorName);
        return 0;
    }

    private sealed record Result(double OperationsPerSecond, double P50, double P99, double ClientCpu = 0, double ServerCpu = 0);

    private static IServer? _server;

    private static async Task<double> ServerCpuSecondsAsync()
    {
        if (_server is null) return 0;
        var cpu = (await _server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return double.Parse(cpu["used_cpu_sys_main_thread"], CultureInfo.InvariantCulture) + double.Parse(cpu["used_cpu_user_main_thread"], CultureInfo.InvariantCulture);
    }

    // Each caller runs the operation newCaller gives it (once per caller, so that it may keep state of its own) until the deadline.
    private static async Task<Result> RunAsync(Func<Func<Task>> newCaller, int callers, TimeSpan duration)
    {
        var serverBefore = await ServerCpuSecondsAsync();
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var latencies = new List<long>[callers];
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var mine = latencies[caller] = new List<long>(100_000);
            var operation = newCaller();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1_000_000.0 / Stopwatch.Frequency;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMicroseconds / all.Length;
        var serverCpu = (await ServerCpuSecondsAsync() - serverBefore) * 1_000_000 / all.Length;
        return new Result(all.Length / elapsed, Percentile(0.50), Percentile(0.99), clientCpu, serverCpu);
    }

    // Takes 1,000 calls, then releases them, each phase counted twice: the operations the client sent (StackExchange.Redis'
    // counter) and the commands the server ran (INFO commandstats: sentByAdmission/sentByRelease name the commands a
    // phase sends itself; every other command it ran ran inside a script).
    private static async Task RoundTripsAsync<TLease>(string name, int callers, ConnectionMultiplexer redis, IServer server,
        string[] sentByAdmission, string[] sentByRelease, Func<Task<TLease>> admit, Func<TLease, Task> release)
    {
        const int Calls = 1_024;
        await release(await admit()); // scripts loaded
        var leases = new TLease[Calls];
        var perCaller = Calls / callers;
        var admissions = await CountAsync(redis, server, sentByAdmission, Calls, () => Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++) leases[(caller * perCaller) + i] = await admit();
        }))));
        var releases = await CountAsync(redis, server, sentByRelease, Calls, () => Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++) await release(leases[(caller * perCaller) + i]);
        }))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {callers} | {admissions.Client:0.###} / {admissions.Sent} | {releases.Client:0.###} / {releases.Sent} | {admissions.Inside + releases.Inside:0.#} |"));
    }

    private static async Task<(double Client, string Sent, double Inside)> CountAsync(ConnectionMultiplexer redis, IServer server, string[] sent, int calls, Func<Task> work)
    {
        var before = await CommandStatsAsync(server);
        var clientBefore = redis.GetCounters().Interactive.OperationCount;
        await work();
        await Task.Delay(200); // releases the anchor sent without waiting arrive
        var clientAfter = redis.GetCounters().Interactive.OperationCount;
        var after = await CommandStatsAsync(server);
        var delta = after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
        var total = delta.Where(p => p.Key is not ("info" or "ping" or "echo" or "cluster" or "client")).Sum(p => p.Value);
        var topLevel = sent.Sum(command => delta.GetValueOrDefault(command));
        var sentText = string.Join(" + ", sent.Where(c => delta.GetValueOrDefault(c) > 0).Select(c => string.Create(CultureInfo.InvariantCulture, $"{delta[c] / (double)calls:0.###} {c.ToUpperInvariant()}")));
        return ((clientAfter - clientBefore) / (double)calls, sentText.Length > 0 ? sentText : "0", (total - topLevel) / (double)calls);
    }

    private static async Task RenewalAsync(ConnectionMultiplexer redis, IServer server)
    {
        Console.WriteLine("| renewal of 10,000 held calls (defaults: TTL 30 s, every 10 s, batches of 1,000) | scripts per pass | commands inside | one pass took | commands/s sent | commands/s run in Redis |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (accounts, callsEach) in new[] { (1, 10_000), (100, 100), (1_000, 10) })
        {
            var options = new RedisCallGateOptions { KeyPrefix = RedisGateConnection.KeyPrefix, LimitsTimeToLive = TimeSpan.FromMinutes(2) }; // the defaults, but keys gone soon
            await using var gate = new RedisCallGate(redis, options);
            var held = new List<CallLease>(10_000);
            var ids = Enumerable.Range(0, accounts).Select(_ => (Account: new AccountId(Guid.NewGuid()), Environment: new EnvironmentId(Guid.NewGuid()))).ToArray();
            foreach (var (account, environment) in ids)
                await gate.ApplyAsync(account, 1, ConcurrencyAllocation.Create(callsEach, [KeyValuePair.Create(environment, callsEach)]));
            var admissions = await Task.WhenAll(ids.SelectMany(id => Enumerable.Repeat(id, callsEach)).Chunk(64).Select(chunk => Task.Run(async () =>
            {
                var leases = new List<CallLease>();
                foreach (var (account, environment) in chunk)
                    if ((await gate.TryAdmitAsync(account, environment)).TryGetLease(out var lease)) leases.Add(lease);
                return leases;
            })));
            held.AddRange(admissions.SelectMany(l => l));

            var before = await CommandStatsAsync(server);
            var clock = Stopwatch.StartNew();
            var renewal = await gate.RenewNowAsync();
            var took = clock.Elapsed;
            var after = await CommandStatsAsync(server);
            var delta = after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
            var scripts = delta.GetValueOrDefault("evalsha") + delta.GetValueOrDefault("eval");
            var inside = delta.Where(p => p.Key is not ("evalsha" or "eval" or "script" or "info" or "ping" or "echo" or "client")).Sum(p => p.Value);
            var interval = options.RenewalInterval.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {accounts:N0} account(s) × {callsEach:N0} calls ({renewal.Renewed:N0} renewed, {renewal.Lost} lost) | {scripts:N0} | {inside:N0} | {took.TotalMilliseconds:N0} ms | {scripts / interval:0.#} | {inside / interval:N0} |"));
            await Task.WhenAll(held.Chunk(64).Select(chunk => Task.Run(async () =>
            {
                foreach (var lease in chunk) await lease.ReleaseAsync();
            })));
        }
    }

    private static async Task<Dictionary<string, long>> CommandStatsAsync(IServer server)
    {
        var stats = new Dictionary<string, long>();
        foreach (var pair in (await server.InfoAsync("commandstats")).SelectMany(group => group))
        {
            // cmdstat_evalsha:calls=12,usec=…
            var command = pair.Key.Replace("cmdstat_", "", StringComparison.Ordinal);
            var calls = pair.Value.Split(',')[0].Split('=')[1];
            stats[command] = long.Parse(calls, CultureInfo.InvariantCulture);
        }

        return stats;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
