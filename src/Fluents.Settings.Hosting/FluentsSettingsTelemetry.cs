using System.Diagnostics.Metrics;
using Fluents.Settings.Diagnostics;

namespace Fluents.Settings.Hosting;

/// <summary>
/// The host's one <see cref="SettingsMetrics"/>, on a meter from its <see cref="IMeterFactory"/>, registered by
/// <c>AddFluentsSettings()</c>: the service, the metered gate and the adapters' <c>Use…</c> methods (the outbox relay's lag)
/// all record through it, so each instrument exists once.
/// </summary>
public sealed class FluentsSettingsTelemetry
{
    /// <summary>Creates the metrics when the host has a meter factory and metrics are on.</summary>
    /// <param name="meterFactory">The host's meter factory, or <c>null</c>.</param>
    /// <param name="enabled"><see cref="FluentsSettingsOptions.EnableMetrics"/>.</param>
    public FluentsSettingsTelemetry(IMeterFactory? meterFactory, bool enabled) =>
        Metrics = enabled && meterFactory is not null ? new SettingsMetrics(meterFactory) : null;

    /// <summary>The metrics; <c>null</c> when the host has no <see cref="IMeterFactory"/> or turned metrics off.</summary>
    public SettingsMetrics? Metrics { get; }
}
