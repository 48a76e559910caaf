using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Fluents.Settings.Diagnostics;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.Application;

public sealed partial class SettingsService
{
    private static readonly ConcurrentDictionary<string, string> UseCaseNames = new(StringComparer.Ordinal);

    // A span and a duration per use case (SettingsTelemetry): started before the first store call, so the store calls'
    // spans are its children; ended with the outcome's error code, or the exception's type.
    private UseCase BeginUseCase([CallerMemberName] string member = "") =>
        new(_metrics, UseCaseNames.GetOrAdd(member, UseCaseName));

    private async Task<TResult> ObservedAsync<TResult, TSuccess>(string member, Func<UseCase, Task<TResult>> run)
        where TResult : Outcome<TSuccess>
    {
        using var useCase = BeginUseCase(member);
        try
        {
            var result = await run(useCase).ConfigureAwait(false);
            useCase.Complete(result.Error);
            return result;
        }
        catch (Exception failure)
        {
            useCase.Fail(failure);
            throw;
        }
    }

    // "CreateEnvironmentAsync" → "create_environment": the tag value and the span name.
    internal static string UseCaseName(string member)
    {
        var name = member.EndsWith("Async", StringComparison.Ordinal) ? member[..^"Async".Length] : member;
        var snake = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && snake.Length > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(c));
        }

        return snake.ToString();
    }

    private readonly struct UseCase : IDisposable
    {
        private readonly SettingsMetrics? _metrics;
        private readonly Activity? _span;
        private readonly long _startedAt;

        public UseCase(SettingsMetrics? metrics, string name)
        {
            _metrics = metrics;
            Name = name;
            _span = Source.StartActivity(name);
            _span?.SetTag(Tags.UseCase, name);
            _startedAt = Stopwatch.GetTimestamp();
        }

        public string Name { get; }

        public void Complete(DomainError? error)
        {
            var code = error?.Code;
            if (_span is not null) Spans.Complete(_span, code);
            _metrics?.RecordUseCase(Name, _startedAt, code ?? Tags.Success, code);
        }

        public void Fail(Exception failure)
        {
            if (_span is not null) Spans.Fail(_span, failure);
            _metrics?.RecordUseCase(Name, _startedAt, "exception", failure.GetType().FullName);
        }

        public void Conflicted(bool retried) => _metrics?.RecordConflict(Name, retried);

        public void Dispose() => _span?.Dispose();
    }
}
