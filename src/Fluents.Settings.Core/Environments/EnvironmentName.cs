using Fluents.Settings.Text;
using OneOf;

namespace Fluents.Settings.Environments;

/// <summary>
/// An environment's human-friendly name (R2, R33): trimmed, 1–64 characters, no control or invisible characters,
/// stored in Unicode NFC. Uniqueness within an account ignores case (<see cref="Comparer"/>); equality of two names
/// does too, so <c>Staging</c>, <c> staging </c>, <c>Café</c> and <c>cafe&#x301;</c> (decomposed) are each the same
/// name as their lower-case, precomposed spelling.
/// </summary>
/// <remarks>
/// <para><b>Canonical form</b> (what <see cref="Value"/> holds): trimmed of Unicode white space; every space character
/// (no-break, em, ideographic…) made a plain space and runs of spaces made one; Unicode Normalization Form C. The
/// normalization uses the library's own Unicode 15.0 tables, so it is the same with ICU and in
/// globalization-invariant mode (where <see cref="string.Normalize()"/> does nothing).</para>
/// <para><b>Refused</b>, each with its <see cref="InvalidEnvironmentNameReason"/>: nothing left after trimming;
/// over <see cref="MaxLength"/> UTF-16 code units once canonical; an unpaired surrogate (ill-formed UTF-16, which a
/// strict UTF-8 encoder such as a PostgreSQL driver's refuses); a control character or a line/paragraph separator; an
/// invisible character: a format character (bidi controls such as U+202E, zero-width space/joiners, U+FEFF, soft
/// hyphen…) or any other default-ignorable code point (variation selectors, Hangul fillers…), including the
/// zero-width joiner and variation selectors inside emoji sequences (single-character emoji are fine); a character
/// unassigned in Unicode 15.0 or for private use (so the NFC form can never change under a later Unicode version);
/// and a name made only of combining marks.</para>
/// <para><b>Comparison</b> (uniqueness, equality, the delete confirmation R6): the canonical forms after Unicode
/// simple case folding, again from the library's own tables (not <see cref="StringComparer.OrdinalIgnoreCase"/>,
/// whose non-ASCII behaviour depends on the globalization mode). Compatibility variants such as full-width letters
/// are different names: they are visibly different.</para>
/// </remarks>
public sealed class EnvironmentName : IEquatable<EnvironmentName>
{
    /// <summary>The longest name allowed, in UTF-16 code units of the canonical (NFC) form.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The comparer that decides whether two names collide: NFC, then simple case folding, then ordinal (R2, R33).
    /// It normalizes what it is given, so it also answers for text that is not a canonical name.
    /// </summary>
    public static StringComparer Comparer => CaselessNameComparer.Instance;

    /// <summary>The name every new account's first environment gets (R7).</summary>
    public static EnvironmentName Default { get; } = new("default");

    private EnvironmentName(string value) => Value = value;

    /// <summary>The canonical name (trimmed, plain spaces, NFC), with the case the user typed.</summary>
    public string Value { get; }

    /// <summary>Validates a name typed by a user and puts it in canonical form (R2, R33).</summary>
    /// <param name="text">The name as typed; <see langword="null"/> counts as empty.</param>
    /// <returns>The name, or why it is not acceptable.</returns>
    public static OneOf<EnvironmentName, InvalidEnvironmentName> Create(string? text) =>
        NameText.Canonicalize(text, MaxLength, out var canonical) switch
        {
            NameProblem.None => new EnvironmentName(canonical),
            NameProblem.Empty => new InvalidEnvironmentName(InvalidEnvironmentNameReason.Empty),
            NameProblem.TooLong => new InvalidEnvironmentName(InvalidEnvironmentNameReason.TooLong),
            NameProblem.ControlCharacter => new InvalidEnvironmentName(InvalidEnvironmentNameReason.ControlCharacter),
            NameProblem.UnpairedSurrogate => new InvalidEnvironmentName(InvalidEnvironmentNameReason.UnpairedSurrogate),
            NameProblem.InvisibleCharacter => new InvalidEnvironmentName(InvalidEnvironmentNameReason.InvisibleCharacter),
            NameProblem.UnassignedCharacter => new InvalidEnvironmentName(InvalidEnvironmentNameReason.UnassignedCharacter),
            _ => new InvalidEnvironmentName(InvalidEnvironmentNameReason.NoVisibleCharacter),
        };

    /// <summary>
    /// Whether <paramref name="typed"/> names this environment: the delete confirmation (R6). What was typed is put in
    /// canonical form as <see cref="Create"/> does (trimmed, plain spaces, NFC) and compared with <see cref="Comparer"/>
    /// (case ignored); text that <see cref="Create"/> would refuse (an invisible character, say) confirms nothing.
    /// </summary>
    /// <param name="typed">What the user typed.</param>
    /// <returns>Whether it is this name.</returns>
    public bool IsConfirmedBy(string? typed) =>
        NameText.Canonicalize(typed, int.MaxValue, out var canonical) == NameProblem.None && Comparer.Equals(Value, canonical);

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

    /// <summary>More than <see cref="EnvironmentName.MaxLength"/> UTF-16 code units in canonical form (trimmed, NFC).</summary>
    TooLong,

    /// <summary>Contains a control character such as a tab or a new line, or a line/paragraph separator (U+2028, U+2029).</summary>
    ControlCharacter,

    /// <summary>Contains half of a UTF-16 surrogate pair without the other half: not text, and not storable as UTF-8 (R33).</summary>
    UnpairedSurrogate,

    /// <summary>
    /// Contains an invisible character: a format or bidi control character (U+200B zero-width space, U+200D
    /// zero-width joiner, U+202E right-to-left override, U+FEFF, soft hyphen…) or another default-ignorable code point
    /// such as a variation selector (R33).
    /// </summary>
    InvisibleCharacter,

    /// <summary>Contains a character not assigned in Unicode 15.0, or a private-use character (R33).</summary>
    UnassignedCharacter,

    /// <summary>Has no visible character: only combining marks (and spaces) (R33).</summary>
    NoVisibleCharacter,
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
        InvalidEnvironmentNameReason.ControlCharacter => "An environment name cannot contain control characters or line breaks.",
        InvalidEnvironmentNameReason.UnpairedSurrogate => "An environment name must be valid Unicode text (it contains half of a surrogate pair).",
        InvalidEnvironmentNameReason.InvisibleCharacter => "An environment name cannot contain invisible characters such as zero-width spaces or direction overrides.",
        InvalidEnvironmentNameReason.UnassignedCharacter => "An environment name cannot contain unassigned or private-use characters.",
        InvalidEnvironmentNameReason.NoVisibleCharacter => "An environment name needs at least one visible character.",
        _ => "The environment name is not valid.",
    };
}
