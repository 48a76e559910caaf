using System.Net;
using System.Text.RegularExpressions;
using Fluents.Settings.Application;
using Fluents.Settings.WebHostTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fluents.Settings.WebHostTests.Api;

/// <summary>When a step after a save fails (here: an event handler), the change stands: the user gets its result, a new key
/// included, and the failure is logged, without the key.</summary>
public sealed class AfterSaveTests : IDisposable
{
    private readonly WebHostFactory _host = new(seedEnvironments: true, kestrel: false,
        services => services.AddSingleton<IAccountEventHandler, FailingHandler>());

    [Fact]
    public async Task AFailingEventHandler_LosesNeitherTheChangeNorTheKey_AndIsLogged()
    {
        var account = await TestAccount.OpenAsync(_host);

        var (staging, key) = await account.CreateEnvironmentAsync("staging", 10);

        var rows = (await (await account.AsAdminAsync(HttpMethod.Get, "/environments")).JsonAsync()).GetProperty("rows");
        Assert.Contains(staging, rows.EnumerateArray().Select(row => row.GetProperty("id").GetGuid()));
        Assert.Contains(_host.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("a step after the save failed", StringComparison.Ordinal));
        Assert.False(_host.Logs.Contains(key));
    }

    [Fact]
    public async Task OnThePage_TheNewKeyIsStillShownOnce()
    {
        using var ada = await PageSession.SignInAsync(_host, "ada@example.com");
        var research = Regex.Match(await ada.GetAsync("/settings/environments"), "<tr data-environment=\"research\">\\s*<td class=\"mono\" title=\"([0-9a-f-]+)\"").Groups[1].Value;

        var rotated = await ada.PostAsync("/settings/environments?handler=Rotate", new() { ["id"] = research, ["graceMinutes"] = "0" });

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Matches("<code id=\"new-key-value\">flk_[0-9A-Za-z]{28}</code>", await rotated.Content.ReadAsStringAsync());
    }

    public void Dispose() => _host.Dispose();

    private sealed class FailingHandler : IAccountEventHandler
    {
        public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the resource service is down");
    }
}
