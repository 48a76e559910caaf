using System.Diagnostics;
using Fluents.Settings.Concurrency;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Redis.Concurrency;
using StackExchange.Redis;
using static Fluents.Settings.IntegrationTests.Concurrency.RedisGateTesting;

namespace Fluents.Settings.IntegrationTests.Concurrency;

/// <summary>
/// The lease model of the Redis gate (R30): a dead host's places come back after the time to live and never before; a
/// renewed lease lives as long as its host; renewal never brings back an expired or released lease; times are the
/// server's; an idle account leaves no key behind.
/// </summary>
public sealed class RedisCallGateLeaseTests
{
    [RedisFact]
    public async Task DeadHost_ItsPlacesComeBackAfterTheTimeToLive_NeverBefore_R30()
    {
        var ttl = TimeSpan.FromSeconds(2.5);
        var (account, environment) = (NewAccount(), NewEnvironment());
        var other = new RedisCallGate(RedisConnections.Shared, Options(ttl));
        Assert.True(await other.ApplyAsync(account, 1, Allocation(2, (environment, 2))));
        var dyingHost = RedisConnections.Connect("fluents-test-dying-host");
        var dying = new RedisCallGate(dyingHost, Options(ttl));
        dying.StartRenewal();

        var admittedFrom = Stopwatch.StartNew();
        Admitted(await dying.TryAdmitAsync(account, environment));
        Admitted(await dying.TryAdmitAsync(account, environment));
        await dyingHost.DisposeAsync(); // the host dies: no release, no renewal (its renewals now fail)

        Refused<EnvironmentAtCapacity>(await other.TryAdmitAsync(account, environment));
        await Task.Delay(ttl * 0.5);
        Refused<EnvironmentAtCapacity>(await other.TryAdmitAsync(account, environment)); // not before the time to live
        Assert.True(await EventuallyAsync(async () => (await other.TryAdmitAsync(account, environment)).IsAdmitted, TimeSpan.FromSeconds(5)));
        var freedAfter = admittedFrom.Elapsed;

        Assert.True(freedAfter >= ttl, $"freed after {freedAfter}, before the time to live {ttl}");
        Assert.True(freedAfter < ttl + TimeSpan.FromSeconds(3), $"freed only after {freedAfter}");
        Assert.True((await other.TryAdmitAsync(account, environment)).IsAdmitted); // both places
        await dying.DisposeAsync();
    }

    [RedisFact]
    public async Task RenewedLease_HeldForFiveTimesTheTimeToLive_StillCounts_R30()
    {
        var ttl = TimeSpan.FromSeconds(1.5);
        var (account, environment) = (NewAccount(), NewEnvironment());
        await using var holder = new RedisCallGate(RedisConnections.Shared, Options(ttl, renewalInterval: TimeSpan.FromMilliseconds(250)));
        var other = new RedisCallGate(RedisConnections.Shared, Options(ttl));
        Assert.True(await holder.ApplyAsync(account, 1, Allocation(1, (environment, 1))));
        holder.StartRenewal();
        var lease = Admitted(await holder.TryAdmitAsync(account, environment));

        var held = Stopwatch.StartNew();
        while (held.Elapsed < ttl * 5)
        {
            Refused<EnvironmentAtCapacity>(await other.TryAdmitAsync(account, environment));
            await Task.Delay(100);
        }

        Assert.Equal(0, holder.LostLeaseCount);
        Assert.Equal(1, holder.HeldLeaseCount);
        Assert.True(await lease.ReleaseAsync());
        Assert.True((await other.TryAdmitAsync(account, environment)).IsAdmitted);
    }

