using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fluents.Settings.Application;
using Fluents.Settings.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Fluents.Settings.WebHostTests.Support;

/// <summary>
/// An account of its own, opened through the HTTP API, so that tests sharing a host never see each other's changes:
/// plan 40, its admin Ada, <c>default</c> renamed production with 20.
/// </summary>
internal sealed class TestAccount
{
    private TestAccount(WebHostFactory host, Guid id, Guid admin, Guid production, string productionKey)
    {
        Host = host;
        Id = id;
        Admin = admin;
        Production = production;
        ProductionKey = productionKey;
    }

    public WebHostFactory Host { get; }

    public Guid Id { get; }

    public Guid Admin { get; }

    public Guid Production { get; }

    public string ProductionKey { get; }

    public static async Task<TestAccount> OpenAsync(WebHostFactory host, int planLimit = 40, int productionLimit = 20)
    {
        var admin = Guid.NewGuid();
        var opened = await Send(host, admin, HttpMethod.Post, "/api/accounts", new { planLimit, adminName = "Ada Lovelace", adminEmail = "ada@example.com" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var body = await opened.JsonAsync();
        var account = new TestAccount(host, body.GetProperty("accountId").GetGuid(), admin, body.GetProperty("defaultEnvironment").GetGuid(), body.GetProperty("apiKey").GetString()!);
        var renamed = await account.SendAsync(admin, HttpMethod.Patch, $"/environments/{account.Production}", new { name = "production", maxConcurrentCalls = productionLimit });
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);
        return account;
    }

    /// <summary>A request as <paramref name="user"/> to a path under this account (or an absolute path).</summary>
    public Task<HttpResponseMessage> SendAsync(Guid user, HttpMethod method, string path, object? body = null) =>
        Send(Host, user, method, path.StartsWith("/api/", StringComparison.Ordinal) ? path : $"/api/accounts/{Id}{path}", body);

    public Task<HttpResponseMessage> AsAdminAsync(HttpMethod method, string path, object? body = null) => SendAsync(Admin, method, path, body);

    public async Task<(Guid Id, string Key)> CreateEnvironmentAsync(string name, int limit)
    {
        var created = await AsAdminAsync(HttpMethod.Post, "/environments", new { name, maxConcurrentCalls = limit });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("apiKey").GetString()!);
    }

    /// <summary>Invites and accepts (the token from the in-memory mailer, as the invitee's mailbox would have it).</summary>
    public async Task<Guid> AddMemberAsync(string name, string email, string role = "Member")
    {
        var invited = await AsAdminAsync(HttpMethod.Post, "/invitations", new { email, role });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var accepted = await SendAsync(Guid.NewGuid(), HttpMethod.Post, "/api/invitations/accept", new { accountId = Id, token = TokenSentTo(email), name, email });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        return (await accepted.JsonAsync()).GetProperty("userId").GetGuid();
    }

    /// <summary>The token of the last invitation mailed to <paramref name="email"/> (any account of this host).</summary>
    public string TokenSentTo(string email) =>
        ((InMemoryInvitationMailer)Host.Services.GetRequiredService<IInvitationMailer>()).Outbox.Last(mail => mail.To.Value == email && mail.Account.Value == Id).Token.Reveal();

    private static async Task<HttpResponseMessage> Send(WebHostFactory host, Guid user, HttpMethod method, string path, object? body)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Demo-User", user.ToString());
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}

internal static class HttpResponses
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a problem details response with the status and the library's code; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        return body;
    }
}
