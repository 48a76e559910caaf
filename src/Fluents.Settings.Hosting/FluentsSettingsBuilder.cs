using Ardalis.GuardClauses;
using Microsoft.Extensions.DependencyInjection;

namespace Fluents.Settings.Hosting;

/// <summary>
/// What <see cref="FluentsSettingsServiceCollectionExtensions.AddFluentsSettings"/> returns: the place where the adapter
/// packages add their <c>Use…</c> methods (<c>UsePostgreSql</c> in <c>Fluents.Settings.Hosting.PostgreSql</c>,
/// <c>UseRedisCallGate</c> in <c>Fluents.Settings.Hosting.Redis</c>).
/// </summary>
public sealed class FluentsSettingsBuilder
{
    /// <summary>The service key of the call gate that decides admissions, before the library's metering wraps it as <see cref="Concurrency.ICallGate"/>.</summary>
    /// <remarks>An adapter that brings its own gate registers it under this key: <c>services.AddKeyedSingleton&lt;ICallGate&gt;(FluentsSettingsBuilder.DecidingCallGateKey, …)</c>.</remarks>
    public const string DecidingCallGateKey = "Fluents.Settings.DecidingCallGate";

    internal FluentsSettingsBuilder(IServiceCollection services) => Services = Guard.Against.Null(services);

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }
}
