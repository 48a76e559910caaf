using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluents.Settings.Accounts;
using Fluents.Settings.Json;
using Xunit.Abstractions;

namespace Fluents.Settings.UnitTests.Json;

/// <summary>
/// The golden files pin today's JSON format (docs/json-format.md): <c>golden/account-snapshot.v{N}.json</c> and
/// <c>golden/events.v{N}.json</c>, written from <see cref="GoldenAccount"/>. The library's output must equal the file of the
/// current schema version byte for byte (the files are indented for reading; they are compared compact), and every golden
/// file of every version, older ones included, must still load.
/// </summary>
/// <remarks>
/// A changed format fails here. If the change was an accident, fix the code. If it is on purpose: bump
/// <see cref="SettingsJson.SnapshotSchemaVersion"/> or <see cref="SettingsJson.EventSchemaVersion"/>, teach the reader the
/// previous version, and run the tests once with <c>SETTINGS_JSON_WRITE_GOLDEN=1</c>: that writes the new version's file
/// (only a file that does not exist yet: a released version's file is never rewritten). Commit it beside the old one.
/// In the Globalization category (R33): CI runs it again in globalization-invariant mode, where the stored bytes (the
/// normalized names and emails in them) must be the same.
/// </remarks>
[Trait("Category", "Globalization")]
public class GoldenFileTests(ITestOutputHelper output)
{
    public const string WriteVariable = "SETTINGS_JSON_WRITE_GOLDEN";

    private static readonly (AccountSnapshot Snapshot, IReadOnlyList<DomainEvent> Events) Golden = GoldenAccount.Build();

    [Fact]
    public void Snapshot_IsWrittenExactlyAsTheGoldenFileOfTheCurrentVersion()
    {
        var actual = SettingsJson.Serialize(Golden.Snapshot);

        AssertGolden($"account-snapshot.v{SettingsJson.SnapshotSchemaVersion}.json", actual, nameof(SettingsJson.SnapshotSchemaVersion));
    }

    [Fact]
    public void Events_AreWrittenExactlyAsTheGoldenFileOfTheCurrentVersion()
    {
        var actual = "[" + string.Join(",", Golden.Events.Select(SettingsJson.Serialize)) + "]";

        AssertGolden($"events.v{SettingsJson.EventSchemaVersion}.json", actual, nameof(SettingsJson.EventSchemaVersion));
    }

    [Fact]
    public void GoldenEvents_HaveEveryEventType()
    {
        var written = Golden.Events.Select(SettingsJson.EventType).ToHashSet();

        Assert.Equal(EventTypeTests.LibraryEventTypes().Select(type => EventTypes.NameOf(type)!).Order(), written.Order());
    }

    [Fact]
    public void EveryGoldenSnapshot_OfEveryVersion_LoadsAsAValidAccount()
    {
        var files = GoldenFiles("account-snapshot");
        Assert.Contains(files, file => file.Version == SettingsJson.SnapshotSchemaVersion);
        foreach (var (path, version) in files)
        {
            var snapshot = SettingsJson.DeserializeSnapshot(File.ReadAllBytes(path)).Value;
            var account = Account.FromSnapshot(snapshot).Value;
            if (version == SettingsJson.SnapshotSchemaVersion) Assert.Equal(Golden.Snapshot, account.ToSnapshot());
        }
    }

    [Fact]
    public void EveryGoldenEvent_OfEveryVersion_Loads()
    {
        var files = GoldenFiles("events");
        Assert.Contains(files, file => file.Version == SettingsJson.EventSchemaVersion);
        foreach (var (path, version) in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var events = document.RootElement.EnumerateArray().Select(element => SettingsJson.DeserializeEvent(element.GetRawText()).Value).ToArray();
            if (version == SettingsJson.EventSchemaVersion) Assert.Equal(Golden.Events.Select(SettingsJson.Serialize), events.Select(SettingsJson.Serialize));
        }
    }

    [Fact]
    public void GoldenFiles_ClaimTheVersionInTheirName()
    {
        foreach (var (path, version) in GoldenFiles("account-snapshot"))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            Assert.Equal(version, document.RootElement.GetProperty("schemaVersion").GetInt32());
        }
        foreach (var (path, version) in GoldenFiles("events"))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            Assert.All(document.RootElement.EnumerateArray(), element => Assert.Equal(version, element.GetProperty("schemaVersion").GetInt32()));
        }
    }

    private void AssertGolden(string fileName, string actual, string versionConstant)
    {
        var path = Path.Combine(GoldenDirectory(), fileName);
        if (!File.Exists(path))
        {
            if (Environment.GetEnvironmentVariable(WriteVariable) != "1")
                Assert.Fail($"{fileName} does not exist. If {versionConstant} was bumped on purpose, run the tests once with {WriteVariable}=1 to write it, and commit it.");
            File.WriteAllText(path, Indented(actual) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            output.WriteLine($"Wrote {path}: review and commit it.");
            return;
        }

        var expected = Compact(File.ReadAllText(path));
        if (expected != actual)
        {
            var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Length, actual.Length));
            Assert.Fail(
                $"The JSON format changed: the output differs from {fileName} at character {at} of the compact form:\n" +
                $"  expected …{Excerpt(expected, at)}…\n  actual   …{Excerpt(actual, at)}…\n" +
                $"If by accident, fix the code. If on purpose, this is a new schema version: bump SettingsJson.{versionConstant}, keep reading the old version, " +
                $"and run the tests once with {WriteVariable}=1 to write the new golden file (docs/json-format.md, \"Versioning\").");
        }
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(text.Length, at + 60) - Math.Max(0, at - 60));

    /// <summary>The golden file without its indentation: what <see cref="SettingsJson"/> writes, escaping included.</summary>
    private static string Compact(string json) => Rewrite(json, indented: false);

    private static string Indented(string json) => Rewrite(json, indented: true);

    private static string Rewrite(string json, bool indented)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n");
    }

    private static (string Path, int Version)[] GoldenFiles(string kind) =>
        [.. Directory.EnumerateFiles(GoldenDirectory(), $"{kind}.v*.json")
            .Select(path => (path, Version: int.Parse(Path.GetFileNameWithoutExtension(path)[(kind.Length + 2)..], System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(file => file.Version)];

    private static string GoldenDirectory() =>
        Path.Combine(RepositoryFiles.Root, "tests", "UnitTests", "Json", "golden");
}
