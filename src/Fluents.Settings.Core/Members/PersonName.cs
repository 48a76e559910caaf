using Fluents.Settings.Text;
using OneOf;

namespace Fluents.Settings.Members;

/// <summary>
/// A user's display name as shown in the users table: trimmed, 1–100 characters, no control or invisible characters,
/// stored in Unicode NFC (R33).
/// </summary>
/// <remarks>
/// The same text rules as <see cref="Environments.EnvironmentName"/>: trimmed; space characters made plain spaces and
/// runs of them one; NFC from the library's own Unicode 15.0 tables (the same with ICU and in globalization-invariant
/// mode); refused when it holds an unpaired surrogate, a control character or line/paragraph separator, an invisible
/// (format or other default-ignorable) character, an unassigned or private-use character, or nothing visible. The
/// length is counted in UTF-16 code units of that canonical form. Equality is ordinal on the canonical form: user
/// names need not be unique, so case is kept and compared.
/// </remarks>
public sealed class PersonName : IEquatable<PersonName>
{
    /// <summary>The longest name allowed, in UTF-16 code units of the canonical (NFC) form.</summary>
    public const int MaxLength = 100;

    private PersonName(string value) => Value = value;

    /// <summary>The canonical name: trimmed, plain spaces, NFC.</summary>
    public string Value { get; }

    /// <summary>Validates a name and puts it in canonical form.</summary>
    /// <param name="text">The name as given; <see langword="null"/> counts as empty.</param>
    /// <returns>The name, or <see cref="InvalidPersonName"/> with the reason.</returns>
    public static OneOf<PersonName, InvalidPersonName> Create(string? text)
    {
        var problem = NameText.Canonicalize(text, MaxLength, out var canonical);
        if (problem == NameProblem.None) return new PersonName(canonical);
        var length = text?.Trim().Length ?? 0;
        return new InvalidPersonName(length, problem switch
        {
            NameProblem.Empty => InvalidPersonNameReason.Empty,
            NameProblem.TooLong => InvalidPersonNameReason.TooLong,
            NameProblem.ControlCharacter => InvalidPersonNameReason.ControlCharacter,
            NameProblem.UnpairedSurrogate => InvalidPersonNameReason.UnpairedSurrogate,
            NameProblem.InvisibleCharacter => InvalidPersonNameReason.InvisibleCharacter,
            NameProblem.UnassignedCharacter => InvalidPersonNameReason.UnassignedCharacter,
            _ => InvalidPersonNameReason.NoVisibleCharacter,
        });
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

/// <summary>Why a user name was refused (R33).</summary>
public enum InvalidPersonNameReason
{
    /// <summary>Nothing but white space.</summary>
    Empty,

    /// <summary>More than <see cref="PersonName.MaxLength"/> UTF-16 code units in canonical form (trimmed, NFC).</summary>
    TooLong,

    /// <summary>Contains a control character such as a tab or a new line, or a line/paragraph separator.</summary>
    ControlCharacter,

    /// <summary>Contains half of a UTF-16 surrogate pair without the other half.</summary>
    UnpairedSurrogate,

    /// <summary>Contains an invisible character: a format or bidi control character, or another default-ignorable code point.</summary>
    InvisibleCharacter,

    /// <summary>Contains a character not assigned in Unicode 15.0, or a private-use character.</summary>
    UnassignedCharacter,

    /// <summary>Has no visible character: only combining marks (and spaces).</summary>
    NoVisibleCharacter,
}

/// <summary>A user name that breaks the name rules (see <see cref="PersonName"/>).</summary>
/// <param name="Length">The trimmed length that was given, in UTF-16 code units.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record InvalidPersonName(int Length, InvalidPersonNameReason Reason) : DomainError
{
    /// <summary>A refusal known only by its length: empty when 0, too long above <see cref="PersonName.MaxLength"/>, else a control character.</summary>
    /// <param name="Length">The trimmed length that was given.</param>
    public InvalidPersonName(int Length)
        : this(Length, Length == 0 ? InvalidPersonNameReason.Empty : Length > PersonName.MaxLength ? InvalidPersonNameReason.TooLong : InvalidPersonNameReason.ControlCharacter)
    {
    }

    /// <summary>The length alone, as before <see cref="Reason"/> existed.</summary>
    /// <param name="Length">The trimmed length that was given.</param>
    public void Deconstruct(out int Length) => Length = this.Length;

    /// <inheritdoc />
    public override string Code => "member.name_invalid";

    /// <inheritdoc />
    public override string Message => Reason switch
    {
        InvalidPersonNameReason.Empty => "A user's name cannot be empty.",
        InvalidPersonNameReason.TooLong => $"A user's name can have at most {PersonName.MaxLength} characters.",
        InvalidPersonNameReason.ControlCharacter => "A user's name cannot contain control characters or line breaks.",
        InvalidPersonNameReason.UnpairedSurrogate => "A user's name must be valid Unicode text (it contains half of a surrogate pair).",
        InvalidPersonNameReason.InvisibleCharacter => "A user's name cannot contain invisible characters such as zero-width spaces or direction overrides.",
        InvalidPersonNameReason.UnassignedCharacter => "A user's name cannot contain unassigned or private-use characters.",
        InvalidPersonNameReason.NoVisibleCharacter => "A user's name needs at least one visible character.",
        _ => $"A user's name must have 1 to {PersonName.MaxLength} characters and no control characters.",
    };
}
