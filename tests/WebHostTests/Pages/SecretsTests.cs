using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Pages;

/// <summary>Keys and tokens never reach a log line or an error response: the host's logs are captured at Trace level.</summary>
public sealed class SecretsTests : IDisposable
{
    private readonly WebHostFactory _host = new();

    [Fact]
    public async Task NoKeyOrToken_IsEverLogged_OrEchoedInAnErrorResponse()
    {
        var secrets = new List<string>();
        var responses = new List<string>();
        var account = await TestAccount.OpenAsync(_host);
        secrets.Add(account.ProductionKey);
        var (_, key) = await account.CreateEnvironmentAsync("staging", 5);
        secrets.Add(key);
        var rotated = await (await account.AsAdminAsync(HttpMethod.Post, $"/environments/{account.Production}/api-key/rotate", new { gracePeriodMinutes = 0 })).JsonAsync();
        secrets.Add(rotated.GetProperty("apiKey").GetString()!);

        // The page: a key shown once, an invitation accepted through its link (the token in the query string).
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var created = await ada.PostAsync("/settings/environments?handler=Create", new() { ["name"] = "preview", ["maxConcurrentCalls"] = "0" });
        secrets.Add(Regex.Match(await created.Content.ReadAsStringAsync(), "flk_[0-9A-Za-z]{28}").Value);
        await ada.PostAsync("/settings/users?handler=Invite", new() { ["email"] = "alan@example.com", ["role"] = "Member" });
        using var alan = PageSession.Anonymous(_host);
        var link = WebUtility.HtmlDecode(Regex.Match(await alan.GetAsync("/demo/mailbox"), "href=\"(/invitations/accept[^\"]+)\"").Groups[1].Value);
        var token = Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);
        secrets.Add(token);
        await alan.GetAsync(link);
        var accepted = await alan.PostAsync("/invitations/accept", new() { ["account"] = Regex.Match(link, "account=([^&]+)").Groups[1].Value, ["token"] = token, ["name"] = "Alan Turing", ["email"] = "wrong@example.com" });
        // The accept form, refused, keeps its own token (so the invitee can correct the email), in its hidden field only.
        var acceptPage = await accepted.Content.ReadAsStringAsync();
        Assert.Single(Regex.Matches(acceptPage, Regex.Escape(token)));
        Assert.Contains($"name=\"token\" value=\"{token}\"", acceptPage, StringComparison.Ordinal);

        // The voice platform: a good key, a mistyped one, a key in a body that is no JSON.
        using var client = _host.CreateClient();
        var mistyped = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');
        secrets.Add(mistyped);
        foreach (var presented in new[] { key, mistyped, "flk_" + key[4..20] })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presented);
            responses.Add(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        }
        using (var broken = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account.Id}/environments"))
        {
            broken.Headers.Add("X-Demo-User", account.Admin.ToString());
            broken.Content = new StringContent($"{{\"name\": \"{key}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(broken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            responses.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.True(_host.Logs.Lines.Count > 100, "the host's logs were captured");
        Assert.Contains(_host.Logs.Lines, line => line.StartsWith("Debug Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.All(secrets, secret =>
        {
            Assert.Matches("^(flk_)?[0-9A-Za-z_-]{20,}$", secret);
            Assert.False(_host.Logs.Contains(secret), $"a secret was logged: {secret[..6]}…");
            Assert.DoesNotContain(responses, response => response.Contains(secret, StringComparison.Ordinal));
        });
    }

    public void Dispose() => _host.Dispose();
}
