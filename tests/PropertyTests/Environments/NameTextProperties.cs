using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// R2, R33: names that render the same after normalization collide, whatever mix of precomposed, decomposed, upper
/// and lower case and space characters they are typed in; no accepted name fails a strict UTF-8 round trip.
/// </summary>
[Trait("Category", "Globalization")]
public class NameTextProperties
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Units of a name, each with spellings that are the same text after NFC and case folding.</summary>
    private static readonly string[][] Units =
    [
        ["é", "É", "e\u0301", "E\u0301"],
        ["ü", "Ü", "u\u0308", "U\u0308"],
        ["å", "Å", "a\u030A", "A\u030A", "\u212B"],        // U+212B ANGSTROM SIGN is canonically Å
        ["ñ", "Ñ", "n\u0303", "N\u0303"],
        ["ç", "Ç", "c\u0327", "C\u0327"],
        ["ắ", "Ắ", "a\u0306\u0301", "A\u0306\u0301", "ă\u0301"],
        ["ḍ̇", "ḋ\u0323", "d\u0323\u0307", "d\u0307\u0323", "D\u0307\u0323"], // canonical reordering of two marks
        ["k", "K", "\u212A"],                               // U+212A KELVIN SIGN is canonically K
        ["σ", "Σ", "ς"],
        ["한", "\u1112\u1161\u11AB"],                        // Hangul syllable and its jamo
        ["a", "A"], ["z", "Z"], ["0"], ["-"], ["_"], ["."],
    ];

    private static readonly string[] InnerSpaces = [" ", "\u00A0", "\u3000", "\u2003", "  "];

    private static Gen<int[]> Shapes() =>
        from length in Gen.Choose(1, 10)
        from units in Gen.Choose(0, Units.Length - 1).ArrayOf(length)
        select units;

    /// <summary>One spelling of a name of <paramref name="shape"/>, with a space character before unit <paramref name="spaceAt"/> (none at 0).</summary>
    private static Gen<string> Spelling(int[] shape, int spaceAt) =>
        from choices in Gen.Choose(0, 99).ArrayOf(shape.Length)
        from space in Gen.Elements(InnerSpaces)
        let parts = shape.Select((unit, i) => Units[unit][choices[i] % Units[unit].Length]).ToList()
        select spaceAt > 0 && spaceAt < shape.Length
            ? string.Concat(parts.Take(spaceAt)) + space + string.Concat(parts.Skip(spaceAt))
            : string.Concat(parts);

    /// <summary>Two spellings of one name: the first with plain letters and spaces as typed on a keyboard, the second anyhow.</summary>
    private static Gen<(string First, string Second)> TwoSpellings() =>
        from shape in Shapes()
        from spaceAt in Gen.Choose(0, shape.Length)
        from first in Spelling(shape, spaceAt)
        from second in Spelling(shape, spaceAt)
        select (first, second);

    [Property(MaxTest = 300)]
    public Property Names_spelled_differently_but_equal_after_nfc_and_case_folding_collide() =>
        Prop.ForAll(TwoSpellings().ToArbitrary(), pair =>
        {
            var (first, second) = pair;
            var account = TestAccounts.Open(planLimit: 10).Account;
            var created = account.CreateEnvironment(TestAccounts.Admin, "x" + first + "x", 0, TestAccounts.Now, new SeededSecretGenerator(1));
            var result = account.CreateEnvironment(TestAccounts.Admin, "x" + second + "x", 0, TestAccounts.Now, new SeededSecretGenerator(2));
            var a = EnvironmentName.Create("x" + first + "x").AsT0;
            var b = EnvironmentName.Create("x" + second + "x").AsT0;
            var holds = created.Succeeded && result.Error is EnvironmentNameTaken
                && a.Equals(b) && a.GetHashCode() == b.GetHashCode() && a.IsConfirmedBy("x" + second + "x") && b.IsConfirmedBy("x" + first + "x");
            return holds.Label($"'{Escape(first)}' then '{Escape(second)}' gave {result}")
                .Classify(first != second, "spelled differently")
                .Classify(first.Any(c => "éüåñçắḍ한ÉÜÅÑÇẮ".Contains(c)), "first has precomposed letters")
                .Classify(second.Contains('\u212A') || second.Contains('\u212B'), "Kelvin or Angstrom sign")
                .Classify(second.Contains('\u3000') || second.Contains('\u00A0') || second.Contains("  "), "non-plain spaces");
        });

    /// <summary>Any text, with the troublemakers on purpose: lone surrogates, invisible and bidi characters, marks.</summary>
    private static Gen<string> AnyText() =>
        from parts in Gen.Frequency(
                (6, Gen.Elements("a", "Z", "é", "e\u0301", " ", "\u00A0", "日", "😀", "\u0301", "-", "ß")),
                (1, Gen.Elements("\uD800", "\uDC00", "\u200B", "\u200D", "\u202E", "\u2066", "\u00AD", "\uFEFF", "\uFE0F", "\u2028", "\t", "\uE000", "\u0378", "\u3164")),
                (1, ArbMap.Default.GeneratorFor<char>().Select(c => c.ToString())))
            .ListOf()
        select string.Concat(parts);

    [Property(MaxTest = 1000)]
    public Property Accepted_names_survive_a_strict_utf8_round_trip_and_are_canonical() =>
        Prop.ForAll(AnyText().ToArbitrary(), text =>
        {
            var environment = EnvironmentName.Create(text);
            var person = PersonName.Create(text);
            var holds = environment.Match(name => RoundTrips(name.Value) && EnvironmentName.Create(name.Value).AsT0.Value == name.Value, _ => true)
                && person.Match(name => RoundTrips(name.Value) && PersonName.Create(name.Value).AsT0.Value == name.Value, _ => true)
                && environment.IsT0 == person.IsT0;
            return holds.Label($"'{Escape(text)}'")
                .Classify(text.Any(char.IsSurrogate), "has surrogates")
                .Collect(environment.Match(_ => "accepted", error => error.Reason.ToString()));
        });

    private static bool RoundTrips(string text)
    {
        try
        {
            return StrictUtf8.GetString(StrictUtf8.GetBytes(text)) == text;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c < 0x80 ? c.ToString() : $"\\u{(int)c:X4}"));
}
