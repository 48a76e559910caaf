using System.Threading.RateLimiting;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Hosting;
using Fluents.Settings.Application;
using Microsoft.Extensions.DependencyInjection;

namespace Fluents.Settings.HostingTests;

public class CallGateRateLimiterTests
{
    // A request as a host would limit it: the call's account and environment, resolved from its API key.
    private sealed record Request(CallPartition? Call);

    [Fact]
    public async Task Leases_EnforceTheEnvironmentAndThePlan_AndDisposingOneFreesItsPlace()
    {
        var (gate, account, production, staging, _) = await AccountAsync(plan: 3, production: 2, staging: 1);
        using var limiter = CallGateRateLimiter.Create<Request>(gate, r => r.Call);
        var toProduction = new Request(new CallPartition(account, production));
        var toStaging = new Request(new CallPartition(account, staging));

        using var first = limiter.AttemptAcquire(toProduction);
        using var second = await limiter.AcquireAsync(toProduction);
        using var third = limiter.AttemptAcquire(toProduction);
        using var fourth = limiter.AttemptAcquire(toStaging);

        Assert.Equal([true, true, false, true], new[] { first, second, third, fourth }.Select(l => l.IsAcquired));
        Assert.True(third.TryGetMetadata(CallGateRateLimiter.ErrorCode, out var code));
        Assert.Equal("concurrency.environment_at_capacity", code);
        Assert.True(third.TryGetMetadata(CallGateRateLimiter.RemainingConcurrentCalls, out var remaining));
        Assert.Equal(0, remaining);
        Assert.True(third.TryGetMetadata(MetadataName.ReasonPhrase, out var reason));
        Assert.Contains("at capacity", reason, StringComparison.Ordinal);

        first.Dispose();
        first.Dispose(); // disposing twice frees one place
        Assert.True(gate.TryGetAccountGate(account, out var counts));
        Assert.Equal(2, counts.PlanInFlight);
        using var again = limiter.AttemptAcquire(toProduction);
        Assert.True(again.IsAcquired);
        using var overPlan = limiter.AttemptAcquire(toStaging);
        Assert.False(overPlan.IsAcquired);
    }

    [Fact]
    public async Task ThePlan_IsSharedAcrossPartitions()
    {
        var (gate, account, production, staging, _) = await AccountAsync(plan: 2, production: 2, staging: 2, overAllocate: true);
        using var limiter = CallGateRateLimiter.Create<Request>(gate, r => r.Call);

        using var a = limiter.AttemptAcquire(new Request(new CallPartition(account, production)));
        using var b = limiter.AttemptAcquire(new Request(new CallPartition(account, production)));
        using var c = limiter.AttemptAcquire(new Request(new CallPartition(account, staging)));

        Assert.False(c.IsAcquired);
        Assert.True(c.TryGetMetadata(CallGateRateLimiter.ErrorCode, out var code));
        Assert.Equal("concurrency.plan_at_capacity", code);
    }

    [Fact]
    public async Task GetStatistics_ReportsAvailablePlacesAndLeases()
    {
        var (gate, account, production, _, _) = await AccountAsync(plan: 3, production: 2, staging: 1);
        using var limiter = new CallGateLimiter(gate, new CallPartition(account, production));

        using var first = limiter.AttemptAcquire();
        using var second = limiter.AttemptAcquire();
        using var refused = limiter.AttemptAcquire();
        var statistics = limiter.GetStatistics()!;

        Assert.Equal(0, statistics.CurrentAvailablePermits);
        Assert.Equal(2, statistics.TotalSuccessfulLeases);
        Assert.Equal(1, statistics.TotalFailedLeases);
        Assert.Equal(0, statistics.CurrentQueuedCount);
        second.Dispose();
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.True(limiter.AttemptAcquire(0).IsAcquired); // a place is free: asking takes none
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(2));
    }

    [Fact]
    public async Task IdleDuration_IsNullWhileCallsRun()
    {
        var (gate, account, production, _, _) = await AccountAsync(plan: 3, production: 2, staging: 1);
        using var limiter = new CallGateLimiter(gate, new CallPartition(account, production));

        Assert.NotNull(limiter.IdleDuration);
        var lease = limiter.AttemptAcquire();
        Assert.Null(limiter.IdleDuration);
        Assert.Equal(1, limiter.RunningCalls);
        lease.Dispose();
        Assert.NotNull(limiter.IdleDuration);
        Assert.Equal(0, limiter.RunningCalls);
    }

    [Fact]
    public async Task APartition_IsNotDroppedWhileItsCallsRun()
    {
        // PartitionedRateLimiter drops a partition idle for 10 s; one whose call lasts longer must keep its counts.
        var (gate, account, production, _, _) = await AccountAsync(plan: 3, production: 2, staging: 1);
        using var limiter = CallGateRateLimiter.Create<Request>(gate, r => r.Call);
        var request = new Request(new CallPartition(account, production));
        using var call = limiter.AttemptAcquire(request);

        await Task.Delay(TimeSpan.FromSeconds(11.5));

        Assert.Equal(1, limiter.GetStatistics(request)!.TotalSuccessfulLeases);
    }

    [Fact]
    public async Task ARequestWithoutAnEnvironment_IsRefused()
    {
        var (gate, _, _, _, _) = await AccountAsync(plan: 3, production: 2, staging: 1);
        using var limiter = CallGateRateLimiter.Create<Request>(gate, r => r.Call);

        using var lease = limiter.AttemptAcquire(new Request(null));

        Assert.False(lease.IsAcquired);
    }

    [Fact]
    public async Task AnAccountNotLoadedYet_IsLoadedOnItsFirstCall()
    {
        using var host = TestHost.Build();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, _, opened) = await TestHost.OpenAccountAsync(settings, planLimit: 1, defaultLimit: null);
        var gate = new InProcessCallGate(CallGateAllocationHandler.LimitsFrom(host.Services.GetRequiredService<IAccountRepository>())); // a host's second gate, say, that has not seen the account
        Assert.False(gate.TryGetAccountGate(account, out _));
        using var limiter = CallGateRateLimiter.Create<Request>(gate, r => r.Call);

        using var lease = await limiter.AcquireAsync(new Request(new CallPartition(account, opened.DefaultEnvironment)));

        Assert.True(lease.IsAcquired);
        Assert.False(limiter.AttemptAcquire(new Request(new CallPartition(account, opened.DefaultEnvironment))).IsAcquired);
    }

    private static async Task<(InProcessCallGate Gate, Accounts.AccountId Account, EnvironmentId Production, EnvironmentId Staging, SettingsService Settings)> AccountAsync(
        int plan, int production, int staging, bool overAllocate = false)
    {
        using var host = TestHost.Build();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, opened) = await TestHost.OpenAccountAsync(settings, planLimit: overAllocate ? production + staging : plan, defaultLimit: null);
        Assert.True((await settings.EditEnvironmentAsync(account, admin, opened.DefaultEnvironment, "production", production)).Succeeded);
        var stagingId = (await settings.CreateEnvironmentAsync(account, admin, "staging", staging)).Value.Environment;
        if (overAllocate) Assert.True((await settings.ChangePlanLimitAsync(account, admin, plan)).Succeeded); // the sum stays above the plan (R12)

        var gate = host.Services.GetRequiredService<InProcessCallGate>();
        Assert.True((await gate.TryAdmitAsync(account, opened.DefaultEnvironment)).TryGetLease(out var loading)); // loads the account's limits
        await loading.ReleaseAsync();
        return (gate, account, opened.DefaultEnvironment, stagingId, settings);
    }
}
