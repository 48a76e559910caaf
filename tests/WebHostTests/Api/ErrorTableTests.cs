using System.Text.RegularExpressions;
using Fluents.Settings.WebHost.Api;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Api;

/// <summary>The host answers every library error with the status the README's error table suggests (the first, where it gives two).</summary>
public sealed partial class ErrorTableTests
{
    public static TheoryData<string, int> ReadmeTable()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var section = readme[readme.IndexOf("## Error codes", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var table = new TheoryData<string, int>();
        foreach (Match row in TableRow().Matches(section))
        {
            var status = int.Parse(row.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture);
            foreach (Match code in Code().Matches(row.Groups["codes"].Value)) table.Add(code.Groups[1].Value, status);
        }
        return table;
    }

    [Theory]
    [MemberData(nameof(ReadmeTable))]
    public void EveryCodeOfTheReadmesTable_HasItsSuggestedStatus(string code, int status) =>
        Assert.Equal(status, Problems.StatusOf(code));

    [Fact]
    public void TheReadmesTable_IsReadWhole_AndTheHostMapsNoCodeItDoesNotList()
    {
        var documented = ReadmeTable().Select(row => (string)row[0]).ToHashSet();

        Assert.True(documented.Count >= 40, $"only {documented.Count} codes read from the README");
        Assert.DoesNotContain(Problems.MappedCodes, code => !documented.Contains(code) && !code.StartsWith("concurrency.", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCallGatesRefusals_Are429_404Or503()
    {
        Assert.Equal(429, Problems.StatusOf("concurrency.environment_at_capacity"));
        Assert.Equal(429, Problems.StatusOf("concurrency.plan_at_capacity"));
        Assert.Equal(404, Problems.StatusOf("concurrency.unknown_environment"));
        Assert.Equal(404, Problems.StatusOf("concurrency.environment_deleted"));
        Assert.Equal(503, Problems.StatusOf("concurrency.gate_unavailable"));
        Assert.Equal(500, Problems.StatusOf("something.new"));
    }

    [GeneratedRegex(@"^\| (?<codes>`[^|]+) \| [^\n]*\| (?<status>\d{3})[^|\n]*\|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([a-z_]+\\.[a-z_]+)`")]
    private static partial Regex Code();
}
