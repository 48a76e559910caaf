using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Api;

/// <summary>The voice platform's side: calls start and end through the gate, authenticated by the environment's API key.</summary>
[Collection(WebHostCollection.Name)]
public sealed class CallApiTests(WebHostFactory host)
{
    [Fact]
    public async Task StartCall_UpToTheLimit_Then429WithRemainingConcurrentCalls_AndEndFreesThePlace()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, key) = await account.CreateEnvironmentAsync("staging", 2);

        var first = await StartAsync(key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var started = await first.JsonAsync();
        Assert.Equal(staging, started.GetProperty("environment").GetGuid());
        Assert.Equal(1, started.GetProperty("remainingConcurrentCalls").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(key)).StatusCode);

        var refused = await (await StartAsync(key)).ProblemAsync(429, "concurrency.environment_at_capacity");
        Assert.Equal(0, refused.GetProperty("remainingConcurrentCalls").GetInt32());
        Assert.Equal(2, refused.GetProperty("environmentInFlight").GetInt32());

        var table = await (await account.AsAdminAsync(HttpMethod.Get, "/environments")).JsonAsync();
        Assert.Equal(2, table.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == staging).GetProperty("inUseNow").GetInt32());

        var lease = started.GetProperty("leaseId").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await EndAsync(key, lease)).StatusCode);
        await (await EndAsync(key, lease)).ProblemAsync(404, "call.not_running");
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(key)).StatusCode);
    }

    [Fact]
    public async Task StartCall_RetriedWithItsLeaseId_CountsOnce()
    {
        var account = await TestAccount.OpenAsync(host);
        var (_, key) = await account.CreateEnvironmentAsync("staging", 1);
        var lease = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.Created, (await StartAsync(key, lease)).StatusCode);
        var retried = await StartAsync(key, lease);

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(lease, (await retried.JsonAsync()).GetProperty("leaseId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await EndAsync(key, lease)).StatusCode);
    }

    [Fact]
    public async Task StartCall_InAnOverAllocatedAccount_IsRefusedAtThePlan()
    {
        var account = await TestAccount.OpenAsync(host);
        var (_, key) = await account.CreateEnvironmentAsync("staging", 10);
        await account.AsAdminAsync(HttpMethod.Put, "/plan", new { planLimit = 1 });

        Assert.Equal(HttpStatusCode.Created, (await StartAsync(account.ProductionKey)).StatusCode);
        var refused = await (await StartAsync(key)).ProblemAsync(429, "concurrency.plan_at_capacity");

        Assert.Equal(0, refused.GetProperty("remainingConcurrentCalls").GetInt32());
        Assert.Equal(1, refused.GetProperty("planInFlight").GetInt32());
    }

    [Fact]
    public async Task AKeyThatIsMissingMalformedMistypedUnknownOrExpired_Is401WithItsCode()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, key) = await account.CreateEnvironmentAsync("staging", 10);

        await (await StartAsync(null)).ProblemAsync(401, "api_key.missing");
        await (await StartAsync("flk_short")).ProblemAsync(401, "api_key.malformed");
        await (await StartAsync(key[..^1] + (key[^1] == 'a' ? 'b' : 'a'))).ProblemAsync(401, "api_key.checksum_mismatch");

        await account.AsAdminAsync(HttpMethod.Post, $"/environments/{account.Production}/api-key/rotate", new { gracePeriodMinutes = 1 });
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(account.ProductionKey)).StatusCode);
        host.Clock.Advance(Duration.FromMinutes(1));
        await (await StartAsync(account.ProductionKey)).ProblemAsync(401, "api_key.expired");

        await account.AsAdminAsync(HttpMethod.Delete, $"/environments/{staging}?confirmationName=staging");
        await (await StartAsync(key)).ProblemAsync(401, "api_key.unknown");
    }

    [Fact]
    public async Task AHiddenEnvironmentsKey_StillStartsCalls()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, key) = await account.CreateEnvironmentAsync("staging", 10);
        await account.AsAdminAsync(HttpMethod.Post, $"/environments/{staging}/hide");

        Assert.Equal(HttpStatusCode.Created, (await StartAsync(key)).StatusCode);
    }

    private async Task<HttpResponseMessage> StartAsync(string? key, Guid? lease = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (lease is not null) request.Content = JsonContent.Create(new { leaseId = lease });
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<HttpResponseMessage> EndAsync(string key, Guid lease)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/calls/{lease}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
