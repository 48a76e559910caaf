using System.Collections.Concurrent;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Redis.Concurrency;
using static Fluents.Settings.IntegrationTests.Concurrency.RedisGateTesting;

namespace Fluents.Settings.IntegrationTests.Concurrency;

/// <summary>
/// R13 across hosts (R30), for real: 4 connections (multiplexers, each a host with its own gate) × 64 concurrent callers
/// admit and release while a fifth task applies allocations that lower and raise the limits (sometimes out of order).
/// </summary>
/// <remarks>
/// The proof does not trust the counts the scripts report. Every admission and release is recorded with the server time
/// (µs) it ran at, and every apply with its own; afterwards the test rebuilds, from those records alone, how many leases
/// were held in each environment and in the account at each admission (those admitted before it and released after it),
/// and checks that number against the limits in force at that moment — the newest version applied before it. Leases that
/// ran at the same microsecond as the admission are left out (their order is unknown), which can only hide a violation,
/// never invent one; they are counted and must be rare.
/// </remarks>
public sealed class SeveralHostsTests
{
    private const int Hosts = 4, CallersPerHost = 64;

    [RedisFact]
    public async Task FourHostsOf64Callers_WhileLimitsAreLoweredAndRaised_NeverRunMoreCallsThanAllowedAtAdmission_R13_R30()
    {
        var account = NewAccount();
        EnvironmentId[] environments = [NewEnvironment(), NewEnvironment(), NewEnvironment()];
        var schedule = new[]
        {
            Allocation(12, (environments[0], 6), (environments[1], 6), (environments[2], 6)), // over-allocated: the plan binds
            Allocation(5, (environments[0], 2), (environments[1], 3), (environments[2], 1)),  // lowered below the calls in flight
            Allocation(30, (environments[0], 10), (environments[1], 10), (environments[2], 10)),
            Allocation(8, (environments[0], 8), (environments[1], 0), (environments[2], 2)),  // one paused
            Allocation(16, (environments[0], 4), (environments[1], 4), (environments[2], 4)),
        };
        var trace = new ConcurrentQueue<GateTrace>();
        var connections = Enumerable.Range(0, Hosts).Select(i => RedisConnections.Connect($"fluents-test-host-{i}")).ToArray();
        try
        {
            var gates = connections.Select(redis => new RedisCallGate(redis, Options(TimeSpan.FromSeconds(30))) { Trace = trace.Enqueue }).ToArray();
            Assert.True(await gates[0].ApplyAsync(account, 1, schedule[0]));
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
            var refusals = new ConcurrentDictionary<string, int>();

            var changer = Task.Run(async () =>
            {
                for (var version = 2L; !stop.IsCancellationRequested; version++)
                {
                    await Task.Delay(120);
                    var host = gates[(int)(version % Hosts)];
                    Assert.True(await host.ApplyAsync(account, version, schedule[version % schedule.Length]));
                    Assert.False(await gates[(int)((version + 1) % Hosts)].ApplyAsync(account, version - 1, schedule[(version + 2) % schedule.Length])); // late and older: ignored
                }
            });
            var callers = gates.SelectMany(gate => Enumerable.Range(0, CallersPerHost).Select(caller => Task.Run(async () =>
            {
                var random = new Random(caller);
                while (!stop.IsCancellationRequested)
                {
                    var admission = await gate.TryAdmitAsync(account, environments[random.Next(environments.Length)]);
                    if (!admission.TryGetValue(out var lease, out var refusal))
                    {
                        refusals.AddOrUpdate(refusal.Code, 1, (_, n) => n + 1);
                        await Task.Delay(random.Next(3));
                        continue;
                    }

                    await Task.Delay(random.Next(5)); // the call
                    Assert.True(await lease.ReleaseAsync());
                }
            }))).ToArray();
            await Task.WhenAll([changer, .. callers]);

            var report = Verify(trace.ToArray(), account, schedule[0]);

            Assert.True(report.Admissions > 500, $"only {report.Admissions} admissions");
            Assert.True(report.Checked > 0.99 * report.Admissions, $"{report.Admissions - report.Checked} admissions shared their microsecond with another event");
            Assert.Empty(report.Violations);
            Assert.True(refusals.GetValueOrDefault("concurrency.environment_at_capacity") > 0 && refusals.GetValueOrDefault("concurrency.plan_at_capacity") > 0, string.Join(", ", refusals));
            Assert.DoesNotContain("concurrency.gate_unavailable", refusals.Keys);
            var headroom = await gates[0].GetHeadroomByEnvironmentAsync(account);
            Assert.All(headroom.Values, h => Assert.Equal(0, h.EnvironmentInFlight + h.PlanInFlight));
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    private sealed record Report(int Admissions, int Checked, List<string> Violations);

    private static Report Verify(GateTrace[] events, Fluents.Settings.Accounts.AccountId account, ConcurrencyAllocation first)
    {
        var mine = events.Where(e => e.Account == account).ToArray();
        var admissions = mine.Where(e => e.Operation == GateTrace.Admit && e.Outcome == 0).ToArray();
        var releases = mine.Where(e => e.Operation == GateTrace.Release && e.Outcome == 1).ToDictionary(e => e.Lease, e => e.ServerOrder);
        var applies = mine.Where(e => e.Operation == GateTrace.Apply && e.Outcome == 1).OrderBy(e => e.ServerOrder).ToArray();
        Assert.Equal(admissions.Length, releases.Count); // every call released exactly once
        Assert.Equal(admissions.Select(a => a.Lease.Value).Order(), releases.Keys.Select(k => k.Value).Order());
        Assert.True(applies.Zip(applies.Skip(1)).All(pair => pair.First.Version < pair.Second.Version), "an older version overwrote a newer one");

        // Sweep the server's timeline: at each microsecond, releases first (a lease released then is not counted as held),
        // then the check of each admission against the limits in force, then the admissions join the held set.
        var timeline = admissions.Select(a => (Time: a.ServerOrder, Admission: a, Released: false))
            .Concat(admissions.Select(a => (Time: releases[a.Lease], Admission: a, Released: true)))
            .GroupBy(e => e.Time)
            .OrderBy(g => g.Key);
        var held = new Dictionary<EnvironmentId, int>();
        var plan = 0;
        var applied = 0;
        var limits = first;
        var (checkedCount, violations) = (0, new List<string>());
        foreach (var moment in timeline)
        {
            foreach (var (_, release, _) in moment.Where(e => e.Released))
            {
                held[release.Environment]--;
                plan--;
            }

            while (applied < applies.Length && applies[applied].ServerOrder < moment.Key) limits = applies[applied++].Allocation!;
            var ambiguous = applied < applies.Length && applies[applied].ServerOrder == moment.Key;
            var admitted = moment.Where(e => !e.Released).Select(e => e.Admission).ToArray();
            foreach (var admission in admitted)
            {
                if (ambiguous || moment.Count() > 1) continue; // another event at the same moment: order unknown
                checkedCount++;
                var before = held.GetValueOrDefault(admission.Environment);
                var limit = limits.Limits.GetValueOrDefault(admission.Environment);
                if (before >= limit) violations.Add($"{admission.Environment} held {before} calls at {moment.Key}, limit {limit}");
                if (plan >= limits.PlanLimit) violations.Add($"the account held {plan} calls at {moment.Key}, plan {limits.PlanLimit}");
            }

            foreach (var admission in admitted)
            {
                held[admission.Environment] = held.GetValueOrDefault(admission.Environment) + 1;
                plan++;
            }
        }

        Assert.Equal(0, plan);
        return new Report(admissions.Length, checkedCount, violations);
    }
}
