namespace Fluents.Settings.Text;

/// <summary>
/// Character properties from the generated <see cref="UnicodeTables"/> (Unicode 15.0), never from ICU or the
/// runtime's own tables, so every host and both globalization modes answer the same (R33).
/// </summary>
internal static class UnicodeCharacters
{
    internal const int MaxCodePoint = 0x10FFFF;

    /// <summary>The grouped general category of a code point.</summary>
    internal static CharacterKind Kind(int codePoint) =>
        (CharacterKind)UnicodeTables.KindRunValues[RunOf(UnicodeTables.KindRunStarts, codePoint)];

    /// <summary>The canonical combining class (0 for starters).</summary>
    internal static int CombiningClass(int codePoint) =>
        codePoint < 0x300 ? 0 : UnicodeTables.CombiningClassRunValues[RunOf(UnicodeTables.CombiningClassRunStarts, codePoint)];

    /// <summary>Default_Ignorable_Code_Point: rendered as nothing when not supported (zero-width, joiners, variation selectors, fillers…).</summary>
    internal static bool IsDefaultIgnorable(int codePoint) => InRanges(UnicodeTables.DefaultIgnorableRanges, codePoint);

    /// <summary>Whether the code point has a compatibility (tagged) decomposition: full-width, circled, ligature, superscript forms…</summary>
    internal static bool HasCompatibilityDecomposition(int codePoint) =>
        codePoint >= 0xA0 && InRanges(UnicodeTables.CompatibilityRanges, codePoint);

    /// <summary>The simple case folding of a code point (itself when it has none).</summary>
    internal static int FoldCase(int codePoint)
    {
        if (codePoint < 0x80) return codePoint is >= 'A' and <= 'Z' ? codePoint + 32 : codePoint;
        var index = UnicodeTables.CaseFoldKeys.BinarySearch(codePoint);
        return index >= 0 ? UnicodeTables.CaseFoldValues[index] : codePoint;
    }

    /// <summary>The one-level canonical decomposition of a non-Hangul code point: (first, second or 0).</summary>
    internal static bool TryGetDecomposition(int codePoint, out int first, out int second)
    {
        var index = codePoint < 0xC0 ? -1 : UnicodeTables.DecompositionKeys.BinarySearch(codePoint);
        if (index < 0)
        {
            first = second = 0;
            return false;
        }

        first = UnicodeTables.DecompositionFirst[index];
        second = UnicodeTables.DecompositionSecond[index];
        return true;
    }

    /// <summary>The primary composite of two code points, if any (Hangul excluded).</summary>
    internal static bool TryCompose(int first, int second, out int composite)
    {
        var index = UnicodeTables.CompositionKeys.BinarySearch(((long)first << 21) | (uint)second);
        composite = index >= 0 ? UnicodeTables.CompositionValues[index] : 0;
        return index >= 0;
    }

    /// <summary>The index of the run that holds <paramref name="codePoint"/> in a table of run starts.</summary>
    private static int RunOf(ReadOnlySpan<int> starts, int codePoint)
    {
        var index = starts.BinarySearch(codePoint);
        return index >= 0 ? index : ~index - 1;
    }

    private static bool InRanges(ReadOnlySpan<int> ranges, int codePoint)
    {
        // Ranges are [start, end] pairs: an even insertion point falls between ranges.
        var index = ranges.BinarySearch(codePoint);
        return index >= 0 || (~index & 1) == 1;
    }
}
