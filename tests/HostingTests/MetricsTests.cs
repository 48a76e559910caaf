using System.Diagnostics.Metrics;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OneOf;
using OneOf.Types;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.HostingTests;

public class MetricsTests
{
    [Fact]
    public async Task UseCases_RecordTheirDuration_InSeconds_ByUseCaseAndOutcome()
    {
        using var host = TestHost.Build();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meters, Name, Instruments.UseCaseDuration);
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, _) = await TestHost.OpenAccountAsync(settings, planLimit: 40);

        await settings.CreateEnvironmentAsync(account, admin, "staging", 10);
        await settings.CreateEnvironmentAsync(account, admin, "research", 11); // refused: 20 + 10 + 11 is above the plan
        await settings.ListEnvironmentsAsync(account, admin);

        var measured = durations.GetMeasurementSnapshot();
        Assert.Equal("s", durations.Instrument!.Unit);
        Assert.Equal(["open_account", "edit_environment", "create_environment", "create_environment", "list_environments"], measured.Select(m => (string)m.Tags[Tags.UseCase]!));
        Assert.Equal(["success", "success", "success", "concurrency.exceeds_plan", "success"], measured.Select(m => (string)m.Tags[Tags.Outcome]!));
        Assert.Equal("concurrency.exceeds_plan", measured[3].Tags[Tags.ErrorType]);
        Assert.False(measured[2].Tags.ContainsKey(Tags.ErrorType));
        Assert.All(measured, m => Assert.InRange(m.Value, 0, 10));
    }

    [Fact]
    public async Task Conflicts_AreCounted_RetriedOrNot()
    {
        var conflicting = new ConflictingRepository(conflicts: 2);
        using var host = TestHost.Build(services => services.AddSingleton<IAccountRepository>(conflicting), configure: o => o.MaxAttempts = 2);
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var conflicts = new MetricCollector<long>(meters, Name, Instruments.ConcurrencyConflicts);
        using var durations = new MetricCollector<double>(meters, Name, Instruments.UseCaseDuration);
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, opened) = await TestHost.OpenAccountAsync(settings, defaultLimit: null);

        var result = await settings.EditEnvironmentAsync(account, admin, opened.DefaultEnvironment, "production", null); // two saves lose: no attempt left

        Assert.IsType<ConflictAfterRetries>(result.Error);
        var counted = conflicts.GetMeasurementSnapshot();
        Assert.Equal(["true", "false"], counted.Select(m => (string)m.Tags[Tags.Retried]!));
        Assert.All(counted, m => Assert.Equal("edit_environment", m.Tags[Tags.UseCase]));
        Assert.Equal("account.conflict_after_retries", durations.LastMeasurement!.Tags[Tags.Outcome]);
    }

    [Fact]
    public async Task ApiKeyVerifications_AreCountedByResult()
    {
        using var host = TestHost.Build();
        using var verifications = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), Name, Instruments.ApiKeyVerifications);
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (_, _, opened) = await TestHost.OpenAccountAsync(settings);
        var key = opened.DefaultEnvironmentKey.Reveal();

        settings.VerifyApiKey(key);
        settings.VerifyApiKey("not a key");
        settings.VerifyApiKey(key[..^1] + (key[^1] == 'A' ? 'B' : 'A')); // a typo: the checksum fails

        Assert.Equal(["verified", "malformed", "checksum_mismatch"], verifications.GetMeasurementSnapshot().Select(m => (string)m.Tags[Tags.ApiKeyResult]!));
        Assert.Equal("{verification}", verifications.Instrument!.Unit);
    }

    [Fact]
    public async Task TheGate_CountsAdmissionsByResult_CallsInFlight_AndHowLongEachHeld()
    {
        using var host = TestHost.Build();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var admissions = new MetricCollector<long>(meters, Name, Instruments.Admissions);
        using var active = new MetricCollector<long>(meters, Name, Instruments.ActiveCallLeases);
        using var held = new MetricCollector<double>(meters, Name, Instruments.CallLeaseDuration);
        var settings = host.Services.GetRequiredService<SettingsService>();
        var gate = host.Services.GetRequiredService<ICallGate>();
        var (account, _, opened) = await TestHost.OpenAccountAsync(settings, planLimit: 1, defaultLimit: null);

        var admitted = await gate.TryAdmitAsync(account, opened.DefaultEnvironment);
        await gate.TryAdmitAsync(account, opened.DefaultEnvironment); // the environment holds the whole plan: at capacity
        await gate.TryAdmitAsync(account, new Environments.EnvironmentId(Guid.NewGuid()));
        Assert.Equal(1, active.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.True(await admitted.ToOneOf().AsT0.ReleaseAsync());
        Assert.False(await admitted.ToOneOf().AsT0.ReleaseAsync()); // a duplicate hang-up frees nothing and counts nothing

        Assert.Equal(["admitted", "environment_at_capacity", "unknown_environment"], admissions.GetMeasurementSnapshot().Select(m => (string)m.Tags[Tags.GateResult]!));
        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal("{call}", active.Instrument!.Unit);
        var duration = Assert.Single(held.GetMeasurementSnapshot());
        Assert.Equal("s", held.Instrument!.Unit);
        Assert.InRange(duration.Value, 0, 10);
    }

    [Fact]
    public async Task ARetriedAdmission_WithItsLeaseId_CountsOneCallInFlight()
    {
        using var host = TestHost.Build();
        using var active = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), Name, Instruments.ActiveCallLeases);
        var gate = host.Services.GetRequiredService<ICallGate>();
        var (account, _, opened) = await TestHost.OpenAccountAsync(host.Services.GetRequiredService<SettingsService>());
        var id = CallLeaseId.New();

        Assert.True((await gate.TryAdmitAsync(account, opened.DefaultEnvironment, id)).IsAdmitted);
        Assert.True((await gate.TryAdmitAsync(account, opened.DefaultEnvironment, id)).IsAdmitted);

        Assert.Equal(1, active.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task NoTag_CarriesAnAccountEnvironmentOrKey()
    {
        using var host = TestHost.Build();
        var collected = new List<(string Instrument, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == Name) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => collected.Add((i.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => collected.Add((i.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var gate = host.Services.GetRequiredService<ICallGate>();
        var (account, admin, opened) = await TestHost.OpenAccountAsync(settings);
        var staging = (await settings.CreateEnvironmentAsync(account, admin, "staging", 10)).Value;
        settings.VerifyApiKey(staging.ApiKey.Reveal());
        var lease = (await gate.TryAdmitAsync(account, staging.Environment)).ToOneOf().AsT0;
        await lease.ReleaseAsync();
        await settings.InviteAsync(account, admin, "grace@example.com", Members.Role.Member);

        Assert.Equal(
            new[] { Instruments.ActiveCallLeases, Instruments.Admissions, Instruments.ApiKeyVerifications, Instruments.CallLeaseDuration, Instruments.UseCaseDuration }.Order(StringComparer.Ordinal),
            collected.Select(c => c.Instrument).Distinct().Order(StringComparer.Ordinal));
        var secrets = new[] { account.ToString(), admin.ToString(), opened.DefaultEnvironment.ToString(), staging.Environment.ToString(), staging.ApiKey.Reveal(), lease.Id.ToString(), "grace" };
        Assert.All(collected, c => Assert.DoesNotContain(secrets, s => c.Tags.Contains(s, StringComparison.OrdinalIgnoreCase)));
    }

    private sealed class ConflictingRepository(int conflicts) : IAccountRepository
    {
        private readonly InMemoryAccountRepository _inner = new();
        private int _left = conflicts;

        public Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default) => _inner.AddAsync(account, cancellationToken);

        public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _left) >= 0
                ? Task.FromResult<OneOf<Success, ConcurrencyConflict>>(new ConcurrencyConflict(account.Id, expectedVersion, expectedVersion + 1))
                : _inner.SaveAsync(account, expectedVersion, cancellationToken);
    }
}
