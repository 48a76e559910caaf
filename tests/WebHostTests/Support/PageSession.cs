using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fluents.Settings.WebHostTests.Support;

/// <summary>A browser without JavaScript: a cookie jar, the anti-forgery token of the last page, forms posted by hand.</summary>
internal sealed partial class PageSession : IDisposable
{
    private readonly HttpClient _client;

    private PageSession(WebHostFactory host) =>
        _client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The anti-forgery token of the last page read.</summary>
    public string? Token { get; private set; }

    /// <summary>Signs in as the member with <paramref name="email"/> on the demo sign-in page.</summary>
    public static async Task<PageSession> SignInAsync(WebHostFactory host, string email)
    {
        var session = new PageSession(host);
        var page = await session.GetAsync("/demo/sign-in");
        var user = Regex.Match(page, $"name=\"user\" value=\"(?<id>[^\"]+)\" />\\s*<button type=\"submit\" data-testid=\"sign-in-{Regex.Escape(email)}\"").Groups["id"].Value;
        Assert.NotEmpty(user);
        var signedIn = await session.PostAsync("/demo/sign-in", new() { ["user"] = user });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await session.GetAsync("/settings/environments"); // the anti-forgery token is bound to the signed-in user
        return session;
    }

    /// <summary>A session that signed in as nobody.</summary>
    public static PageSession Anonymous(WebHostFactory host) => new(host);

    public async Task<string> GetAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        Remember(html);
        return html;
    }

    public Task<HttpResponseMessage> GetResponseAsync(string path) => _client.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>Posts a form with the page's anti-forgery token (unless <paramref name="antiforgery"/> is false).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, bool antiforgery = true)
    {
        if (antiforgery && Token is not null) fields["__RequestVerificationToken"] = Token;
        using var content = new FormUrlEncodedContent(fields);
        var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content);
        await response.Content.LoadIntoBufferAsync();
        Remember(await response.Content.ReadAsStringAsync());
        return response;
    }

    public void Dispose() => _client.Dispose();

    private void Remember(string html)
    {
        var token = AntiforgeryToken().Match(html);
        if (token.Success) Token = WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
