using System.Text;

namespace Fluents.Settings.Text;

/// <summary>
/// Unicode Normalization Form C (UAX #15) from the generated Unicode 15.0 tables. <see cref="string.Normalize()"/>
/// cannot be used: in globalization-invariant mode it returns its input unchanged, so two hosts would store two
/// spellings of one name (R33). Checked against the official NormalizationTest.txt.
/// </summary>
internal static class UnicodeNormalization
{
    private const int HangulSyllableBase = 0xAC00, LeadingJamoBase = 0x1100, VowelJamoBase = 0x1161, TrailingJamoBase = 0x11A7;
    private const int LeadingJamoCount = 19, VowelJamoCount = 21, TrailingJamoCount = 28;
    private const int HangulSyllableCount = LeadingJamoCount * VowelJamoCount * TrailingJamoCount;

    /// <summary>
    /// The NFC form of <paramref name="text"/>. ASCII text is returned as it is (it is always NFC).
    /// An unpaired surrogate passes through as one code point (callers refuse such text first).
    /// </summary>
    internal static string ToNfc(string text)
    {
        if (Ascii.IsValid(text)) return text;

        var codePoints = new List<int>(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            Decompose(codePoint, codePoints);
        }

        SortCanonically(codePoints);
        var length = Compose(codePoints);

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < length; i++) Append(result, codePoints[i]);
        return result.ToString();
    }

    /// <summary>Appends a code point, as it was when it is an unpaired surrogate.</summary>
    internal static void Append(StringBuilder builder, int codePoint)
    {
        if (codePoint < 0x10000) builder.Append((char)codePoint);
        else builder.Append(char.ConvertFromUtf32(codePoint));
    }

    private static void Decompose(int codePoint, List<int> into)
    {
        var syllable = codePoint - HangulSyllableBase;
        if (syllable is >= 0 and < HangulSyllableCount)
        {
            into.Add(LeadingJamoBase + syllable / (VowelJamoCount * TrailingJamoCount));
            into.Add(VowelJamoBase + syllable % (VowelJamoCount * TrailingJamoCount) / TrailingJamoCount);
            if (syllable % TrailingJamoCount != 0) into.Add(TrailingJamoBase + syllable % TrailingJamoCount);
            return;
        }

        if (!UnicodeCharacters.TryGetDecomposition(codePoint, out var first, out var second))
        {
            into.Add(codePoint);
            return;
        }

        Decompose(first, into);
        if (second != 0) Decompose(second, into);
    }

    /// <summary>The canonical ordering algorithm: a stable sort of each run of non-starters by combining class.</summary>
    private static void SortCanonically(List<int> codePoints)
    {
        for (var i = 1; i < codePoints.Count; i++)
        {
            var current = codePoints[i];
            var currentClass = UnicodeCharacters.CombiningClass(current);
            if (currentClass == 0) continue;
            var j = i;
            while (j > 0 && UnicodeCharacters.CombiningClass(codePoints[j - 1]) > currentClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = current;
        }
    }

    /// <summary>The canonical composition algorithm, in place; returns the new length.</summary>
    private static int Compose(List<int> codePoints)
    {
        if (codePoints.Count == 0) return 0;
        var starterIndex = 0;
        var starter = codePoints[0];
        // A leading non-starter has no starter to compose with: 256 blocks every composition until the next starter.
        var lastClass = UnicodeCharacters.CombiningClass(starter) == 0 ? 0 : 256;
        var length = 1;
        for (var i = 1; i < codePoints.Count; i++)
        {
            var codePoint = codePoints[i];
            var combiningClass = UnicodeCharacters.CombiningClass(codePoint);
            if ((lastClass < combiningClass || lastClass == 0) && TryComposePair(starter, codePoint, out var composite))
            {
                codePoints[starterIndex] = composite;
                starter = composite;
                continue;
            }

            if (combiningClass == 0)
            {
                starterIndex = length;
                starter = codePoint;
            }

            lastClass = combiningClass;
            codePoints[length++] = codePoint;
        }

        return length;
    }

    private static bool TryComposePair(int first, int second, out int composite)
    {
        var leading = first - LeadingJamoBase;
        var vowel = second - VowelJamoBase;
        if (leading is >= 0 and < LeadingJamoCount && vowel is >= 0 and < VowelJamoCount)
        {
            composite = HangulSyllableBase + (leading * VowelJamoCount + vowel) * TrailingJamoCount;
            return true;
        }

        var syllable = first - HangulSyllableBase;
        var trailing = second - TrailingJamoBase;
        if (syllable is >= 0 and < HangulSyllableCount && syllable % TrailingJamoCount == 0 && trailing is > 0 and < TrailingJamoCount)
        {
            composite = first + trailing;
            return true;
        }

        return UnicodeCharacters.TryCompose(first, second, out composite);
    }
}
