using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fluents.Settings.Diagnostics;

namespace Fluents.Settings.UnitTests.Diagnostics;

/// <summary>
/// Listens to one <see cref="Meter"/> (not to every meter of the same name, so that tests running in parallel do not
/// see each other's measurements) and keeps what it publishes and records. It owns that meter, named as the library's,
/// and the <see cref="SettingsMetrics"/> created on it.
/// </summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);

    public MeterRecorder()
    {
        var meter = Meter = new Meter(SettingsTelemetry.Name);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter)) return;
            _instruments[instrument.Name] = instrument;
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
        Metrics = new SettingsMetrics(meter);
    }

    /// <summary>The meter listened to.</summary>
    public Meter Meter { get; }

    /// <summary>The library's instruments on <see cref="Meter"/>.</summary>
    public SettingsMetrics Metrics { get; }

    /// <summary>The meter's instruments by name, as published.</summary>
    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;

    /// <summary>Every measurement of one instrument, in the order recorded.</summary>
    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    public void Dispose()
    {
        _listener.Dispose();
        Meter.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measured.Enqueue(new Measured(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));

    internal sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
    }
}