    [RedisFact]
    public async Task RenewingALeaseThatExpired_ReportsItLostAndNeverAddsItBack_R30()
    {
        var ttl = TimeSpan.FromMilliseconds(300);
        var (account, environment) = (NewAccount(), NewEnvironment());
        var late = new RedisCallGate(RedisConnections.Shared, Options(ttl)); // its renewal never ran in time
        var other = new RedisCallGate(RedisConnections.Shared, Options(ttl));
        Assert.True(await late.ApplyAsync(account, 1, Allocation(1, (environment, 1))));
        var expired = Admitted(await late.TryAdmitAsync(account, environment));
        var reported = new List<CallLease>();
        late.LeasesLost += (_, lost) => reported.AddRange(lost.Leases);

        await Task.Delay(ttl * 2);
        var newcomer = Admitted(await other.TryAdmitAsync(account, environment)); // the expired lease's place
        var renewal = await late.RenewNowAsync();

        Assert.Equal(new LeaseRenewal(Renewed: 0, Lost: 1, FailedBatches: 0), renewal);
        Assert.Equal([expired], reported);
        Assert.Equal(1, late.LostLeaseCount);
        Assert.Equal(0, late.HeldLeaseCount);
        Assert.Equal(1, await RedisConnections.Shared.GetDatabase().SortedSetLengthAsync(LeasesKey(account))); // the newcomer only
        Assert.False(await expired.ReleaseAsync()); // its place was already free
        Assert.True(await newcomer.ReleaseAsync());
    }

