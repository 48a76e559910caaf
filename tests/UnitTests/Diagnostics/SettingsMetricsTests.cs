using System.Diagnostics.Metrics;
using Fluents.Settings.Application;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.UnitTests.Application;
using NodaTime;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.UnitTests.Diagnostics;

/// <summary>
/// The core's instruments without a host (the hosting package's tests check the same through <c>AddFluentsSettings()</c>):
/// names, units and buckets a dashboard is built on, and what each use case, verification and conflict records.
/// </summary>
public sealed class SettingsMetricsTests : IDisposable
{
    private readonly MeterRecorder _recorded = new();

    private SettingsMetrics Metrics => _recorded.Metrics;

    public void Dispose() => _recorded.Dispose();

    [Fact]
    public void Instruments_HaveTheDocumentedNamesKindsAndUnits()
    {
        var instruments = _recorded.Instruments;

        Assert.Equal(7, instruments.Count);
        Assert.IsType<UpDownCounter<long>>(instruments[Instruments.ActiveCallLeases]);
        Assert.IsType<Counter<long>>(instruments[Instruments.Admissions]);
        Assert.IsType<Histogram<double>>(instruments[Instruments.CallLeaseDuration]);
        Assert.IsType<Counter<long>>(instruments[Instruments.ApiKeyVerifications]);
        Assert.IsType<Histogram<double>>(instruments[Instruments.UseCaseDuration]);
        Assert.IsType<Counter<long>>(instruments[Instruments.ConcurrencyConflicts]);
        Assert.IsType<Histogram<double>>(instruments[Instruments.OutboxLag]);
        Assert.Equal("{call}", instruments[Instruments.ActiveCallLeases].Unit);
        Assert.Equal("{call}", instruments[Instruments.Admissions].Unit);
        Assert.Equal("s", instruments[Instruments.CallLeaseDuration].Unit);
        Assert.Equal("{verification}", instruments[Instruments.ApiKeyVerifications].Unit);
        Assert.Equal("s", instruments[Instruments.UseCaseDuration].Unit);
        Assert.Equal("{conflict}", instruments[Instruments.ConcurrencyConflicts].Unit);
        Assert.Equal("s", instruments[Instruments.OutboxLag].Unit);
        Assert.All(instruments.Values, i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
        Assert.Same(_recorded.Meter, Metrics.Meter);
    }

    [Fact]
    public void Histograms_AdviseBucketsForCallsThatLastSecondsToHours_AndForStoreRoundTrips()
    {
        double[] callBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600, 7_200, 14_400];
        double[] roundTripBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

        Assert.Equal(callBuckets, BucketsOf(Instruments.CallLeaseDuration));
        Assert.Equal(roundTripBuckets, BucketsOf(Instruments.UseCaseDuration));
        Assert.Equal(roundTripBuckets, BucketsOf(Instruments.OutboxLag));
    }

    [Fact]
    public void FromAMeterFactory_TheMeterIsTheFactorysAndNamedForListeners()
    {
        var factory = new RecordingMeterFactory();

        var metrics = new SettingsMetrics(factory);

        Assert.Same(factory.Created, metrics.Meter);
        Assert.Equal(Name, metrics.Meter.Name);
        metrics.Meter.Dispose();
    }

