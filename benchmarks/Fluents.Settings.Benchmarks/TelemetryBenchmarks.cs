using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// What telemetry costs (issue 15), each against the same work without it, in the same run: API-key verification,
/// admit + release through the <see cref="ICallGate"/> port, and a whole use case in memory. "listened" means a
/// <see cref="MeterListener"/> (and for the use case an <see cref="ActivityListener"/>) records every measurement and span,
/// as an exporter would; the baselines run in processes where nothing listens.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TelemetryBenchmarks
{
    private readonly Meter _meter = new(SettingsTelemetry.Name);
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private SettingsService _plain = null!;
    private SettingsService _metered = null!;
    private InProcessCallGate _gate = null!;
    private MeteredCallGate _meteredGate = null!;
    private AccountId _account;
    private AccountId _meteredAccount;
    private UserId _admin;
    private EnvironmentId _environment;
    private EnvironmentId _meteredEnvironment;
    private string _key = null!;
    private int _limit = 10;

    [GlobalSetup]
    public void Setup() => Prepare(listen: false);

    [GlobalSetup(Targets = [nameof(VerifyMeteredAndListened), nameof(AdmitAndReleaseMeteredAndListened), nameof(EditLimitMeteredTracedAndListened)])]
    public void SetupListened() => Prepare(listen: true);

    private void Prepare(bool listen)
    {
        var metrics = new SettingsMetrics(_meter);
        _plain = InMemorySettings.Create().Service;
        _metered = InMemorySettings.Create(options: new SettingsServiceOptions { Metrics = metrics }).Service;
        _admin = new UserId(Guid.NewGuid());
        var opened = _plain.OpenAccountAsync(40, _admin, "Ada Lovelace", "ada@example.com").GetAwaiter().GetResult().Value;
        var meteredOpened = _metered.OpenAccountAsync(40, _admin, "Ada Lovelace", "ada@example.com").GetAwaiter().GetResult().Value;
        (_account, _environment, _key) = (opened.Account.Id, opened.DefaultEnvironment, opened.DefaultEnvironmentKey.Reveal());
        (_meteredAccount, _meteredEnvironment) = (meteredOpened.Account.Id, meteredOpened.DefaultEnvironment);

        _gate = new InProcessCallGate();
        _gate.ApplyAsync(_account, 1, opened.Account.Allocation).AsTask().GetAwaiter().GetResult();
        var inner = new InProcessCallGate();
        inner.ApplyAsync(_account, 1, opened.Account.Allocation).AsTask().GetAwaiter().GetResult();
        _meteredGate = new MeteredCallGate(inner, metrics);

        if (!listen) return;
        _meterListener = new MeterListener { InstrumentPublished = (instrument, l) => { if (instrument.Meter == _meter) l.EnableMeasurementEvents(instrument); } };
        _meterListener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _meterListener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _meterListener.Start();
        _activityListener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == SettingsTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meterListener?.Dispose();
        _activityListener?.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("verify")]
    public bool Verify() => _plain.VerifyApiKey(_key).Succeeded;

    [Benchmark, BenchmarkCategory("verify")]
    public bool VerifyMeteredAndListened() => _metered.VerifyApiKey(_key).Succeeded;

    [Benchmark(Baseline = true), BenchmarkCategory("gate")]
    public bool AdmitAndRelease()
    {
        var admission = _gate.TryAdmitAsync(_account, _environment).Result;
        return admission.TryGetLease(out var lease) && lease.ReleaseAsync().Result;
    }

    [Benchmark, BenchmarkCategory("gate")]
    public bool AdmitAndReleaseMeteredAndListened()
    {
        var admission = _meteredGate.TryAdmitAsync(_account, _environment).Result;
        return admission.TryGetLease(out var lease) && lease.ReleaseAsync().Result;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("use case")]
    public bool EditLimit() => _plain.EditEnvironmentAsync(_account, _admin, _environment, null, Next()).Result.Succeeded;

    [Benchmark, BenchmarkCategory("use case")]
    public bool EditLimitMeteredTracedAndListened() =>
        _metered.EditEnvironmentAsync(_meteredAccount, _admin, _meteredEnvironment, null, Next()).Result.Succeeded;

    private int Next() => _limit = _limit == 10 ? 11 : 10;
}
