using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.Json;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Json;

/// <summary>One edit of a stored document: where (a fraction of its length), what, and with which character.</summary>
public sealed record DocumentEdit(EditKind Kind, int At, char With);

public enum EditKind
{
    CutHere,
    DeleteCharacter,
    InsertCharacter,
    ReplaceCharacter,
    RepeatPiece,
    BreakUtf8,

    /// <summary>The next digit becomes another: a number, an id, an instant or the schema version changes but stays JSON.</summary>
    ChangeDigit,

    /// <summary>The next letter becomes another: a name, a key, a hash, an enum name or a type changes but stays JSON.</summary>
    ChangeLetter,
}

/// <summary>Edits of a document, as a corrupt row, a bad migration or a truncated write would make them.</summary>
public sealed record DocumentCorruption(int Document, DocumentEdit[] Edits)
{
    public override string ToString() => $"document {Document}: {string.Join(", ", Edits.AsEnumerable())}";
}

public static class CorruptionArbitraries
{
    // JSON's own characters, digits, letters of the format's values, an escape, non-ASCII and a lone surrogate.
    private const string Characters = "{}[]\",:0123456789-.+eEtrufalsnPTHMSZ \\é…\uD800x";

    public static Arbitrary<DocumentCorruption> Corruptions() =>
        (from document in Gen.Choose(0, 99)
         from edits in (from kind in Gen.Elements(Enum.GetValues<EditKind>())
                        from at in Gen.Choose(0, 9_999)
                        from with in Gen.Elements(Characters.ToCharArray())
                        select new DocumentEdit(kind, at, with)).ArrayOf().Where(edits => edits.Length is > 0 and <= 3)
         select new DocumentCorruption(document, edits)).ToArbitrary();
}

/// <summary>
/// Reading a stored document never throws, whatever happened to it (DESIGN.md §7: a corrupt row is an
/// <see cref="InvalidAccountSnapshot"/>, never an unhandled exception). What still reads is a document the format accepts:
/// it writes again and reads back the same.
/// </summary>
[Properties(Arbitrary = [typeof(CorruptionArbitraries)], MaxTest = 1000)]
public class CorruptJsonProperties
{
    private static readonly string[] Documents = BuildDocuments();

    private static string[] BuildDocuments()
    {
        var random = new SeededSecretGenerator(99);
        var account = TestAccounts.Open(40, random).Account;
        var environment = account.Environments.First().Id;
        _ = account.RotateApiKey(TestAccounts.Admin, environment, Duration.FromHours(1), TestAccounts.Now, random).Value;
        _ = account.EditEnvironment(TestAccounts.Admin, environment, "Zoë", 10, TestAccounts.Now).Value;
        _ = account.Invite(TestAccounts.Admin, "bea@example.com", Role.Member, TestAccounts.Now, random).Value;
        _ = account.SetInvitationValidity(TestAccounts.Admin, Duration.FromHours(36), TestAccounts.Now).Value;
        return [SettingsJson.Serialize(account.ToSnapshot()), .. account.TakeEvents().Select(SettingsJson.Serialize)];
    }

    [Property]
    public Property Reading_a_corrupted_document_never_throws(DocumentCorruption corruption)
    {
        var original = Documents[corruption.Document % Documents.Length];
        var (text, bytes) = Apply(original, corruption.Edits);

        var snapshots = new[] { SettingsJson.DeserializeSnapshot(text), SettingsJson.DeserializeSnapshot(bytes) };
        var events = new[] { SettingsJson.DeserializeEvent(text), SettingsJson.DeserializeEvent(bytes) };
        foreach (var read in snapshots.Where(read => read.Succeeded))
        {
            _ = Account.FromSnapshot(read.Value); // returns, never throws
            var again = SettingsJson.DeserializeSnapshot(SettingsJson.Serialize(read.Value));
            if (again.Value != read.Value) return false.Label("a snapshot that read did not read the same after writing it again");
        }
        foreach (var read in events.Where(read => read.Succeeded))
        {
            var again = SettingsJson.DeserializeEvent(SettingsJson.Serialize(read.Value));
            if (!EventComparison.AreSame(read.Value, again.Value)) return false.Label("an event that read did not read the same after writing it again");
        }

        return true.ToProperty()
            .Label($"{text}")
            .Classify(snapshots[1].Succeeded || events[1].Succeeded, "still reads")
            .Classify(snapshots[1].Error is UnsupportedSchemaVersion || events[1].Error is UnsupportedSchemaVersion, "refused as newer")
            .Classify(snapshots[1].Error is InvalidAccountSnapshot && events[1].Error is InvalidEventJson, "refused as corrupt")
            .Classify(corruption.Edits.Any(e => e.Kind == EditKind.BreakUtf8), "with bytes that are not UTF-8");
    }

    private static (string Text, byte[] Bytes) Apply(string original, DocumentEdit[] edits)
    {
        var text = new StringBuilder(original);
        var brokenBytes = new List<int>();
        foreach (var edit in edits)
        {
            if (text.Length == 0) break;
            var at = (int)((long)edit.At * text.Length / 10_000);
            switch (edit.Kind)
            {
                case EditKind.CutHere: text.Length = at; break;
                case EditKind.DeleteCharacter: text.Remove(at, 1); break;
                case EditKind.InsertCharacter: text.Insert(at, edit.With); break;
                case EditKind.ReplaceCharacter: text[at] = edit.With; break;
                case EditKind.RepeatPiece: text.Insert(at, text.ToString(at, Math.Min(12, text.Length - at))); break;
                case EditKind.BreakUtf8: brokenBytes.Add(edit.At); break;
                case EditKind.ChangeDigit: Change(text, at, char.IsAsciiDigit, (char)('0' + edit.With % 10)); break;
                case EditKind.ChangeLetter: Change(text, at, char.IsAsciiLetter, char.IsAsciiLetter(edit.With) ? edit.With : (char)('a' + edit.With % 26)); break;
            }
        }
        var result = text.ToString();
        var bytes = Encoding.UTF8.GetBytes(result);
        foreach (var at in brokenBytes.Where(_ => bytes.Length > 0)) bytes[(int)((long)at * bytes.Length / 10_000)] = 0xC0; // never valid in UTF-8
        return (result, bytes);
    }

    private static void Change(StringBuilder text, int from, Func<char, bool> kind, char to)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (kind(text[i]))
            {
                text[i] = to;
                return;
            }
        }
    }
}
