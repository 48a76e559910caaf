using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;

namespace Fluents.Settings;

/// <summary>
/// What an operation returns: its success value, or the <see cref="DomainError"/> that says why it was refused
/// (DESIGN.md §1: a rule the user broke is a value, never an exception).
/// </summary>
/// <typeparam name="TSuccess">The success value; <see cref="OneOf.Types.Success"/> for an operation that returns nothing else.</typeparam>
/// <remarks>
/// <para>Every operation returns its own sealed type derived from this one, named after it
/// (<c>CreateEnvironmentOutcome</c>, <c>CreateEnvironmentResult</c>…). That type lists the operation's cases by name: its
/// <c>Match</c> and <c>Switch</c> take one function per case (<c>created:</c>, <c>notPermitted:</c>, <c>nameTaken:</c>…),
/// every one required, so the compiler checks that a host handles them all.</para>
/// <para>This base serves the common path, the same for every operation: <see cref="Succeeded"/>, <see cref="Value"/>
/// (which throws when the operation was refused: handy where a refusal would be a bug), <see cref="Error"/> (its
/// <see cref="DomainError.Code"/> maps to a response) and <see cref="TryGetValue"/>.</para>
/// <para>Only this library derives from it, and a refused outcome holds exactly one of the errors its type lists.</para>
/// </remarks>
public abstract class Outcome<TSuccess>
{
    private readonly TSuccess? _value;
    private readonly DomainError? _error;

    private protected Outcome(TSuccess value) => _value = Guard.Against.Null(value);

    private protected Outcome(DomainError error) => _error = Guard.Against.Null(error);

    /// <summary>Whether the operation succeeded (then <see cref="Value"/> holds its result and <see cref="Error"/> is <c>null</c>).</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => _error is null;

    /// <summary>The success value.</summary>
    /// <exception cref="InvalidOperationException">The operation was refused; the message names the error's code and message.</exception>
    public TSuccess Value => _error is null
        ? _value!
        : throw new InvalidOperationException($"{TypeName(GetType())} has no value: it was refused with {_error.Code}: {_error.Message}");

    /// <summary>Why the operation was refused, or <c>null</c> when it succeeded. Map its stable <see cref="DomainError.Code"/> to a response.</summary>
    public DomainError? Error => _error;

    /// <summary>Gets the success value, or else the error.</summary>
    /// <param name="value">The success value; <c>default</c> when refused.</param>
    /// <param name="error">The error; <c>null</c> when the operation succeeded.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out TSuccess value, [NotNullWhen(false)] out DomainError? error)
    {
        value = _value!;
        error = _error;
        return _error is null;
    }

    /// <summary>The outcome for logs: the type, then the success value or the error's code and message.</summary>
    /// <returns>For example <c>CreateEnvironmentResult refused: [environment.name_taken] …</c> or
    /// <c>HideEnvironmentResult succeeded</c>. Values print as their own <c>ToString()</c>, which never shows a secret.</returns>
    public override string ToString() => _error switch
    {
        null when _value is OneOf.Types.Success => $"{TypeName(GetType())} succeeded",
        null => $"{TypeName(GetType())} succeeded: {_value}",
        _ => $"{TypeName(GetType())} refused: [{_error.Code}] {_error.Message}",
    };

    // Match and Switch end with this: the constructors take only the cases a type lists, so reaching it is a bug here.
    private protected InvalidOperationException NotOneOfTheCases() =>
        new($"{TypeName(GetType())} holds {_error?.GetType().Name ?? "nothing"}, which is not one of its cases.");

    // An outcome type's FromError (used by the application service) is given only errors that the type lists.
    private protected static ArgumentException NotOneOfTheCases(DomainError error, Type outcomeType) =>
        new($"{error.GetType().Name} is not one of the cases of {TypeName(outcomeType)}.", nameof(error));

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}

/// <summary>
/// Makes an outcome type from a success value or from one of its errors, so that generic code (the application service's
/// load–change–save loop) can build any use case's result. Implemented by every generated outcome and result type.
/// </summary>
/// <typeparam name="TSelf">The outcome type.</typeparam>
/// <typeparam name="TSuccess">Its success value.</typeparam>
internal interface IOutcomeOf<TSelf, TSuccess>
    where TSelf : Outcome<TSuccess>
{
    /// <summary>The outcome of a success.</summary>
    static abstract TSelf FromValue(TSuccess value);

    /// <summary>The outcome of a refusal; <see cref="ArgumentException"/> for an error that is not one of the type's cases.</summary>
    static abstract TSelf FromError(DomainError error);
}
