using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fluents.Settings.HostingTests;

public class OptionsValidationTests
{
    [Theory]
    [InlineData("MaxAttempts", "0", "FluentsSettings:MaxAttempts must be between 1 and 100; it is 0.")]
    [InlineData("MaxAttempts", "101", "FluentsSettings:MaxAttempts must be between 1 and 100; it is 101.")]
    [InlineData("AfterSaveTimeout", "00:00:00", "FluentsSettings:AfterSaveTimeout must be between 00:00:00.001 and 24.20:31:23.647, or -00:00:00.001 for no limit; it is 00:00:00.")]
    [InlineData("AfterSaveTimeout", "-00:00:05", "FluentsSettings:AfterSaveTimeout must be between 00:00:00.001 and 24.20:31:23.647, or -00:00:00.001 for no limit; it is -00:00:05.")]
    [InlineData("AfterSaveTimeout", "30.00:00:00", "FluentsSettings:AfterSaveTimeout must be between 00:00:00.001 and 24.20:31:23.647, or -00:00:00.001 for no limit; it is 30.00:00:00.")]
    public async Task ABadValue_StopsTheHostAtStart_WithAMessageNamingTheKey(string key, string value, string message)
    {
        using var host = TestHost.Build(configuration: new Dictionary<string, string?> { [$"FluentsSettings:{key}"] = value });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal([message], refused.Failures);
    }

    [Fact]
    public async Task EveryBadValue_IsReportedAtOnce()
    {
        using var host = TestHost.Build(configure: options =>
        {
            options.MaxAttempts = -1;
            options.AfterSaveTimeout = TimeSpan.Zero;
        });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(2, refused.Failures.Count());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("100")]
    public async Task TheBoundaries_AreAccepted(string maxAttempts)
    {
        using var host = TestHost.Build(configuration: new Dictionary<string, string?>
        {
            ["FluentsSettings:MaxAttempts"] = maxAttempts,
            ["FluentsSettings:AfterSaveTimeout"] = "00:00:00.001",
        });

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task NoLimit_IsAccepted()
    {
        using var host = TestHost.Build(configuration: new Dictionary<string, string?> { ["FluentsSettings:AfterSaveTimeout"] = "-00:00:00.001" });

        await host.StartAsync();
        await host.StopAsync();
    }
}
