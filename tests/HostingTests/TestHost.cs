using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Members;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fluents.Settings.HostingTests;

/// <summary>A host as a team would build it: <c>Host.CreateApplicationBuilder</c>, configuration, then <c>AddFluentsSettings()</c>.</summary>
internal static class TestHost
{
    public static IHost Build(Action<IServiceCollection>? services = null, IDictionary<string, string?>? configuration = null, Action<Hosting.FluentsSettingsOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        if (configuration is not null) builder.Configuration.AddInMemoryCollection(configuration);
        services?.Invoke(builder.Services);
        builder.Services.AddFluentsSettings(configure);
        return builder.Build();
    }

    // The default environment takes the whole plan unless told otherwise (R7); the tests that create more lower it first.
    public static async Task<(AccountId Account, UserId Admin, OpenedAccount Opened)> OpenAccountAsync(SettingsService settings, int planLimit = 40, int? defaultLimit = 20)
    {
        var admin = new UserId(Guid.NewGuid());
        var opened = (await settings.OpenAccountAsync(planLimit, admin, "Ada Lovelace", "ada@example.com")).Value;
        if (defaultLimit is { } limit) Assert.True((await settings.EditEnvironmentAsync(opened.Account.Id, admin, opened.DefaultEnvironment, "production", limit)).Succeeded);
        return (opened.Account.Id, admin, opened);
    }
}
