using System.Net;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Api;

[Collection(WebHostCollection.Name)]
public sealed class EnvironmentApiTests(WebHostFactory host)
{
    [Fact]
    public async Task ListEnvironments_AfterCreate_ShowsMaskedKeysAndPlanNumbers()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, key) = await account.CreateEnvironmentAsync("staging", 10);

        var listed = await account.AsAdminAsync(HttpMethod.Get, "/environments");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var body = await listed.JsonAsync();
        Assert.Equal(40, body.GetProperty("planLimit").GetInt32());
        Assert.Equal(30, body.GetProperty("allocated").GetInt32());
        Assert.Equal(10, body.GetProperty("unallocated").GetInt32());
        var row = body.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == staging);
        Assert.Equal($"flk_…{key[^4..]}", row.GetProperty("apiKey").GetString());
        Assert.Equal(0, row.GetProperty("inUseNow").GetInt32());
        Assert.Equal(10, row.GetProperty("remaining").GetInt32());
        Assert.DoesNotContain(key, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEnvironment_ReturnsTheKeyOnceWithItsLocation()
    {
        var account = await TestAccount.OpenAsync(host);

        var created = await account.AsAdminAsync(HttpMethod.Post, "/environments", new { name = "staging", maxConcurrentCalls = 10 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Matches("^flk_[0-9A-Za-z]{28}$", body.GetProperty("apiKey").GetString());
        Assert.Equal($"/api/accounts/{account.Id}/environments/{body.GetProperty("id").GetGuid()}", created.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateEnvironment_OverThePlan_Is422WithTheNumbers()
    {
        var account = await TestAccount.OpenAsync(host, productionLimit: 35);

        var refused = await account.AsAdminAsync(HttpMethod.Post, "/environments", new { name = "staging", maxConcurrentCalls = 10 });

        var problem = await refused.ProblemAsync(422, "concurrency.exceeds_plan");
        Assert.Equal(5, problem.GetProperty("unallocated").GetInt32());
        Assert.Equal(5, problem.GetProperty("allowed").GetInt32());
        Assert.Equal(10, problem.GetProperty("requested").GetInt32());
        Assert.Contains("does not fit the plan", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 400, "environment.name_invalid")]
    [InlineData("production", 409, "environment.name_taken")]
    [InlineData("PRODUCTION", 409, "environment.name_taken")]
    public async Task CreateEnvironment_WithABadName_IsRefusedWithItsCode(string name, int status, string code)
    {
        var account = await TestAccount.OpenAsync(host);

        var refused = await account.AsAdminAsync(HttpMethod.Post, "/environments", new { name, maxConcurrentCalls = 1 });

        await refused.ProblemAsync(status, code);
    }

    [Fact]
    public async Task CreateEnvironment_WithANegativeLimit_Is400()
    {
        var account = await TestAccount.OpenAsync(host);

        await (await account.AsAdminAsync(HttpMethod.Post, "/environments", new { name = "staging", maxConcurrentCalls = -1 })).ProblemAsync(400, "concurrency.invalid_limit");
    }

    [Fact]
    public async Task EditEnvironment_DocsExample_RaisingResearchTo11_IsRefusedSaying0UnallocatedAnd10Allowed()
    {
        var account = await TestAccount.OpenAsync(host);
        await account.CreateEnvironmentAsync("staging", 10);
        var (research, _) = await account.CreateEnvironmentAsync("research", 10);

        var refused = await account.AsAdminAsync(HttpMethod.Patch, $"/environments/{research}", new { maxConcurrentCalls = 11 });

        var problem = await refused.ProblemAsync(422, "concurrency.exceeds_plan");
        Assert.Equal(0, problem.GetProperty("unallocated").GetInt32());
        Assert.Equal(10, problem.GetProperty("allowed").GetInt32());
    }

    [Fact]
    public async Task EditEnvironment_RenameAndLimit_Is204()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, _) = await account.CreateEnvironmentAsync("staging", 10);

        var edited = await account.AsAdminAsync(HttpMethod.Patch, $"/environments/{staging}", new { name = "stage", maxConcurrentCalls = 5 });

        Assert.Equal(HttpStatusCode.NoContent, edited.StatusCode);
        var row = (await (await account.AsAdminAsync(HttpMethod.Get, "/environments")).JsonAsync()).GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == staging);
        Assert.Equal("stage", row.GetProperty("name").GetString());
        Assert.Equal(5, row.GetProperty("maxConcurrentCalls").GetInt32());
    }

    [Fact]
    public async Task EditEnvironment_Unknown_Is404()
    {
        var account = await TestAccount.OpenAsync(host);

        await (await account.AsAdminAsync(HttpMethod.Patch, $"/environments/{Guid.NewGuid()}", new { maxConcurrentCalls = 1 })).ProblemAsync(404, "environment.not_found");
    }

    [Fact]
    public async Task HideAndUnhide_ChangeTheSelectorOnly_AndTheLastVisibleCannotBeHidden()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, _) = await account.CreateEnvironmentAsync("staging", 10);

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Post, $"/environments/{staging}/hide")).StatusCode);
        var selector = await (await account.AsAdminAsync(HttpMethod.Get, "/environments/selector")).JsonAsync();
        Assert.Equal(["production"], selector.EnumerateArray().Select(option => option.GetProperty("name").GetString()));
        await (await account.AsAdminAsync(HttpMethod.Post, $"/environments/{account.Production}/hide")).ProblemAsync(409, "environment.last_visible");

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Post, $"/environments/{staging}/unhide")).StatusCode);
        selector = await (await account.AsAdminAsync(HttpMethod.Get, "/environments/selector")).JsonAsync();
        Assert.Equal(2, selector.GetArrayLength());
    }

    [Fact]
    public async Task DeleteEnvironment_NeedsTheNameTyped()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, _) = await account.CreateEnvironmentAsync("staging", 10);

        await (await account.AsAdminAsync(HttpMethod.Delete, $"/environments/{staging}?confirmationName=production")).ProblemAsync(400, "environment.delete_not_confirmed");
        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Delete, $"/environments/{staging}?confirmationName=Staging")).StatusCode);
        await (await account.AsAdminAsync(HttpMethod.Delete, $"/environments/{staging}?confirmationName=staging")).ProblemAsync(404, "environment.not_found");
    }

    [Fact]
    public async Task RotateApiKey_ReturnsANewKey_AndRefusesAGracePeriodOverSevenDays()
    {
        var account = await TestAccount.OpenAsync(host);

        var rotated = await account.AsAdminAsync(HttpMethod.Post, $"/environments/{account.Production}/api-key/rotate", new { gracePeriodMinutes = 60 });

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.JsonAsync();
        Assert.NotEqual(account.ProductionKey, body.GetProperty("apiKey").GetString());
        Assert.Equal(host.Clock.GetCurrentInstant().Plus(Duration.FromHours(1)).ToDateTimeOffset(), body.GetProperty("previousKeyValidUntil").GetDateTimeOffset());
        await (await account.AsAdminAsync(HttpMethod.Post, $"/environments/{account.Production}/api-key/rotate", new { gracePeriodMinutes = 8 * 24 * 60 }))
            .ProblemAsync(400, "api_key.invalid_grace_period");
    }

    [Fact]
    public async Task Reallocate_MovesCapacityInOneStep_AndRefusesATotalOverThePlan()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, _) = await account.CreateEnvironmentAsync("staging", 20);

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Post, "/reallocation", new { limits = new Dictionary<Guid, int> { [account.Production] = 10, [staging] = 30 } })).StatusCode);
        var problem = await (await account.AsAdminAsync(HttpMethod.Post, "/reallocation", new { limits = new Dictionary<Guid, int> { [account.Production] = 20 } }))
            .ProblemAsync(422, "concurrency.reallocation_exceeds_plan");
        Assert.Equal(50, problem.GetProperty("requestedTotal").GetInt32());
    }

    [Fact]
    public async Task Rebalance_AfterBillingLowersThePlan_ProposesAFairReduction_StaleVersionIsRefused_CurrentOneApplies()
    {
        var account = await TestAccount.OpenAsync(host);
        await account.CreateEnvironmentAsync("staging", 10);
        await account.CreateEnvironmentAsync("research", 10);
        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Put, "/plan", new { planLimit = 30 })).StatusCode);

        var proposal = await (await account.AsAdminAsync(HttpMethod.Get, "/rebalance")).JsonAsync();
        Assert.Equal(30, proposal.GetProperty("proposedTotal").GetInt32());
        Assert.Equal([15, 8, 7], proposal.GetProperty("lines").EnumerateArray().Select(line => line.GetProperty("proposed").GetInt32()).Order().Reverse());
        var version = proposal.GetProperty("accountVersion").GetInt64();

        await (await account.AsAdminAsync(HttpMethod.Post, "/rebalance", new { accountVersion = version - 1 })).ProblemAsync(409, "concurrency.stale_proposal");
        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Post, "/rebalance", new { accountVersion = version })).StatusCode);
        var table = await (await account.AsAdminAsync(HttpMethod.Get, "/environments")).JsonAsync();
        Assert.False(table.GetProperty("isOverAllocated").GetBoolean());
        Assert.Equal(30, table.GetProperty("allocated").GetInt32());
    }

    [Fact]
    public async Task AMember_IsRefusedEveryChange_With403_ButMayLook()
    {
        var account = await TestAccount.OpenAsync(host);
        var grace = await account.AddMemberAsync("Grace Hopper", "grace@example.com");

        Assert.Equal(HttpStatusCode.OK, (await account.SendAsync(grace, HttpMethod.Get, "/environments")).StatusCode);
        await (await account.SendAsync(grace, HttpMethod.Post, "/environments", new { name = "staging", maxConcurrentCalls = 0 })).ProblemAsync(403, "account.not_permitted");
        await (await account.SendAsync(grace, HttpMethod.Patch, $"/environments/{account.Production}", new { maxConcurrentCalls = 1 })).ProblemAsync(403, "account.not_permitted");
        await (await account.SendAsync(grace, HttpMethod.Post, $"/environments/{account.Production}/api-key/rotate", new { gracePeriodMinutes = 0 })).ProblemAsync(403, "account.not_permitted");
        await (await account.SendAsync(grace, HttpMethod.Put, "/plan", new { planLimit = 100 })).ProblemAsync(403, "account.not_permitted");
    }

    [Fact]
    public async Task AStranger_IsRefused403_AndAnUnknownAccountIs404()
    {
        var account = await TestAccount.OpenAsync(host);

        await (await account.SendAsync(Guid.NewGuid(), HttpMethod.Get, "/environments")).ProblemAsync(403, "account.not_permitted");
        await (await account.SendAsync(account.Admin, HttpMethod.Get, $"/api/accounts/{Guid.NewGuid()}/environments")).ProblemAsync(404, "account.not_found");
        await (await account.SendAsync(account.Admin, HttpMethod.Get, $"/api/accounts/{Guid.Empty}/environments")).ProblemAsync(400, "request.invalid");
    }
}
