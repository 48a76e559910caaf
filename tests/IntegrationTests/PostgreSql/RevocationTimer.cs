using System.Diagnostics;
using System.Globalization;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// Measures the revocation bound (R31): how long after a key was revoked through one host every other host refuses it. The hosts
/// are polled from a thread of its own (never a thread-pool thread: on a small machine a blocked pool thread would slow the very
/// sync loops being measured), with a few yields first and then every millisecond, so a sample is at most about a millisecond late.
/// </summary>
internal static class RevocationTimer
{
    /// <summary>Waits until <paramref name="refuses"/> holds for every host, and returns the time since <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static Task<TimeSpan> UntilRefusedEverywhereAsync(IReadOnlyList<Func<bool>> refuses, long since, TimeSpan patience) =>
        Task.Factory.StartNew(
            () =>
            {
                var pending = refuses.ToList();
                for (var poll = 0; ; poll++)
                {
                    pending.RemoveAll(refused => refused());
                    var elapsed = Stopwatch.GetElapsedTime(since);
                    if (pending.Count == 0) return elapsed;
                    if (elapsed > patience) Assert.Fail($"a revoked key was still accepted by {pending.Count} host(s) after {elapsed.TotalMilliseconds:F0} ms");
                    if (poll < 20) Thread.Yield();
                    else Thread.Sleep(1);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>The nearest-rank percentile of <paramref name="samples"/> (p = 50 for the median, 99 for p99).</summary>
    public static TimeSpan Percentile(IReadOnlyCollection<TimeSpan> samples, int p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];
    }

    /// <summary>For the test's output: <c>n = 100: p50 3.1 ms, p99 9.8 ms, max 12.0 ms</c>.</summary>
    public static string Describe(IReadOnlyCollection<TimeSpan> samples) => string.Create(
        CultureInfo.InvariantCulture,
        $"n = {samples.Count}: p50 {Percentile(samples, 50).TotalMilliseconds:F1} ms, p99 {Percentile(samples, 99).TotalMilliseconds:F1} ms, max {samples.Max().TotalMilliseconds:F1} ms");
}
