using System.Net;
using System.Text.RegularExpressions;
using Fluents.Settings.WebHost.Demo;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Pages;

/// <summary>The Settings page, server-rendered, read as HTML: each test on a host of its own, seeded with the docs' example.</summary>
public sealed partial class SettingsPageTests : IDisposable
{
    private readonly WebHostFactory _host = new();

    [Fact]
    public async Task EnvironmentsTab_ShowsTheDocsExample_WithTheColumnsOfTheProductDocs()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");

        var html = await ada.GetAsync("/settings/environments");

        foreach (var column in new[] { "ID", "Environment Name", "API Key", "Max Concurrent Calls", "In use now / remaining", "Created At", "Hidden" })
            Assert.Contains($"<th>{column}</th>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"plan-limit\">40<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"allocated\">40<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unallocated\">0<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"headroom-research\">0 / 10<", html, StringComparison.Ordinal);
        Assert.Contains("Signed in as <strong>Ada Lovelace</strong> (Admin)", html, StringComparison.Ordinal);
        Assert.Contains("Demo", html, StringComparison.Ordinal);
        Assert.Matches("flk_…[0-9A-Za-z]{4}", html);
    }

    [Fact]
    public async Task RaisingResearchTo11_ShowsTheLibrarysRefusalNextToItsLimit()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var research = EnvironmentId(await ada.GetAsync("/settings/environments"), "research");

        var refused = await ada.PostAsync("/settings/environments?handler=Edit", new() { ["id"] = research, ["name"] = "research", ["maxConcurrentCalls"] = "11" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Matches("data-testid=\"error-limit-research\">Max Concurrent Calls of 11 does not fit the plan: this environment may have at most 10, and 0 of the plan&#x27;s 40 concurrent calls are unallocated.<", html);
    }

    [Fact]
    public async Task CreateEnvironment_ShowsTheKeyOnce_WithACopyButton()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var production = EnvironmentId(await ada.GetAsync("/settings/environments"), "production");
        await ada.PostAsync("/settings/environments?handler=Edit", new() { ["id"] = production, ["name"] = "production", ["maxConcurrentCalls"] = "15" });

        var created = await ada.PostAsync("/settings/environments?handler=Create", new() { ["name"] = "preview", ["maxConcurrentCalls"] = "5" });

        var html = await created.Content.ReadAsStringAsync();
        var key = Regex.Match(html, "<code id=\"new-key-value\">(flk_[0-9A-Za-z]{28})</code>").Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Contains("id=\"copy-key\"", html, StringComparison.Ordinal);
        Assert.Contains("no-store", created.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, await ada.GetAsync("/settings/environments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMember_SeesThePageReadOnly_AndIsRefusedServerSideAnyway()
    {
        using var grace = await PageSession.SignInAsync(_host, "grace@example.com");

        var html = await grace.GetAsync("/settings/environments");
        Assert.Contains("data-testid=\"read-only\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Edit", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Create Environment</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rotate key", html, StringComparison.Ordinal);
        var users = await grace.GetAsync("/settings/users");
        Assert.DoesNotContain("handler=Invite", users, StringComparison.Ordinal);
        Assert.DoesNotContain("Change role", users, StringComparison.Ordinal);

        var research = EnvironmentId(html, "research");
        var refused = await grace.PostAsync("/settings/environments?handler=Edit", new() { ["id"] = research, ["name"] = "research", ["maxConcurrentCalls"] = "1" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("may not do this", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await grace.PostAsync("/settings/users?handler=Invite", new() { ["email"] = "alan@example.com", ["role"] = "Admin" })).StatusCode);
        var trail = await grace.GetResponseAsync("/settings/audit");
        Assert.Equal(HttpStatusCode.Forbidden, trail.StatusCode);
        Assert.Contains("data-testid=\"error-trail\"", await trail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APagePost_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var research = EnvironmentId(await ada.GetAsync("/settings/environments"), "research");

        var forged = await ada.PostAsync("/settings/environments?handler=Hidden", new() { ["id"] = research, ["hidden"] = "true" }, antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("data-testid=\"hidden-research\"", await ada.GetAsync("/settings/environments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutSigningIn_TheSettingsPageSendsYouToTheDemoSignIn()
    {
        using var nobody = PageSession.Anonymous(_host);

        var response = await nobody.GetResponseAsync("/settings/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/demo/sign-in", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HideDeleteAndTheSelector_HiddenLeavesTheSelector_DeleteNeedsTheName()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var staging = EnvironmentId(await ada.GetAsync("/settings/environments"), "staging");

        Assert.Equal(HttpStatusCode.Redirect, (await ada.PostAsync("/settings/environments?handler=Hidden", new() { ["id"] = staging, ["hidden"] = "true" })).StatusCode);
        var html = await ada.GetAsync("/settings/environments");
        Assert.Contains("data-testid=\"hidden-staging\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">staging</option>", html, StringComparison.Ordinal);
        Assert.Contains(">production</option>", html, StringComparison.Ordinal);

        var refused = await ada.PostAsync("/settings/environments?handler=Delete", new() { ["id"] = staging, ["confirmationName"] = "stagin" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("data-testid=\"error-delete-staging\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ada.PostAsync("/settings/environments?handler=Delete", new() { ["id"] = staging, ["confirmationName"] = "staging" })).StatusCode);
        Assert.DoesNotContain("data-environment=\"staging\"", await ada.GetAsync("/settings/environments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverAllocation_ShowsTheBannerWithTheFairReduction_AndApplyFixesIt()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        await ada.GetAsync("/settings/environments");

        Assert.Equal(HttpStatusCode.Redirect, (await ada.PostAsync("/settings/environments?handler=Plan", new() { ["planLimit"] = "30" })).StatusCode);
        var html = await ada.GetAsync("/settings/environments");
        Assert.Contains("data-testid=\"over-allocated\"", html, StringComparison.Ordinal);
        Assert.Contains("production: 20 → <strong>15</strong>", html, StringComparison.Ordinal);
        var version = Regex.Match(html, "name=\"accountVersion\" value=\"(\\d+)\"").Groups[1].Value;

        Assert.Equal(HttpStatusCode.Redirect, (await ada.PostAsync("/settings/environments?handler=Rebalance", new() { ["accountVersion"] = version })).StatusCode);
        html = await ada.GetAsync("/settings/environments");
        Assert.DoesNotContain("data-testid=\"over-allocated\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"allocated\">30<", html, StringComparison.Ordinal);
        Assert.Contains("Billing", await ada.GetAsync("/settings/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersTab_TheLastAdminRuleIsShownClearly()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        await ada.GetAsync("/settings/users");

        var left = await ada.PostAsync("/settings/users?handler=Leave", []);
        Assert.Equal(HttpStatusCode.Conflict, left.StatusCode);
        Assert.Contains("data-testid=\"error-leave\"", await left.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var removed = await ada.PostAsync("/settings/users?handler=Remove", new() { ["id"] = DemoAccount.Ada.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, removed.StatusCode);
        Assert.Contains("data-testid=\"error-remove-ada@example.com\">", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_FromTheUsersTab_ThroughTheMailbox_ToTheAcceptPage_SignsTheNewMemberIn()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        await ada.GetAsync("/settings/users");
        var refused = await ada.PostAsync("/settings/users?handler=Invite", new() { ["email"] = "grace@example.com", ["role"] = "Member" });
        Assert.Contains("data-testid=\"error-invite-email\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ada.PostAsync("/settings/users?handler=Invite", new() { ["email"] = "alan@example.com", ["role"] = "Admin" })).StatusCode);
        Assert.Contains("data-testid=\"status-alan@example.com\">Pending<", await ada.GetAsync("/settings/users"), StringComparison.Ordinal);

        using var alan = PageSession.Anonymous(_host);
        var link = WebUtility_HtmlDecode(Regex.Match(await alan.GetAsync("/demo/mailbox"), "<tr data-mail=\"alan@example.com\">.*?<a href=\"([^\"]+)\"", RegexOptions.Singleline).Groups[1].Value);
        var accept = await alan.GetAsync(link);
        Assert.Contains("id=\"accept\"", accept, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://host" + link).Query);

        var mismatch = await alan.PostAsync("/invitations/accept", new() { ["account"] = query["account"]!, ["token"] = query["token"]!, ["name"] = "Alan Turing", ["email"] = "turing@example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, mismatch.StatusCode);
        Assert.Contains("data-testid=\"error-email\"", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var joined = await alan.PostAsync("/invitations/accept", new() { ["account"] = query["account"]!, ["token"] = query["token"]!, ["name"] = "Alan Turing", ["email"] = "alan@example.com" });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Contains("Signed in as <strong>Alan Turing</strong> (Admin)", await alan.GetAsync("/settings/environments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTab_FiltersByEnvironment()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var html = await ada.GetAsync("/settings/environments");
        var research = EnvironmentId(html, "research");

        var all = await ada.GetAsync("/settings/audit");
        var filtered = await ada.GetAsync($"/settings/audit?environment={research}");

        Assert.Contains("staging", all, StringComparison.Ordinal);
        Assert.Contains("research", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("created staging", filtered, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private static string EnvironmentId(string html, string name) =>
        Regex.Match(html, $"<tr data-environment=\"{name}\">\\s*<td class=\"mono\" title=\"([0-9a-f-]+)\"").Groups[1].Value is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"no row for {name}");

    private static string WebUtility_HtmlDecode(string text) => WebUtility.HtmlDecode(text);
}
