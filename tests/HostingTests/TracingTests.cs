using System.Collections.Concurrent;
using System.Diagnostics;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.HostingTests;

public sealed class TracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task AUseCase_IsOneSpan_WithAChildSpanPerStoreCall_AndItsOutcome()
    {
        using var host = TestHost.Build();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, _) = await TestHost.OpenAccountAsync(settings);
        using var test = new Activity("test").Start(); // only this test's spans
        var spans = () => _stopped.Where(a => a.TraceId == test.TraceId).ToList();

        await settings.CreateEnvironmentAsync(account, admin, "staging", 10);

        var useCase = Assert.Single(spans(), a => a.OperationName == "create_environment");
        Assert.Equal("create_environment", useCase.GetTagItem(Tags.UseCase));
        Assert.Equal("success", useCase.GetTagItem(Tags.Outcome));
        var children = spans().Where(a => a.ParentSpanId == useCase.SpanId).Select(a => a.OperationName).ToList();
        Assert.Equal(["account_repository.find", "account_repository.save", "audit_trail.append"], children);
        Assert.All(spans().Where(a => a.ParentSpanId == useCase.SpanId), a => Assert.Equal(ActivityKind.Client, a.Kind));
    }

    [Fact]
    public async Task ARefusal_IsTaggedWithItsCode_AndSavesNothing()
    {
        using var host = TestHost.Build();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, _) = await TestHost.OpenAccountAsync(settings, planLimit: 40);
        using var test = new Activity("test").Start();

        await settings.CreateEnvironmentAsync(account, admin, "research", 21); // 20 + 21 is above the plan

        var spans = _stopped.Where(a => a.TraceId == test.TraceId).ToList();
        var useCase = Assert.Single(spans, a => a.OperationName == "create_environment");
        Assert.Equal("concurrency.exceeds_plan", useCase.GetTagItem(Tags.Outcome));
        Assert.Equal("concurrency.exceeds_plan", useCase.GetTagItem(Tags.ErrorType));
        Assert.Equal(["account_repository.find"], spans.Where(a => a.ParentSpanId == useCase.SpanId).Select(a => a.OperationName));
    }

    [Fact]
    public async Task AFailingStore_MarksTheSpansAsErrors_WithTheExceptionTypeOnly()
    {
        using var host = TestHost.Build(services => services.AddSingleton<Audit.IAuditTrail>(new FailingAuditTrail()));
        var settings = host.Services.GetRequiredService<SettingsService>();
        var (account, admin, opened) = await TestHost.OpenAccountAsync(settings, defaultLimit: null); // the trail takes this first append, then fails
        using var test = new Activity("test").Start();

        await Assert.ThrowsAsync<AuditAppendException>(() => settings.EditEnvironmentAsync(account, admin, opened.DefaultEnvironment, "production", null));

        var spans = _stopped.Where(a => a.TraceId == test.TraceId).ToList();
        var append = Assert.Single(spans, a => a.OperationName == "audit_trail.append");
        Assert.Equal(ActivityStatusCode.Error, append.Status);
        Assert.Equal(typeof(TimeoutException).FullName, append.GetTagItem(Tags.ErrorType));
        Assert.DoesNotContain("secret", append.StatusDescription ?? "", StringComparison.Ordinal);
        var useCase = Assert.Single(spans, a => a.OperationName == "edit_environment");
        Assert.Equal(typeof(AuditAppendException).FullName, useCase.GetTagItem(Tags.ErrorType));
    }

    [Fact]
    public async Task Admissions_HaveNoSpan()
    {
        using var host = TestHost.Build();
        var settings = host.Services.GetRequiredService<SettingsService>();
        var gate = host.Services.GetRequiredService<ICallGate>();
        var (account, _, opened) = await TestHost.OpenAccountAsync(settings);
        await gate.TryAdmitAsync(account, opened.DefaultEnvironment); // loads the limits (a store call, with its span)
        using var test = new Activity("test").Start();

        var lease = (await gate.TryAdmitAsync(account, opened.DefaultEnvironment)).ToOneOf().AsT0;
        await lease.ReleaseAsync();

        Assert.DoesNotContain(_stopped, a => a.TraceId == test.TraceId);
    }

    private sealed class FailingAuditTrail : Audit.IAuditTrail
    {
        private int _appends;

        public Task AppendAsync(IReadOnlyList<Audit.AuditEntry> entries, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _appends) == 1 ? Task.CompletedTask : throw new TimeoutException("the audit store holds secret rows");

        public Task<Audit.AuditPage> ReadAsync(Audit.AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