    [RedisFact]
    public async Task RenewRacingRelease_EndsAtZeroAndReportsNothingLost_R30()
    {
        var (account, environment) = (NewAccount(), NewEnvironment());
        var options = Options(TimeSpan.FromSeconds(5));
        options.RenewalBatchSize = 20; // many batches, each racing the releases
        var gate = new RedisCallGate(RedisConnections.Shared, options);
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(300, (environment, 300))));
        var leases = new List<CallLease>();
        for (var i = 0; i < 300; i++) leases.Add(Admitted(await gate.TryAdmitAsync(account, environment)));

        var renewing = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++) await gate.RenewNowAsync();
        });
        var releasing = Task.Run(async () =>
        {
            foreach (var lease in leases.OrderBy(_ => Random.Shared.Next()))
            {
                Assert.True(await lease.ReleaseAsync());
                if (Random.Shared.Next(4) == 0) await Task.Yield();
            }
        });
        await Task.WhenAll(renewing, releasing);
        await gate.RenewNowAsync();

        Assert.Equal(0, gate.LostLeaseCount); // released, not lost
        Assert.Equal(0, gate.HeldLeaseCount);
        var database = RedisConnections.Shared.GetDatabase();
        Assert.Equal(0, await database.SortedSetLengthAsync(LeasesKey(account)));
        Assert.Equal(0, (long)await database.HashGetAsync(LimitsKey(account), $"c:{environment.Value:N}")); // no call counted
        Assert.Equal(new CallHeadroom(0, 300, 0, 300), await gate.GetHeadroomAsync(account, environment));
    }

    [RedisFact]
    public async Task RenewalBatchAtItsLargest_RenewsEveryLeaseInOneScript_R30()
    {
        // A batch's leases go to one Redis command through Lua's unpack, which takes about 8,000 values at most.
        var (account, environment) = (NewAccount(), NewEnvironment());
        var options = Options(TimeSpan.FromSeconds(30));
        options.RenewalBatchSize = RedisCallGateOptions.MostRenewalBatchSize;
        var gate = new RedisCallGate(RedisConnections.Shared, options);
        var calls = RedisCallGateOptions.MostRenewalBatchSize;
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(calls, (environment, calls))));
        var leases = await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ => Admitted(await gate.TryAdmitAsync(account, environment))));

        Assert.Equal(new LeaseRenewal(calls, 0, 0), await gate.RenewNowAsync());
        options.RenewalBatchSize = RedisCallGateOptions.MostRenewalBatchSize + 1;
        Assert.Throws<ArgumentException>(options.Validate);
        foreach (var lease in leases) Assert.True(await lease.ReleaseAsync());
        Assert.Equal(0, await RedisConnections.Shared.GetDatabase().SortedSetLengthAsync(LeasesKey(account)));
    }

    [RedisFact]
    public async Task TwoHostsWithClocksTwoHoursApart_LeasesLiveTheirTimeToLiveInServerTime_R30()
    {
        var ttl = TimeSpan.FromSeconds(1.5);
        var (account, environment) = (NewAccount(), NewEnvironment());
        await using var ahead = new RedisCallGate(RedisConnections.Shared, Options(ttl, renewalInterval: TimeSpan.FromMilliseconds(250)), timeProvider: new SkewedClock(TimeSpan.FromHours(1)));
        await using var behind = new RedisCallGate(RedisConnections.Shared, Options(ttl, renewalInterval: TimeSpan.FromMilliseconds(250)), timeProvider: new SkewedClock(TimeSpan.FromHours(-1)));
        Assert.True(await ahead.ApplyAsync(account, 1, Allocation(1, (environment, 1))));

        // A lease taken on the fast clock neither lasts an hour longer nor expires at once on the slow one.
        var started = Stopwatch.StartNew();
        Admitted(await ahead.TryAdmitAsync(account, environment));
        Refused<EnvironmentAtCapacity>(await behind.TryAdmitAsync(account, environment));
        Assert.True(await EventuallyAsync(async () => (await behind.TryAdmitAsync(account, environment)).IsAdmitted, TimeSpan.FromSeconds(5)));
        Assert.InRange(started.Elapsed, ttl, ttl + TimeSpan.FromSeconds(3));

        // And the other way round, with renewal on the slow clock keeping its lease for three times the time to live.
        behind.StartRenewal();
        await Task.Delay(ttl * 3);
        Refused<EnvironmentAtCapacity>(await ahead.TryAdmitAsync(account, environment));
        Assert.Equal(0, behind.LostLeaseCount);
    }

    [Fact]
    public void Scripts_ReadTimeFromTheServerOnly_R30()
    {
        // No script takes a time from the host: every expiry is computed from the server's TIME.
        foreach (var (name, script) in GateScripts.All)
        {
            var argv = script.Split('\n').Where(line => line.StartsWith("-- ARGV", StringComparison.Ordinal)).ToArray();
            Assert.All(argv, line => Assert.DoesNotMatch(@"\b(now|timestamp|clock|current time)\b", line));
            if (script.Contains("now", StringComparison.Ordinal)) Assert.Contains("redis.call('TIME')", script, StringComparison.Ordinal);
            Assert.StartsWith($"-- {name}.lua:", script, StringComparison.Ordinal);
        }
    }

    [RedisFact]
    public async Task IdleAccount_LeavesNoKeyBehind_DatabaseSizeBackToZero_R30()
    {
        // A database of its own, so that DBSIZE counts this test's keys only.
        var ttl = TimeSpan.FromSeconds(1);
        var database = RedisConnections.Shared.GetDatabase(IdleAccountDatabase);
        var server = Server;
        await server.FlushDatabaseAsync(IdleAccountDatabase);
        var gate = new RedisCallGate(RedisConnections.Shared, Options(ttl, database: IdleAccountDatabase));
        var (account, first, second) = (NewAccount(), NewEnvironment(), NewEnvironment());
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(4, (first, 2), (second, 2))));
        var leases = new[] { Admitted(await gate.TryAdmitAsync(account, first)), Admitted(await gate.TryAdmitAsync(account, second)), Admitted(await gate.TryAdmitAsync(account, second)) };
        await gate.RenewNowAsync();

        Assert.Equal(2, await server.DatabaseSizeAsync(IdleAccountDatabase)); // the limits (with the counts) and the leases
        foreach (var key in server.Keys(IdleAccountDatabase, "*")) Assert.True(await database.KeyTimeToLiveAsync(key) > TimeSpan.Zero, $"{key} has no expiry");
        foreach (var lease in leases) Assert.True(await lease.ReleaseAsync());
        Assert.Equal(1, await server.DatabaseSizeAsync(IdleAccountDatabase)); // the limits, until they expire

        Assert.True(await EventuallyAsync(async () => await server.DatabaseSizeAsync(IdleAccountDatabase) == 0, TimeSpan.FromSeconds(10)));
        Assert.True((await gate.TryAdmitAsync(account, first)).Error is UnknownEnvironment); // no loader: the account is gone
    }
}
