using OneOf;
using Xunit.Sdk;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>Reads a <c>SettingsResult</c>: it wraps the aggregate's <c>OneOf</c>, so the value sits two layers down.</summary>
internal static class Outcomes
{
    /// <summary>The innermost value: the aggregate's success or error, or the application's own failure.</summary>
    public static object? Innermost(this IOneOf result)
    {
        object? value = result.Value;
        while (value is IOneOf inner) value = inner.Value;
        return value;
    }

    /// <summary>The innermost value as <typeparamref name="T"/>, failing the test with what it was otherwise.</summary>
    public static T Unwrap<T>(this IOneOf result) =>
        result.Innermost() is T value ? value : throw new XunitException($"Expected {typeof(T).Name} but got {result.Innermost() ?? "null"}");
}
