using System.Diagnostics;
using Fluents.Settings.Concurrency;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Redis.Concurrency;
using StackExchange.Redis;
using static Fluents.Settings.IntegrationTests.Concurrency.RedisGateTesting;

namespace Fluents.Settings.IntegrationTests.Concurrency;

/// <summary>
/// When Redis is not there (R30): a typed refusal within the timeout, never a hang and never an admission; when it comes
/// back, admissions resume; a lost script cache never reaches the caller. "Redis stopped" is a <see cref="LoopbackProxy"/>
/// in front of the shared server that resets every connection and closes its port, then opens it again: the gate sees what
/// it would see of a server that stops and restarts, and the server other tests use keeps running.
/// </summary>
public sealed class RedisCallGateAvailabilityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [RedisFact]
    public async Task RedisNotListening_EveryOperationFailsTypedWithinTheTimeout_R30()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1"); // nothing listens on port 1
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);
        var gate = new RedisCallGate(unreachable, Options(operationTimeout: Timeout));
        var (account, environment) = (NewAccount(), NewEnvironment());

        var clock = Stopwatch.StartNew();
        var refused = Refused<GateUnavailable>(await gate.TryAdmitAsync(account, environment));
        var took = clock.Elapsed;

        Assert.True(took < Timeout + TimeSpan.FromSeconds(1), $"took {took}");
        Assert.Equal("concurrency.gate_unavailable", refused.Code);
        Assert.Equal(environment, refused.Environment);
        Assert.Equal(0, refused.Headroom.Remaining);
        await Assert.ThrowsAsync<CallGateUnavailableException>(() => new CallLease(gate, account, environment, CallLeaseId.New()).ReleaseAsync().AsTask());
        await Assert.ThrowsAsync<CallGateUnavailableException>(() => gate.ApplyAsync(account, 1, Allocation(1, (environment, 1))).AsTask());
        await Assert.ThrowsAsync<CallGateUnavailableException>(() => gate.GetHeadroomAsync(account, environment).AsTask());
        Assert.Equal(new LeaseRenewal(0, 0, 0), await gate.RenewNowAsync()); // holds nothing
    }

    [RedisFact]
    public async Task RedisStoppedThenBack_RefusesTypedWithinTheTimeoutThenAdmitsAgain_R30()
    {
        var (host, port) = Endpoint();
        await using var proxy = new LoopbackProxy(host, port);
        var options = ConfigurationOptions.Parse($"127.0.0.1:{proxy.Port}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 500;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var gate = new RedisCallGate(redis, Options(operationTimeout: Timeout));
        var witness = new RedisCallGate(RedisConnections.Shared, Options());
        var (account, environment) = (NewAccount(), NewEnvironment());
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(10, (environment, 10))));
        var held = Admitted(await gate.TryAdmitAsync(account, environment));

        proxy.Stop();
        var outcomes = new List<GateAdmission>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            outcomes.Add(await gate.TryAdmitAsync(account, environment));
            Assert.True(clock.Elapsed < Timeout + TimeSpan.FromSeconds(1), $"attempt {i} took {clock.Elapsed}");
        }

        Assert.All(outcomes, outcome => Refused<GateUnavailable>(outcome));
        await Assert.ThrowsAsync<CallGateUnavailableException>(() => held.ReleaseAsync().AsTask());

        proxy.Start();
        Assert.True(await EventuallyAsync(async () => (await gate.TryAdmitAsync(account, environment)).IsAdmitted, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100)));
        await held.ReleaseAsync(); // the release that timed out may have reached Redis once it was back: either frees it, once
        Assert.False(await held.ReleaseAsync());

        // Admissions whose answers were lost while it was down were given back as soon as they were known to be taken:
        // only the one admitted just now still counts.
        var inFlight = -1;
        Assert.True(
            await EventuallyAsync(async () => (inFlight = (await witness.GetHeadroomAsync(account, environment))!.Value.PlanInFlight) == 1, TimeSpan.FromSeconds(8)),
            $"{inFlight} calls in flight, expected 1");
    }

    [RedisFact]
    public async Task ConnectionKilled_AdmissionsResumeWithoutAnExceptionReachingTheCaller_R30()
    {
        var name = $"fluents-test-killed-{Guid.NewGuid():N}";
        await using var redis = RedisConnections.Connect(name);
        var gate = new RedisCallGate(redis, Options(operationTimeout: Timeout));
        var (account, environment) = (NewAccount(), NewEnvironment());
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(100, (environment, 100))));
        Admitted(await gate.TryAdmitAsync(account, environment));

        var server = Server;
        var killed = 0;
        foreach (var client in (await server.ClientListAsync()).Where(c => c.Name == name))
        {
            await server.ClientKillAsync(client.Address!);
            killed++;
        }

        Assert.True(killed > 0);
        var outcomes = new List<GateAdmission>();
        Assert.True(await EventuallyAsync(
            async () =>
            {
                var outcome = await gate.TryAdmitAsync(account, environment);
                outcomes.Add(outcome);
                return outcome.IsAdmitted;
            },
            TimeSpan.FromSeconds(15),
            TimeSpan.FromMilliseconds(50)));
        Assert.All(outcomes, outcome => Assert.True(outcome.IsAdmitted || outcome.Error is GateUnavailable, outcome.ToString()));
    }

    [RedisFact]
    public async Task ScriptFlushInTheMiddleOfARun_NoErrorReachesTheCaller_R30()
    {
        await using var redis = RedisConnections.Connect();
        var gate = new RedisCallGate(redis, Options());
        var (account, environment) = (NewAccount(), NewEnvironment());
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(1_000, (environment, 1_000))));
        var server = RedisConnections.ServerOf(redis);
        var noScriptBefore = await NoScriptErrorsAsync(server);
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var operations = 0;
            while (!stop.IsCancellationRequested || operations < 50)
            {
                var lease = Admitted(await gate.TryAdmitAsync(account, environment));
                Assert.True(await lease.ReleaseAsync());
                await gate.GetHeadroomAsync(account, environment);
                operations++;
            }

            return operations;
        })).ToArray();
        for (var flush = 0; flush < 5; flush++)
        {
            await Task.Delay(100);
            await server.ScriptFlushAsync();
        }

        await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll(callers); // each ran at least 50 operations, and none threw

        Assert.True(await NoScriptErrorsAsync(server) > noScriptBefore, "no NOSCRIPT was answered: the flushes came at no moment a script ran");
        Assert.Equal(new CallHeadroom(0, 1_000, 0, 1_000), await gate.GetHeadroomAsync(account, environment));
    }

    [RedisFact]
    public async Task Keys_OfOneAccount_ShareOneHashSlotAndAllExpire_R30()
    {
        var gate = new RedisCallGate(RedisConnections.Shared, Options());
        var (account, first, second) = (NewAccount(), NewEnvironment(), NewEnvironment());
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(4, (first, 2), (second, 2))));
        Admitted(await gate.TryAdmitAsync(account, first));
        Admitted(await gate.TryAdmitAsync(account, second));

        var keys = Server.Keys(pattern: $"{Prefix}{{{account.Value:N}}}:*").ToArray();

        Assert.Equal(
            new[] { LimitsKey(account), LeasesKey(account) }.Select(k => k.ToString()).Order(),
            keys.Select(k => k.ToString()).Order());
        Assert.Single(keys.Select(key => RedisConnections.Shared.HashSlot(key)).Distinct());
        foreach (var key in keys) Assert.True(await RedisConnections.Shared.GetDatabase().KeyTimeToLiveAsync(key) > TimeSpan.Zero, $"{key} has no expiry");
    }

    private static (string Host, int Port) Endpoint()
    {
        var parts = TestServers.Redis.Endpoint.Split(':');
        return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<long> NoScriptErrorsAsync(IServer server)
    {
        var errors = await server.InfoAsync("errorstats");
        var line = errors.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "errorstat_NOSCRIPT").Value;
        return line is null ? 0 : long.Parse(line.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
