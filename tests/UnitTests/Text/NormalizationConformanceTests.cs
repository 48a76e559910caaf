using System.IO.Compression;
using System.Text;
using Fluents.Settings.Text;

namespace Fluents.Settings.UnitTests.Text;

/// <summary>
/// R33: our NFC against the official Unicode 15.0 conformance file (NormalizationTest.txt, embedded gzip-compressed):
/// every line's NFC columns, and every code point that the file does not list is its own NFC.
/// </summary>
[Trait("Category", "Globalization")]
public class NormalizationConformanceTests
{
    private static readonly Lazy<IReadOnlyList<(int Line, string[] Columns)>> Lines = new(Read);

    [Fact]
    public void ToNfc_EveryConformanceLine_MatchesTheNfcColumns_R33()
    {
        var failures = new List<string>();
        foreach (var (line, c) in Lines.Value)
        {
            // c2 == NFC(c1) == NFC(c2) == NFC(c3); c4 == NFC(c4) == NFC(c5).
            if (UnicodeNormalization.ToNfc(c[0]) != c[1] || UnicodeNormalization.ToNfc(c[1]) != c[1] || UnicodeNormalization.ToNfc(c[2]) != c[1]
                || UnicodeNormalization.ToNfc(c[3]) != c[3] || UnicodeNormalization.ToNfc(c[4]) != c[3])
                failures.Add($"line {line}: {Hex(c[0])}");
        }

        Assert.True(Lines.Value.Count > 19_000, $"only {Lines.Value.Count} lines read");
        Assert.True(failures.Count == 0, $"{failures.Count} lines fail, first: {string.Join("; ", failures.Take(10))}");
    }

    [Fact]
    public void ToNfc_EveryCodePointNotInPart1_IsItsOwnNfc_R33()
    {
        var listed = Lines.Value.Where(l => l.Columns.Length > 5).Select(l => char.ConvertToUtf32(l.Columns[0], 0)).ToHashSet();
        var failures = new List<int>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF || listed.Contains(codePoint)) continue;
            var text = char.ConvertFromUtf32(codePoint);
            if (UnicodeNormalization.ToNfc(text) != text) failures.Add(codePoint);
        }

        Assert.True(listed.Count > 10_000, $"part 1 has only {listed.Count} code points");
        Assert.True(failures.Count == 0, $"{failures.Count} code points change, first: {string.Join(", ", failures.Take(10).Select(c => c.ToString("X4")))}");
    }

    [Fact]
    public void Tables_AreUnicode15_R33() => Assert.Equal("15.0.0", UnicodeTables.Version);

    private static string Hex(string text) => string.Join(' ', text.EnumerateRunes().Select(r => r.Value.ToString("X4")));

    /// <summary>The data lines, each with its five columns decoded; a Part 1 line carries a sixth marker column.</summary>
    private static IReadOnlyList<(int, string[])> Read()
    {
        using var stream = typeof(NormalizationConformanceTests).Assembly.GetManifestResourceStream("NormalizationTest.txt.gz")
            ?? throw new InvalidOperationException("NormalizationTest.txt.gz is not embedded");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress), Encoding.UTF8);
        var lines = new List<(int, string[])>();
        var part1 = false;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.StartsWith("@Part", StringComparison.Ordinal)) part1 = line.StartsWith("@Part1", StringComparison.Ordinal);
            if (line.Length == 0 || line[0] is '#' or '@') continue;
            var fields = line.Split(';');
            var columns = fields.Take(5).Select(Decode).ToList();
            if (part1) columns.Add("part1");
            lines.Add((number, columns.ToArray()));
        }

        return lines;
    }

    private static string Decode(string field) =>
        string.Concat(field.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(hex => char.ConvertFromUtf32(Convert.ToInt32(hex, 16))));
}
