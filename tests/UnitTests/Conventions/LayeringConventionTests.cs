using System.Text.RegularExpressions;

namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>
/// The domain is pure (DESIGN.md §1): its namespaces never reference the application layer, the embedded adapters or the
/// JSON storage format.
/// Read from the source, so a stray <c>using</c> or a qualified name in any line of code (comments aside) fails here.
/// </summary>
public partial class LayeringConventionTests
{
    private static readonly string[] DomainFolders = ["Accounts", "Actors", "ApiKeys", "Concurrency", "Environments", "Invitations", "Members", "Secrets", "Text"];

    // The audit trail's port and entries name each event by its type in the JSON format (AuditEntry.Type), so they may use
    // Json/; like the domain, they never reach into the application layer or the embedded adapters.
    private static readonly string[] PortFolders = ["Audit"];

    public static TheoryData<string> DomainFiles() => [.. FilesIn(DomainFolders)];

    public static TheoryData<string> DomainAndPortFiles() => [.. FilesIn(DomainFolders), .. FilesIn(PortFolders)];

    private static IEnumerable<string> FilesIn(string[] folders) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(CoreSource(), folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(CoreSource(), path));

    [Theory]
    [MemberData(nameof(DomainAndPortFiles))]
    public void DomainFile_NeverReferencesApplicationOrInMemory(string file)
    {
        var offending = File.ReadLines(Path.Combine(CoreSource(), file))
            .Select((line, index) => (Line: line, Number: index + 1))
            .Where(l => !l.Line.TrimStart().StartsWith("//", StringComparison.Ordinal)) // comments and XML docs may point the way
            .Where(l => LayerReference().IsMatch(l.Line))
            .Select(l => $"{file}:{l.Number}: {l.Line.Trim()}")
            .ToArray();

        Assert.Empty(offending);
    }

    [Theory]
    [MemberData(nameof(DomainFiles))]
    public void DomainFile_NeverReferencesTheJsonFormat(string file)
    {
        // The storage format (Json/) is configured from outside: events and snapshots carry no serializer attributes,
        // so the format's names ("environment.created") can never drift with a class name.
        var offending = File.ReadLines(Path.Combine(CoreSource(), file))
            .Select((line, index) => (Line: line, Number: index + 1))
            .Where(l => !l.Line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Where(l => JsonReference().IsMatch(l.Line))
            .Select(l => $"{file}:{l.Number}: {l.Line.Trim()}")
            .ToArray();

        Assert.Empty(offending);
    }

    [Fact]
    public void DomainFiles_AreFound()
    {
        // Guards the walk itself: the theory above must not pass by finding nothing.
        Assert.True(DomainFiles().Count > 40);
        Assert.Contains(Path.Combine("Accounts", "Account.cs"), DomainFiles().Cast<object[]>().Select(row => (string)row[0]));
    }

    private static string CoreSource() =>
        RepositoryFiles.CoreSource;

    [GeneratedRegex(@"\b(Fluents\.Settings\.)?(Application|InMemory)\.[A-Z]|using\s+Fluents\.Settings\.(Application|InMemory)\s*;")]
    private static partial Regex LayerReference();

    [GeneratedRegex(@"System\.Text\.Json|\bFluents\.Settings\.Json\b|\[Json[A-Z]\w*(\(|\])")]
    private static partial Regex JsonReference();
}
