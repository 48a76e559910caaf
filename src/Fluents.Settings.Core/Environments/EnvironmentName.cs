using OneOf;

namespace Fluents.Settings.Environments;

/// <summary>
/// An environment's human-friendly name (R2): trimmed, 1–64 characters, no control characters.
/// Uniqueness within an account ignores case (<see cref="StringComparer.OrdinalIgnoreCase"/>);
/// equality of two names does too, so <c>Staging</c> and <c> staging </c> are the same name.
/// </summary>
public sealed class EnvironmentName : IEquatable<EnvironmentName>
{
    /// <summary>The longest name allowed, in UTF-16 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>The comparer that decides whether two names collide.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>The name every new account's first environment gets (R7).</summary>
    public static EnvironmentName Default { get; } = new("default");

    private EnvironmentName(string value) => Value = value;

    /// <summary>The trimmed name, with the case the user typed.</summary>
    public string Value { get; }

    /// <summary>Validates and trims a name typed by a user.</summary>
    /// <param name="text">The name as typed.</param>
    /// <returns>The name, or why it is not acceptable.</returns>
    public static OneOf<EnvironmentName, InvalidEnvironmentName> Create(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) return new InvalidEnvironmentName(InvalidEnvironmentNameReason.Empty);
        if (trimmed.Length > MaxLength) return new InvalidEnvironmentName(InvalidEnvironmentNameReason.TooLong);
        if (trimmed.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || trimmed.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
            return new InvalidEnvironmentName(InvalidEnvironmentNameReason.ControlCharacter);
        return new EnvironmentName(trimmed);
    }

    /// <summary>Whether <paramref name="typed"/> names this environment (trimmed, case ignored): the delete confirmation (R6).</summary>
    /// <param name="typed">What the user typed.</param>
    /// <returns>Whether it is this name.</returns>
    public bool IsConfirmedBy(string? typed) => Comparer.Equals(Value, typed?.Trim());

    /// <inheritdoc />
    public bool Equals(EnvironmentName? other) => other is not null && Comparer.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EnvironmentName);

    /// <inheritdoc />
    public override int GetHashCode() => Comparer.GetHashCode(Value);

    /// <summary>The name.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;
}

/// <summary>Why a typed environment name was refused (R2).</summary>
public enum InvalidEnvironmentNameReason
{
    /// <summary>Nothing but white space.</summary>
    Empty,

    /// <summary>More than <see cref="EnvironmentName.MaxLength"/> characters after trimming.</summary>
    TooLong,

    /// <summary>Contains a control character such as a tab or a new line.</summary>
    ControlCharacter,
}

/// <summary>A name that breaks R2.</summary>
/// <param name="Reason">What is wrong with it.</param>
public sealed record InvalidEnvironmentName(InvalidEnvironmentNameReason Reason) : DomainError
{
    /// <inheritdoc />
    public override string Code => "environment.name_invalid";

    /// <inheritdoc />
    public override string Message => Reason switch
    {
        InvalidEnvironmentNameReason.Empty => "An environment name cannot be empty.",
        InvalidEnvironmentNameReason.TooLong => $"An environment name can have at most {EnvironmentName.MaxLength} characters.",
        _ => "An environment name cannot contain control characters.",
    };
}
