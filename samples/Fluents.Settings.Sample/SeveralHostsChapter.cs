using System.Diagnostics;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Redis.Concurrency;
using Fluents.Settings.Secrets;
using StackExchange.Redis;

namespace Fluents.Settings.Sample;

/// <summary>
/// Two hosts share one account's limits through Redis (R30): each has its own connection and its own
/// <see cref="RedisCallGate"/>, and the environment's Max Concurrent Calls hold across both. Needs a Redis server
/// (<c>FLUENTS_REDIS</c>, or 127.0.0.1:6379 as <c>.ci/start-servers</c> starts it); without one, it says how to start it
/// and the sample goes on.
/// </summary>
internal static class SeveralHostsChapter
{
    // Short lives, so that the dead host's places come back within the sample; production keeps the defaults (30 s).
    private static readonly RedisCallGateOptions Options = new()
    {
        KeyPrefix = "fluents-sample:",
        LeaseTimeToLive = TimeSpan.FromSeconds(2),
        RenewalInterval = TimeSpan.FromMilliseconds(500),
        LimitsTimeToLive = TimeSpan.FromMinutes(1),
    };

    public static async Task RunAsync(Story story, EnvironmentsOfTheStory environments)
    {
        Page.Title("Several hosts: one account's limits held across two hosts through Redis (R30)");
        var configuration = Environment.GetEnvironmentVariable("FLUENTS_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379";
        var hostA = await ConnectAsync(configuration);
        var hostB = hostA is null ? null : await ConnectAsync(configuration);
        if (hostA is null || hostB is null)
        {
            Page.Say($"Redis is not reachable at {configuration}, so this chapter is skipped: run .ci/start-servers (it installs and starts redis-server on loopback), or set FLUENTS_REDIS, and run the sample again.");
            hostA?.Dispose();
            return;
        }

        await using (hostB)
        {
            await RunAsync(story, environments.Staging, hostA, hostB);
        }
    }

    private static async Task RunAsync(Story story, EnvironmentId staging, ConnectionMultiplexer hostA, ConnectionMultiplexer hostB)
    {

        // Each host wires its gate the same way: the account repository both hosts share loads the limits the first time
        // the gate sees the account; the allocation handler applies every saved change after it.
        var loadLimits = CallGateAllocationHandler.LimitsFrom(story.Settings.Accounts);
        var gateA = new RedisCallGate(hostA, Options, loadLimits);
        await using var gateB = new RedisCallGate(hostB, Options, loadLimits);
        gateA.StartRenewal();
        gateB.StartRenewal();
        var settingsOnHostB = new SettingsService(
            story.Settings.Accounts, story.Settings.Mailer, story.Settings.ApiKeys, story.Clock, CryptographicSecretGenerator.Instance,
            [story.Settings.Events, new CallGateAllocationHandler(gateB, story.Settings.Accounts)]);

        var limit = (await story.Service.FindAccountAsync(story.Account)).Value.Allocation.LimitOf(staging);
        Page.Say($"Host A and host B each have their own connection to Redis and their own RedisCallGate. Staging allows {limit} calls in all.");
        var onA = await AdmitAsync(gateA, story, staging, limit - 2);
        var onB = await AdmitAsync(gateB, story, staging, 2);
        Page.Say($"Host A admits {onA.Count} calls, host B {onB.Count}. Host B's next call: {await OutcomeAsync(gateB, story, staging, onB)}");

        var hungUp = onA[^1];
        onA.RemoveAt(onA.Count - 1);
        Page.Say($"A call on host A hangs up: released = {await hungUp.ReleaseAsync()}; the same hang-up again: released = {await hungUp.ReleaseAsync()}.");
        Page.Say($"Host B's next call: {await OutcomeAsync(gateB, story, staging, onB)}");

        // An admin saves a higher limit on host B's settings page; no host code applies it.
        var raised = limit + 2;
        var edited = await settingsOnHostB.EditEnvironmentAsync(story.Account, story.Admin, staging, newName: null, raised);
        if (!edited.TryGetValue(out _, out var refusal)) throw new InvalidOperationException($"The edit was refused: [{refusal.Code}] {refusal.Message}");
        Page.Say($"An admin raises staging to {raised} on host B; its CallGateAllocationHandler applies the saved allocation to Redis.");
        Page.Say($"Host A's next two calls: {await OutcomeAsync(gateA, story, staging, onA)}, {await OutcomeAsync(gateA, story, staging, onA)}. {await InUseAsync(gateB, story, staging)}");

        // Host A dies: no release, no renewal. Its calls keep their places until their leases expire, in Redis's time.
        await gateA.DisposeAsync();
        hostA.Dispose();
        Page.Say($"Host A dies with {onA.Count} calls: nothing released. Host B's next call: {await OutcomeAsync(gateB, story, staging, onB)}");
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            if ((await gateB.TryAdmitAsync(story.Account, staging)).TryGetLease(out var lease))
            {
                onB.Add(lease);
                break;
            }

            await Task.Delay(100);
        }

        Page.Say($"{waited.Elapsed.TotalSeconds:0.0} s later (lease time to live: {Options.LeaseTimeToLive.TotalSeconds:0} s), host A's places are free: host B's call is admitted. {await InUseAsync(gateB, story, staging)}");

        foreach (var lease in onB) await lease.ReleaseAsync();
        Page.Say($"Host B's calls hang up. {await InUseAsync(gateB, story, staging)}");
    }

    private static async Task<ConnectionMultiplexer?> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 1_000;
        options.ConnectRetry = 1;
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException)
        {
            return null;
        }
    }

    private static async Task<List<CallLease>> AdmitAsync(RedisCallGate gate, Story story, EnvironmentId environment, int calls)
    {
        var leases = new List<CallLease>();
        for (var i = 0; i < calls; i++)
        {
            var admission = await gate.TryAdmitAsync(story.Account, environment);
            if (!admission.TryGetLease(out var lease)) throw new InvalidOperationException($"The walkthrough expected an admission: {admission}");
            leases.Add(lease);
        }

        return leases;
    }

    private static async Task<string> OutcomeAsync(RedisCallGate gate, Story story, EnvironmentId environment, List<CallLease> leases)
    {
        var admission = await gate.TryAdmitAsync(story.Account, environment);
        if (admission.TryGetValue(out var lease, out var refusal))
        {
            leases.Add(lease);
            return "admitted";
        }

        return $"refused — {refusal.Code}: {refusal.Headroom.EnvironmentInFlight} of {refusal.Headroom.EnvironmentLimit} calls in flight across both hosts";
    }

    private static async Task<string> InUseAsync(RedisCallGate gate, Story story, EnvironmentId environment) =>
        await gate.GetHeadroomAsync(story.Account, environment) is { } headroom
            ? $"In use now: {headroom.EnvironmentInFlight} of {headroom.EnvironmentLimit} in staging, {headroom.PlanInFlight} of {headroom.PlanLimit} in the plan."
            : "The account has no limits stored.";
}
