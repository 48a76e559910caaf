namespace Fluents.Settings.WebHostTests.Browser;

/// <summary>
/// The system's headless Chromium and its driver, from Debian's <c>chromium</c> and <c>chromium-driver</c> packages (CI installs
/// them; nothing is downloaded). <c>FLUENTS_CHROMIUM</c> and <c>FLUENTS_CHROMEDRIVER</c> point elsewhere.
/// </summary>
public static class Chromium
{
    /// <summary>How to install it, said in every skip: one sentence.</summary>
    public const string Missing = "Chromium is not installed: run `apt-get install -y chromium chromium-driver` (Debian), or set FLUENTS_CHROMIUM and FLUENTS_CHROMEDRIVER.";

    /// <summary>The browser.</summary>
    public static string Browser { get; } = System.Environment.GetEnvironmentVariable("FLUENTS_CHROMIUM") is { Length: > 0 } browser ? browser : "/usr/bin/chromium";

    /// <summary>The driver.</summary>
    public static string Driver { get; } = System.Environment.GetEnvironmentVariable("FLUENTS_CHROMEDRIVER") is { Length: > 0 } driver ? driver : "/usr/bin/chromedriver";

    /// <summary>Whether both are there.</summary>
    public static bool IsInstalled => File.Exists(Browser) && File.Exists(Driver);

    /// <summary>Whether this run is CI's (<c>CI=true</c>): there a missing browser fails the test instead of skipping it.</summary>
    public static bool InCi => string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A test that drives headless Chromium: skipped with one sentence on how to install it when it is missing, except under
/// <c>CI=true</c>, where it runs (and fails) so that a missing browser can never pass CI silently.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips the test outside CI when Chromium is not installed.</summary>
    public ChromiumFactAttribute()
    {
        if (!Chromium.InCi && !Chromium.IsInstalled) Skip = Chromium.Missing;
    }
}
