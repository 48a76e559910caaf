using System.Diagnostics.Metrics;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Contracts;
using Fluents.Settings.Diagnostics;

namespace Fluents.Settings.HostingTests;

/// <summary>The metered gate AddFluentsSettings() registers passes the contract of every call gate (R13, R30): recording changes nothing it decides.</summary>
public sealed class MeteredCallGateContractTests : CallGateContract, IDisposable
{
    private readonly Meter _meter = new(SettingsTelemetry.Name);

    public void Dispose() => _meter.Dispose();

    protected override ICallGate CreateGate(GateLimitsLoader? loadLimits = null) => new MeteredCallGate(new InProcessCallGate(loadLimits), new SettingsMetrics(_meter));
}
