using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using Microsoft.Extensions.Hosting;
using System.Text.Json;
using Xunit;

namespace HostApp;

/// <summary>
/// Every namespace of the library imported next to <c>System</c> (implicit usings) and Microsoft.Extensions.Hosting:
/// <c>Environment</c> is still <see cref="System.Environment"/>, <c>Environments</c> is still the hosting class, and the
/// library's environment type is <see cref="AccountEnvironment"/>. Nothing here needs an alias.
/// </summary>
public class HostCompatibilityTests
{
    [Fact]
    public void FrameworkNames_ResolveToTheFramework_WithEveryLibraryNamespaceImported()
    {
        Assert.Equal(System.Environment.ProcessorCount, Environment.ProcessorCount);
        Assert.Equal("Development", Environments.Development);
        Assert.Equal(typeof(System.Environment), typeof(Environment));
    }

    [Fact]
    public async Task LibraryTypes_AreUsableByTheirOwnNames()
    {
        var settings = InMemorySettings.Create();
        var ada = new UserId(Guid.NewGuid());
        var opened = (await settings.Service.OpenAccountAsync(40, ada, "Ada Lovelace", "ada@example.com")).Value;

        AccountEnvironment? environment = opened.Account.FindEnvironment(opened.DefaultEnvironment);
        var gate = new CallGate(opened.Account.Allocation);

        Assert.Equal("default", environment?.Name.Value);
        Assert.True(gate.TryAdmit(opened.DefaultEnvironment).IsAdmitted);
        Assert.IsType<SettingsService>(settings.Service);
        Assert.Equal(40, opened.Account.PlanLimit);
        Assert.IsType<Account>(opened.Account);
    }

    [Fact]
    public async Task JsonFormat_IsUsableBesideSystemTextJson()
    {
        var settings = InMemorySettings.Create();
        var opened = (await settings.Service.OpenAccountAsync(40, new UserId(Guid.NewGuid()), "Ada Lovelace", "ada@example.com")).Value;

        string json = SettingsJson.Serialize(opened.Account.ToSnapshot());
        using JsonDocument document = JsonDocument.Parse(json);

        Assert.Equal(SettingsJson.SnapshotSchemaVersion, document.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(opened.Account.ToSnapshot(), SettingsJson.DeserializeSnapshot(json).Value);
        Assert.IsType<JsonSerializerOptions>(SettingsJson.Options);
    }

    [Fact]
    public async Task ActorsAndTheAuditTrail_AreUsableByTheirOwnNames()
    {
        var settings = InMemorySettings.Create();
        var ada = new UserId(Guid.NewGuid());
        var opened = (await settings.Service.OpenAccountAsync(40, ada, "Ada Lovelace", "ada@example.com")).Value;
        Actor billing = SystemActor.Billing;

        _ = (await settings.Service.ChangePlanLimitAsync(opened.Account.Id, billing, 60)).Value;
        AuditPage page = (await settings.Service.ListAuditTrailAsync(opened.Account.Id, ada, new AuditFilter { Actor = SystemActor.Billing.ActorId })).Value;

        AuditEntry entry = Assert.Single(page.Entries);
        Assert.Equal("Billing changed the plan from 40 to 60 concurrent calls", entry.Summary);
        Assert.IsAssignableFrom<IAuditTrail>(settings.AuditTrail);
    }

    [Fact]
    public void HostBuilder_WithTheLibraryImported_Builds()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Environment.EnvironmentName = Environments.Staging;

        using var host = builder.Build();

        Assert.True(host.Services.GetType().Name.Length > 0);
        Assert.Equal("Staging", builder.Environment.EnvironmentName);
    }
}
