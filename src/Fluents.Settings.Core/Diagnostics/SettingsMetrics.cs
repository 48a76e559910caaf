using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ardalis.GuardClauses;
using Fluents.Settings.ApiKeys;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.Diagnostics;

/// <summary>
/// The library's instruments (<see cref="SettingsTelemetry.Instruments"/>) on one <see cref="Meter"/> named
/// <see cref="SettingsTelemetry.Name"/>. Give one to <see cref="Application.SettingsServiceOptions.Metrics"/> and to a
/// <see cref="MeteredCallGate"/>; the hosting package does both from the host's <see cref="IMeterFactory"/>.
/// </summary>
/// <remarks>Thread-safe. Recording costs a few nanoseconds while nothing listens, and allocates nothing.</remarks>
public sealed class SettingsMetrics
{
    // Buckets for call durations: calls last seconds to hours (the default buckets stop at 10 s).
    private static readonly double[] CallDurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600, 7_200, 14_400];

    // Buckets for use cases and the outbox: a use case is one or two store round trips, the outbox waits for its relay.
    private static readonly double[] UseCaseBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly UpDownCounter<long> _activeCallLeases;
    private readonly Counter<long> _admissions;
    private readonly Histogram<double> _callLeaseDuration;
    private readonly Counter<long> _apiKeyVerifications;
    private readonly Histogram<double> _useCaseDuration;
    private readonly Counter<long> _concurrencyConflicts;
    private readonly Histogram<double> _outboxLag;

    /// <summary>Creates the instruments on a meter from the host's factory (which owns and disposes it).</summary>
    /// <param name="meterFactory">The host's meter factory (<c>IMeterFactory</c> from dependency injection).</param>
    /// <exception cref="ArgumentNullException"><paramref name="meterFactory"/> is null.</exception>
    public SettingsMetrics(IMeterFactory meterFactory)
        : this(Guard.Against.Null(meterFactory).Create(new MeterOptions(Name)))
    {
    }

    /// <summary>Creates the instruments on a meter the caller owns (for a host without dependency injection).</summary>
    /// <param name="meter">The meter, named <see cref="SettingsTelemetry.Name"/> so that listeners find it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="meter"/> is null.</exception>
    public SettingsMetrics(Meter meter)
    {
        Meter = Guard.Against.Null(meter);
        _activeCallLeases = meter.CreateUpDownCounter<long>(Instruments.ActiveCallLeases, "{call}", "Calls this host admitted that are still running.");
        _admissions = meter.CreateCounter<long>(Instruments.Admissions, "{call}", "Calls presented to the call gate, by the gate's answer.");
        _callLeaseDuration = meter.CreateHistogram(
            Instruments.CallLeaseDuration, "s", "How long admitted calls held their place.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = CallDurationBuckets });
        _apiKeyVerifications = meter.CreateCounter<long>(Instruments.ApiKeyVerifications, "{verification}", "API keys presented, by the verification's answer.");
        _useCaseDuration = meter.CreateHistogram(
            Instruments.UseCaseDuration, "s", "How long each use case took, by outcome.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = UseCaseBuckets });
        _concurrencyConflicts = meter.CreateCounter<long>(Instruments.ConcurrencyConflicts, "{conflict}", "Saves that lost to another writer.");
        _outboxLag = meter.CreateHistogram(
            Instruments.OutboxLag, "s", "How long outbox entries waited between their commit and their delivery.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = UseCaseBuckets });
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    /// <summary>Records that an outbox relay delivered an entry (for adapters with a transactional outbox).</summary>
    /// <param name="lag">The time between the entry's commit and its delivery; negative values (clock skew) count as zero.</param>
    public void RecordOutboxLag(TimeSpan lag) => _outboxLag.Record(Math.Max(0, lag.TotalSeconds));

    internal void RecordUseCase(string useCase, long startedAt, string outcome, string? errorType)
    {
        // Stryker disable once Statement : without this early return the measurement goes to an instrument nobody listens to (a no-op); it only saves the tag list
        if (!_useCaseDuration.Enabled) return;
        var tags = new TagList { { Tags.UseCase, useCase }, { Tags.Outcome, outcome } };
        if (errorType is not null) tags.Add(Tags.ErrorType, errorType);
        _useCaseDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
    }

    internal void RecordConflict(string useCase, bool retried) =>
        _concurrencyConflicts.Add(1, new KeyValuePair<string, object?>(Tags.UseCase, useCase), new KeyValuePair<string, object?>(Tags.Retried, retried ? "true" : "false"));

    internal void RecordVerification(in ApiKeyVerification verification)
    {
        // Stryker disable once Statement : without this early return the measurement goes to an instrument nobody listens to (a no-op); it only saves the switch
        if (!_apiKeyVerifications.Enabled) return;
        var result = verification.Error switch
        {
            null => "verified",
            MalformedApiKey => "malformed",
            ApiKeyChecksumMismatch => "checksum_mismatch",
            UnknownApiKey => "unknown",
            ExpiredApiKey => "expired",
            // Stryker disable once String : unreachable, ApiKeyVerification holds one of the five cases above; the arm only keeps the switch exhaustive
            _ => "unknown",
        };
        _apiKeyVerifications.Add(1, new KeyValuePair<string, object?>(Tags.ApiKeyResult, result));
    }

    internal void RecordAdmission(string result) => _admissions.Add(1, new KeyValuePair<string, object?>(Tags.GateResult, result));

    internal void CallStarted() => _activeCallLeases.Add(1);

    internal void CallEnded(long? admittedAt)
    {
        _activeCallLeases.Add(-1);
        if (admittedAt is { } started) _callLeaseDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
