using OneOf;

namespace Fluents.Settings.Sample;

/// <summary>Tiny helpers for a walkthrough that knows which outcome to expect (a host would <c>Match</c> exhaustively instead).</summary>
internal static class Results
{
    /// <summary>The success value of a use case's result, or an exception naming the error that came instead.</summary>
    public static T Expect<T>(this IOneOf result)
    {
        var value = result.Value is IOneOf outcome ? outcome.Value : result.Value;
        return value is T expected ? expected : throw new InvalidOperationException($"Expected {typeof(T).Name}, got {value}");
    }

    /// <summary>The refusal of a use case's result (any layer), or an exception if it succeeded.</summary>
    public static DomainError Refusal(this IOneOf result)
    {
        var value = result.Value is IOneOf outcome ? outcome.Value : result.Value;
        return value as DomainError ?? throw new InvalidOperationException($"Expected a refusal, got {value}");
    }
}
