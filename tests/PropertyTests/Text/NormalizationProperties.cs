using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Text;

namespace Fluents.Settings.PropertyTests.Text;

/// <summary>
/// R33: our NFC agrees with ICU's (<see cref="string.Normalize(NormalizationForm)"/>) on random text of assigned
/// characters. ICU 72 is Unicode 15.0, like our tables. In globalization-invariant mode there is no ICU to compare
/// with (Normalize does nothing there): the property then holds trivially and says so in its label.
/// </summary>
[Trait("Category", "Globalization")]
public class NormalizationProperties
{
    private static readonly bool IcuAvailable = "cafe\u0301".Normalize(NormalizationForm.FormC).Length == 4;

    private static readonly int[] Assigned = Enumerable.Range(0, 0x110000)
        .Where(c => UnicodeCharacters.Kind(c) is not (CharacterKind.Unassigned or CharacterKind.Surrogate or CharacterKind.PrivateUse))
        .ToArray();

    // Where normalization does something: combining marks, decomposable characters, Hangul jamo and syllables.
    private static readonly int[] Interesting = Assigned
        .Where(c => UnicodeCharacters.CombiningClass(c) != 0 || UnicodeCharacters.TryGetDecomposition(c, out _, out _)
            || c is >= 0x1100 and <= 0x11FF or >= 0xAC00 and <= 0xAC40 or >= 'a' and <= 'z' or >= 'A' and <= 'Z')
        .ToArray();

    private static Gen<string> Texts() =>
        from length in Gen.Choose(1, 8)
        from codePoints in Gen.Frequency((1, Gen.Elements(Assigned)), (4, Gen.Elements(Interesting))).ArrayOf(length)
        select string.Concat(codePoints.Select(char.ConvertFromUtf32));

    [Property(MaxTest = 2000)]
    public Property Our_nfc_equals_icu_nfc() =>
        Prop.ForAll(Texts().ToArbitrary(), text =>
        {
            var ours = UnicodeNormalization.ToNfc(text);
            if (!IcuAvailable) return true.Label("invariant mode: no ICU to compare with (skipped)");
            var icu = text.Normalize(NormalizationForm.FormC);
            return (ours == icu)
                .Label($"{Hex(text)}: ours {Hex(ours)}, ICU {Hex(icu)}")
                .Classify(ours != text, "changed by NFC")
                .Classify(ours.Length < text.Length, "composed");
        });

    [Property(MaxTest = 1000)]
    public Property Nfc_is_idempotent() =>
        Prop.ForAll(Texts().ToArbitrary(), text =>
        {
            var once = UnicodeNormalization.ToNfc(text);
            return (UnicodeNormalization.ToNfc(once) == once).Label(Hex(text)).Classify(once != text, "changed by NFC");
        });

    [Property(MaxTest = 1000)]
    public Property Punycode_round_trips() =>
        Prop.ForAll(Texts().ToArbitrary(), text =>
        {
            var codePoints = text.EnumerateRunes().Select(r => r.Value).ToList();
            var holds = Punycode.TryEncode(codePoints, out var encoded) && Punycode.TryDecode(encoded, out var decoded) && decoded.SequenceEqual(codePoints);
            return holds.Label(Hex(text));
        });

    private static string Hex(string text) => string.Join(' ', text.EnumerateRunes().Select(r => r.Value.ToString("X4")));
}
