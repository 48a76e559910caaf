using System.Diagnostics.Metrics;
using Fluents.Settings.Diagnostics;

namespace Fluents.Settings.Hosting;

// The one SettingsMetrics of a host, on a meter from its IMeterFactory; none when the host has no factory or turned
// metrics off (FluentsSettingsOptions.EnableMetrics).
internal sealed class LibraryMetrics(IMeterFactory? meterFactory, bool enabled)
{
    public SettingsMetrics? Metrics { get; } = enabled && meterFactory is not null ? new SettingsMetrics(meterFactory) : null;
}
