// With a cap set, a property that names no count, in a class that names none, runs at most the cap too.
[assembly: Fluents.Settings.PropertyTests.Properties]

namespace Fluents.Settings.PropertyTests;

/// <summary>
/// FsCheck's <c>[Property]</c>, read as written, except that <c>MaxTest</c> is capped while <see cref="PropertyTestCap"/>'s
/// environment variable is set (the mutation run sets it). Declared in this project's root namespace, so every
/// <c>[Property]</c> here binds to it ahead of <c>using FsCheck.Xunit</c>; FsCheck discovers and runs it as its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false)]
public sealed class PropertyAttribute : FsCheck.Xunit.PropertyAttribute
{
    /// <summary>The most cases to run; lowered to the cap when one is set.</summary>
    public new int MaxTest
    {
        get => base.MaxTest;
        set => base.MaxTest = PropertyTestCap.Apply(value);
    }
}

/// <summary>
/// FsCheck's <c>[Properties]</c> for a class or the assembly, with <c>MaxTest</c> capped like <see cref="PropertyAttribute"/>'s.
/// With a cap set, it also sets <c>MaxTest</c> when none is written, so a property that names no count runs at most the cap.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PropertiesAttribute : FsCheck.Xunit.PropertiesAttribute
{
    /// <summary>Sets the capped default when a cap is set; otherwise leaves <c>MaxTest</c> unset (FsCheck's default, 100).</summary>
    public PropertiesAttribute()
    {
        if (PropertyTestCap.Cases is { } cap)
        {
            base.MaxTest = Math.Min(cap, FsCheck.Config.Default.MaxTest);
        }
    }

    /// <summary>The most cases to run; lowered to the cap when one is set.</summary>
    public new int MaxTest
    {
        get => base.MaxTest;
        set => base.MaxTest = PropertyTestCap.Apply(value);
    }
}

/// <summary>
/// The cap on generated cases per property, from <c>FLUENTS_PROPERTY_MAXTEST</c> (a positive whole number). Unset in every
/// ordinary run, so the properties keep the strength written on them; <c>tools/mutation/run</c> sets it, because Stryker
/// re-runs the properties that cover a mutant once per surviving mutant. The one large-sample fact (100,000 API keys, no
/// repeat) also runs a smaller sample while it is set.
/// </summary>
public static class PropertyTestCap
{
    /// <summary>The environment variable that sets the cap.</summary>
    public const string Variable = "FLUENTS_PROPERTY_MAXTEST";

    /// <summary>The cap, or <c>null</c> when the variable is unset or not a positive whole number.</summary>
    public static int? Cases { get; } =
        int.TryParse(System.Environment.GetEnvironmentVariable(Variable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap > 0
            ? cap
            : null;

    /// <summary>The count written on a property, lowered to the cap when one is set.</summary>
    /// <param name="maxTest">The count written on the property.</param>
    /// <returns>The count to run.</returns>
    public static int Apply(int maxTest) => Cases is { } cap ? Math.Min(maxTest, cap) : maxTest;
}
