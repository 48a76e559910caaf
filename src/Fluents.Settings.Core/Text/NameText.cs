using System.Text;

namespace Fluents.Settings.Text;

/// <summary>What makes a typed name unacceptable (the shared part of R2 and the user-name rules, R33).</summary>
internal enum NameProblem
{
    None,
    Empty,
    TooLong,
    ControlCharacter,
    UnpairedSurrogate,
    InvisibleCharacter,
    UnassignedCharacter,
    NoVisibleCharacter,
}

/// <summary>
/// The rules every human-facing name follows (environment names R2, user names; R33), in one place:
/// <list type="number">
/// <item>Trimmed (<see cref="string.Trim()"/>: Unicode white space).</item>
/// <item>Refused when it holds an unpaired surrogate (ill-formed UTF-16: a strict UTF-8 encoder throws on it,
/// a lenient one makes two names one); a control character (Cc) or a line/paragraph separator (Zl, Zp); an
/// invisible character: a format character (Cf: bidi controls U+200E/F, U+202A–202E, U+2066–2069, zero-width
/// U+200B–200D, U+FEFF, soft hyphen…) or any other Default_Ignorable_Code_Point (variation selectors, Hangul
/// fillers, the combining grapheme joiner…); an unassigned (Unicode 15.0) or private-use character. The zero-width
/// joiner and variation selectors are refused inside emoji sequences too: a name is typed again to confirm a delete,
/// and invisible characters are the look-alike trick; single-character emoji stay allowed.</item>
/// <item>Every space character (Zs: no-break, em, ideographic…) becomes a plain space, and runs of spaces become one,
/// as the PRECIS nickname profile (RFC 8266) does: names that look the same are the same.</item>
/// <item>Normalized to NFC (our own tables, the same with and without ICU).</item>
/// <item>Length limits count UTF-16 code units of that canonical form.</item>
/// <item>Refused when nothing visible is left: only spaces and combining marks.</item>
/// </list>
/// Names compare by <see cref="ComparisonKey"/>: simple case folding of the canonical form.
/// </summary>
internal static class NameText
{
    /// <summary>Validates <paramref name="text"/> and gives its canonical form.</summary>
    internal static NameProblem Canonicalize(string? text, int maxLength, out string canonical)
    {
        canonical = string.Empty;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) return NameProblem.Empty;

        var problem = Ascii.IsValid(trimmed) ? CheckAscii(trimmed) : CheckUnicode(trimmed);
        if (problem != NameProblem.None) return problem;

        var spaced = WithPlainSpaces(trimmed);
        var normalized = UnicodeNormalization.ToNfc(spaced);
        if (normalized.Length > maxLength) return NameProblem.TooLong;
        if (!HasVisibleCharacter(normalized)) return NameProblem.NoVisibleCharacter;
        canonical = normalized;
        return NameProblem.None;
    }

    /// <summary>The key two names are compared by: case-folded NFC. Accepts any text (not only canonical names).</summary>
    internal static string ComparisonKey(string text) => CaseFolding.FoldNfc(UnicodeNormalization.ToNfc(text));

    private static NameProblem CheckAscii(string text) =>
        text.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || text.Contains('\u007F') ? NameProblem.ControlCharacter : NameProblem.None;

    private static NameProblem CheckUnicode(string text)
    {
        // Every character is looked at, and the worst problem wins, so the answer does not depend on where it is.
        bool surrogate = false, control = false, invisible = false, unassigned = false;
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsSurrogate(text[i]))
            {
                if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    surrogate = true;
                    continue;
                }

                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            switch (UnicodeCharacters.Kind(codePoint))
            {
                case CharacterKind.Control or CharacterKind.LineOrParagraphSeparator:
                    control = true;
                    break;
                case CharacterKind.Format:
                    invisible = true;
                    break;
                case CharacterKind.Unassigned or CharacterKind.PrivateUse:
                    unassigned = true;
                    break;
                default:
                    if (UnicodeCharacters.IsDefaultIgnorable(codePoint)) invisible = true;
                    break;
            }
        }

        return surrogate ? NameProblem.UnpairedSurrogate
            : control ? NameProblem.ControlCharacter
            : invisible ? NameProblem.InvisibleCharacter
            : unassigned ? NameProblem.UnassignedCharacter
            : NameProblem.None;
    }

    private static string WithPlainSpaces(string text)
    {
        var needsWork = false;
        for (var i = 0; i < text.Length && !needsWork; i++)
        {
            var c = text[i];
            needsWork = (c == ' ' && i + 1 < text.Length && text[i + 1] == ' ')
                || (c > '\u007F' && !char.IsSurrogate(c) && UnicodeCharacters.Kind(c) == CharacterKind.SpaceSeparator);
        }

        if (!needsWork) return text;

        // Zs is all in the Basic Multilingual Plane, so surrogates are copied as they are.
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var space = c == ' ' || (c > '\u007F' && !char.IsSurrogate(c) && UnicodeCharacters.Kind(c) == CharacterKind.SpaceSeparator);
            if (!space) result.Append(c);
            else if (result.Length > 0 && result[^1] != ' ') result.Append(' ');
        }

        return result.ToString();
    }

    private static bool HasVisibleCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ') continue;
            if (text[i] < '\u0080') return true;
            var codePoint = char.IsHighSurrogate(text[i]) ? char.ConvertToUtf32(text[i], text[++i]) : text[i];
            if (UnicodeCharacters.Kind(codePoint) != CharacterKind.Mark) return true;
        }

        return false;
    }
}

/// <summary>
/// Compares names by <see cref="NameText.ComparisonKey"/>: NFC and simple case folding from our own tables, so
/// <c>Café</c>, <c>café</c> and <c>cafe&#x301;</c> are one name on every host (R2, R33).
/// </summary>
internal sealed class CaselessNameComparer : StringComparer
{
    internal static CaselessNameComparer Instance { get; } = new();

    private CaselessNameComparer()
    {
    }

    public override int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return string.CompareOrdinal(Key(x), Key(y));
    }

    public override bool Equals(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        // ASCII against ASCII: OrdinalIgnoreCase is exact ASCII case folding in both globalization modes.
        if (Ascii.IsValid(x) && Ascii.IsValid(y)) return string.Equals(x, y, StringComparison.OrdinalIgnoreCase);
        return string.Equals(Key(x), Key(y), StringComparison.Ordinal);
    }

    public override int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = Ascii.IsValid(obj) ? obj : Key(obj);
        // An ASCII key hashes case-insensitively so that it agrees with the ASCII fast path of Equals.
        return Ascii.IsValid(key) ? StringComparer.OrdinalIgnoreCase.GetHashCode(key) : StringComparer.Ordinal.GetHashCode(key);
    }

    private static string Key(string text) => NameText.ComparisonKey(text);
}
