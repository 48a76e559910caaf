using System.Text;

namespace Fluents.Settings.Text;

/// <summary>
/// Unicode simple case folding (CaseFolding.txt statuses C and S) from the generated Unicode 15.0 tables.
/// Not <see cref="string.ToLowerInvariant()"/> nor <see cref="StringComparer.OrdinalIgnoreCase"/>: those come from
/// ICU or from the runtime's own Unicode version depending on the globalization mode, and differ between the two
/// for some letters (R33).
/// </summary>
internal static class CaseFolding
{
    /// <summary>
    /// The case-folded form: lower case for almost every letter (exceptions: <c>ς</c> → <c>σ</c>, <c>ſ</c> → <c>s</c>,
    /// Cherokee folds to its capitals). Unpaired surrogates pass through.
    /// </summary>
    internal static string Fold(string text)
    {
        if (Ascii.IsValid(text)) return AsciiLower(text);

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            UnicodeNormalization.Append(result, UnicodeCharacters.FoldCase(codePoint));
        }

        return result.ToString();
    }

    /// <summary>The canonical caseless form: NFC, folded, NFC again (folding can undo a composition in rare cases).</summary>
    internal static string FoldNfc(string nfcText) =>
        Ascii.IsValid(nfcText) ? AsciiLower(nfcText) : UnicodeNormalization.ToNfc(Fold(nfcText));

    private static string AsciiLower(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('A', 'Z')) return text;
        return string.Create(text.Length, text, static (span, source) => Ascii.ToLower(source, span, out _));
    }
}
