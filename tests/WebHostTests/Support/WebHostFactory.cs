using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime.Testing;

namespace Fluents.Settings.WebHostTests.Support;

/// <summary>
/// The web host as <c>dotnet run</c> starts it, with a clock the test moves (NodaTime's <c>FakeClock</c>, registered in place
/// of the host's <see cref="IClock"/>) and every log line captured at <see cref="LogLevel.Trace"/>.
/// </summary>
public sealed class WebHostFactory : WebApplicationFactory<Program>
{
    /// <summary>The instant every test starts at.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 28, 9, 0);

    /// <summary>A host on the test server (in memory), with the docs' environments seeded.</summary>
    public WebHostFactory()
        : this(seedEnvironments: true, kestrel: false)
    {
    }

    /// <summary>A host with or without the docs' environments, on the test server or on Kestrel (a real port, for a browser).</summary>
    /// <param name="seedEnvironments">Whether the demo account gets production, staging and research.</param>
    /// <param name="kestrel">Whether to listen on 127.0.0.1 on a free port.</param>
    /// <param name="services">More registrations (after the host's), e.g. a failing event handler.</param>
    internal WebHostFactory(bool seedEnvironments, bool kestrel, Action<IServiceCollection>? services = null)
    {
        SeedEnvironments = seedEnvironments;
        _services = services;
        if (kestrel) UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    private readonly Action<IServiceCollection>? _services;

    /// <summary>The host's clock.</summary>
    public FakeClock Clock { get; } = new(Start);

    /// <summary>Every log line the host wrote.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Whether the demo account gets the docs' environments.</summary>
    public bool SeedEnvironments { get; }

    /// <summary>Where a browser finds the host (after <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/> with Kestrel).</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Demo:SeedEnvironments", SeedEnvironments ? "true" : "false");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IClock>(Clock);
            _services?.Invoke(services);
        });
    }
}
