using Fluents.Settings.Application;
using Microsoft.Extensions.Options;

namespace Fluents.Settings.Hosting;

/// <summary>
/// The library's settings in a host, bound from the <c>"FluentsSettings"</c> configuration section
/// (<see cref="SectionName"/>) and validated when the host starts.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "FluentsSettings": {
///     "MaxAttempts": 5,
///     "AfterSaveTimeout": "00:00:10"
///   }
/// }
/// </code>
/// </example>
public sealed class FluentsSettingsOptions
{
    /// <summary>The configuration section the options are bound from: <c>FluentsSettings</c>.</summary>
    public const string SectionName = "FluentsSettings";

    /// <summary>How many times a use case is applied to fresh state when other writers keep saving first (1–100; default 5). See <see cref="SettingsServiceOptions.MaxAttempts"/>.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long the work after a save (audit trail, mail, event handlers) may take; <see cref="Timeout.InfiniteTimeSpan"/>
    /// (<c>"-00:00:00.001"</c> in configuration, the default) for no limit, else between 1 ms and 24 days. See
    /// <see cref="SettingsServiceOptions.AfterSaveTimeout"/>.
    /// </summary>
    public TimeSpan AfterSaveTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Whether the library records its metrics through the host's <c>IMeterFactory</c> (default <c>true</c>).</summary>
    public bool EnableMetrics { get; set; } = true;

    internal SettingsServiceOptions ToServiceOptions(Diagnostics.SettingsMetrics? metrics) =>
        new() { MaxAttempts = MaxAttempts, AfterSaveTimeout = AfterSaveTimeout, Metrics = metrics };
}

/// <summary>Checks <see cref="FluentsSettingsOptions"/> at start, with one message per bad value naming the configuration key.</summary>
internal sealed class FluentsSettingsOptionsValidator : IValidateOptions<FluentsSettingsOptions>
{
    public ValidateOptionsResult Validate(string? name, FluentsSettingsOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 100)
            failures.Add($"{FluentsSettingsOptions.SectionName}:MaxAttempts must be between 1 and 100; it is {options.MaxAttempts}.");
        if (options.AfterSaveTimeout != Timeout.InfiniteTimeSpan
            && (options.AfterSaveTimeout < TimeSpan.FromMilliseconds(1) || options.AfterSaveTimeout > TimeSpan.FromMilliseconds(int.MaxValue)))
            failures.Add($"{FluentsSettingsOptions.SectionName}:AfterSaveTimeout must be between 00:00:00.001 and 24.20:31:23.647, or -00:00:00.001 for no limit; it is {options.AfterSaveTimeout}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
