using OneOf;

namespace Fluents.Settings.Members;

/// <summary>A user's display name as shown in the users table: trimmed, 1–100 characters, no control characters.</summary>
public sealed class PersonName : IEquatable<PersonName>
{
    /// <summary>The longest name allowed.</summary>
    public const int MaxLength = 100;

    private PersonName(string value) => Value = value;

    /// <summary>The trimmed name.</summary>
    public string Value { get; }

    /// <summary>Validates and trims a name.</summary>
    /// <param name="text">The name as given.</param>
    /// <returns>The name, or <see cref="InvalidPersonName"/>.</returns>
    public static OneOf<PersonName, InvalidPersonName> Create(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxLength) return new InvalidPersonName(trimmed.Length);
        if (trimmed.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || trimmed.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
            return new InvalidPersonName(trimmed.Length);
        return new PersonName(trimmed);
    }

    /// <inheritdoc />
    public bool Equals(PersonName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PersonName);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The name.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;
}

/// <summary>A user name that is empty, longer than <see cref="PersonName.MaxLength"/>, or has control characters.</summary>
/// <param name="Length">The trimmed length that was given.</param>
public sealed record InvalidPersonName(int Length) : DomainError
{
    /// <inheritdoc />
    public override string Code => "member.name_invalid";

    /// <inheritdoc />
    public override string Message => $"A user's name must have 1 to {PersonName.MaxLength} characters and no control characters.";
}
