using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fluents.Settings.WebHostTests.Support;

/// <summary>Keeps every log line of the host: its category, message, structured values and exception.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Everything logged so far, one entry per call.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Whether any log line contains <paramref name="text"/>.</summary>
    /// <param name="text">A secret, say.</param>
    /// <returns>Whether it was logged.</returns>
    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join(", ", values.Select(pair => $"{pair.Key}={pair.Value}"))
            : state?.ToString() ?? "";
    }
}