    [Fact]
    public void Constructors_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("meter", () => new SettingsMetrics((Meter)null!));
        Assert.Throws<ArgumentNullException>("meterFactory", () => new SettingsMetrics((IMeterFactory)null!));
    }

    [Fact]
    public void RecordOutboxLag_InSeconds_AndANegativeLagFromClockSkewAsZero()
    {
        Metrics.RecordOutboxLag(TimeSpan.FromMilliseconds(1_500));
        Metrics.RecordOutboxLag(TimeSpan.FromSeconds(-3));

        Assert.Equal([1.5, 0], _recorded.Of(Instruments.OutboxLag).Select(m => m.Value));
    }

    [Fact]
    public async Task UseCases_RecordTheirDurationByNameAndOutcome_WithTheErrorCodeOnlyOnARefusal()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40, options: new SettingsServiceOptions { Metrics = Metrics });
        var service = harness.Service;
        _ = (await service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, null, 20)).Value;

        _ = (await service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 10)).Value;
        Assert.False((await service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "research", 11)).Succeeded); // 20 + 10 + 11 > 40
        _ = (await service.ListEnvironmentsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;

        var measured = _recorded.Of(Instruments.UseCaseDuration);
        Assert.Equal(["open_account", "edit_environment", "create_environment", "create_environment", "list_environments"], measured.Select(m => m.Tag(Tags.UseCase)));
        Assert.Equal(["success", "success", "success", "concurrency.exceeds_plan", "success"], measured.Select(m => m.Tag(Tags.Outcome)));
        Assert.Equal("concurrency.exceeds_plan", measured[3].Tag(Tags.ErrorType));
        Assert.All(measured.Where(m => m.Tag(Tags.Outcome) == "success"), m => Assert.False(m.Tags.ContainsKey(Tags.ErrorType)));
        Assert.All(measured, m => Assert.InRange(m.Value, 0, 10)); // seconds, not milliseconds or ticks
    }

    [Fact]
    public async Task AUseCaseThatThrows_IsRecordedAsAnException_WithItsType()
    {
        ThrowingOnSaveRepository? store = null;
        var harness = await ServiceHarness.OpenAsync(
            decorateRepository: inner => store = new ThrowingOnSaveRepository(inner),
            options: new SettingsServiceOptions { Metrics = Metrics });
        store!.Failing = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0));

        var failed = _recorded.Of(Instruments.UseCaseDuration)[^1];
        Assert.Equal("create_environment", failed.Tag(Tags.UseCase));
        Assert.Equal("exception", failed.Tag(Tags.Outcome));
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.Tag(Tags.ErrorType));
    }

    [Fact]
    public async Task Conflicts_AreCountedPerSave_RetriedWhileAttemptsRemain()
    {
        AlwaysConflictingRepository? store = null;
        var harness = await ServiceHarness.OpenAsync(
            decorateRepository: inner => store = new AlwaysConflictingRepository(inner),
            options: new SettingsServiceOptions { Metrics = Metrics, MaxAttempts = 3 });
        store!.Conflicting = true;

        var result = await harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "staging", 0);

        Assert.IsType<ConflictAfterRetries>(result.Error);
        var conflicts = _recorded.Of(Instruments.ConcurrencyConflicts);
        Assert.Equal(["true", "true", "false"], conflicts.Select(m => m.Tag(Tags.Retried)));
        Assert.All(conflicts, m => Assert.Equal(1, m.Value));
        Assert.All(conflicts, m => Assert.Equal("create_environment", m.Tag(Tags.UseCase)));
        Assert.Equal("account.conflict_after_retries", _recorded.Of(Instruments.UseCaseDuration)[^1].Tag(Tags.Outcome));
    }

    [Fact]
    public async Task ApiKeyVerifications_AreCountedByEveryKindOfAnswer()
    {
        var harness = await ServiceHarness.OpenAsync(options: new SettingsServiceOptions { Metrics = Metrics });
        var service = harness.Service;
        var key = harness.DefaultKey.Reveal();
        _ = (await service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromHours(1))).Value;
        harness.Clock.Advance(Duration.FromHours(2)); // the old key's grace is over
        var rotated = (await service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.Zero)).Value;
        var current = rotated.ApiKey.Reveal();

        Assert.True(service.VerifyApiKey(current).Succeeded);
        service.VerifyApiKey("not a key");
        service.VerifyApiKey(current[..^1] + (current[^1] == 'A' ? 'B' : 'A')); // a typo: the checksum fails
        service.VerifyApiKey(key);                                                 // rotated away long ago

        Assert.Equal(["verified", "malformed", "checksum_mismatch", "unknown"], _recorded.Of(Instruments.ApiKeyVerifications).Select(m => m.Tag(Tags.ApiKeyResult)));
        Assert.All(_recorded.Of(Instruments.ApiKeyVerifications), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task AnExpiredKey_IsCountedAsExpired()
    {
        var harness = await ServiceHarness.OpenAsync(options: new SettingsServiceOptions { Metrics = Metrics });
        var old = harness.DefaultKey.Reveal();
        _ = (await harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, harness.DefaultEnvironment, Duration.FromHours(1))).Value;
        harness.Clock.Advance(Duration.FromHours(2));

        var verification = harness.Service.VerifyApiKey(old);

        Assert.IsType<Fluents.Settings.ApiKeys.ExpiredApiKey>(verification.Error); // R26: the old key names when it ended
        Assert.Equal("expired", Assert.Single(_recorded.Of(Instruments.ApiKeyVerifications)).Tag(Tags.ApiKeyResult));
    }

    [Theory]
    [InlineData("CreateEnvironmentAsync", "create_environment")]
    [InlineData("ListAuditTrailAsync", "list_audit_trail")]
    [InlineData("VerifyApiKey", "verify_api_key")]
    [InlineData("Async", "")]
    [InlineData("Leave", "leave")]
    public void UseCaseName_IsTheMethodInSnakeCaseWithoutAsync(string member, string expected) =>
        Assert.Equal(expected, SettingsService.UseCaseName(member));

    private double[] BucketsOf(string instrument) =>
        [.. Assert.IsType<Histogram<double>>(_recorded.Instruments[instrument]).Advice!.HistogramBucketBoundaries!];

    private sealed class RecordingMeterFactory : IMeterFactory
    {
        public Meter? Created { get; private set; }

        public Meter Create(MeterOptions options) => Created = new Meter(options);

        public void Dispose() => Created?.Dispose();
    }
}
