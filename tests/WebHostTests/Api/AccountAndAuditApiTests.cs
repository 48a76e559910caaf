using System.Net;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Api;

[Collection(WebHostCollection.Name)]
public sealed class AccountAndAuditApiTests(WebHostFactory host)
{
    [Fact]
    public async Task OpenAccount_TwiceWithTheSameId_IsRefusedAsAlreadyExisting_AndBadValuesAreRefused()
    {
        var id = Guid.NewGuid();
        var admin = Guid.NewGuid();
        var account = await TestAccount.OpenAsync(host);

        Assert.Equal(HttpStatusCode.Created, (await account.SendAsync(admin, HttpMethod.Post, "/api/accounts", new { planLimit = 10, adminName = "Ada", adminEmail = "ada@example.com", accountId = id })).StatusCode);
        await (await account.SendAsync(admin, HttpMethod.Post, "/api/accounts", new { planLimit = 10, adminName = "Ada", adminEmail = "ada@example.com", accountId = id })).ProblemAsync(409, "account.already_exists");
        await (await account.SendAsync(admin, HttpMethod.Post, "/api/accounts", new { planLimit = -1, adminName = "Ada", adminEmail = "ada@example.com" })).ProblemAsync(400, "concurrency.invalid_limit");
        await (await account.SendAsync(admin, HttpMethod.Post, "/api/accounts", new { planLimit = 10, adminName = "Ada", adminEmail = "ada" })).ProblemAsync(400, "email.invalid");
    }

    [Fact]
    public async Task AuditTrail_SaysWhoDidWhat_FilteredByEnvironment_PagedByCursor()
    {
        var account = await TestAccount.OpenAsync(host);
        var (staging, _) = await account.CreateEnvironmentAsync("staging", 10);
        await account.AsAdminAsync(HttpMethod.Patch, $"/environments/{staging}", new { name = "stage" });
        await account.AsAdminAsync(HttpMethod.Put, "/plan", new { planLimit = 60 });

        var filtered = await (await account.AsAdminAsync(HttpMethod.Get, $"/audit?environment={staging}")).JsonAsync();
        var entries = filtered.GetProperty("entries").EnumerateArray().ToList();
        Assert.All(entries, entry => Assert.Contains(staging, entry.GetProperty("environments").EnumerateArray().Select(e => e.GetGuid())));
        Assert.Equal("Ada Lovelace", entries[0].GetProperty("who").GetString());
        Assert.Contains("stage", entries[0].GetProperty("what").GetString(), StringComparison.Ordinal);

        var first = await (await account.AsAdminAsync(HttpMethod.Get, "/audit?pageSize=2")).JsonAsync();
        Assert.Equal(2, first.GetProperty("entries").GetArrayLength());
        var next = first.GetProperty("next").GetString();
        var second = await (await account.AsAdminAsync(HttpMethod.Get, $"/audit?pageSize=2&cursor={Uri.EscapeDataString(next!)}")).JsonAsync();
        Assert.True(second.GetProperty("entries").GetArrayLength() > 0);
    }

    [Fact]
    public async Task AuditTrail_RefusesAnEditedCursorABadPageSizeAndAMember()
    {
        var account = await TestAccount.OpenAsync(host);
        var grace = await account.AddMemberAsync("Grace Hopper", "grace@example.com");

        await (await account.AsAdminAsync(HttpMethod.Get, "/audit?cursor=not-a-cursor")).ProblemAsync(400, "audit.invalid_cursor");
        await (await account.AsAdminAsync(HttpMethod.Get, "/audit?pageSize=500")).ProblemAsync(400, "request.invalid");
        await (await account.SendAsync(grace, HttpMethod.Get, "/audit")).ProblemAsync(403, "account.not_permitted");
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEveryEndpoint()
    {
        using var client = host.CreateClient();

        var document = await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).JsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();
        foreach (var path in new[]
        {
            "/api/accounts", "/api/accounts/{account}/environments", "/api/accounts/{account}/environments/{environment}", "/api/accounts/{account}/environments/{environment}/hide",
            "/api/accounts/{account}/environments/{environment}/api-key/rotate", "/api/accounts/{account}/reallocation", "/api/accounts/{account}/rebalance",
            "/api/accounts/{account}/plan", "/api/accounts/{account}/users/{member}/role", "/api/accounts/{account}/invitations/{invitation}/renew",
            "/api/invitations/accept", "/api/accounts/{account}/audit", "/api/calls", "/api/calls/{lease}",
        })
        {
            Assert.Contains(path, paths);
        }
        Assert.DoesNotContain(paths, path => path.StartsWith("/settings", StringComparison.Ordinal));
    }
}
