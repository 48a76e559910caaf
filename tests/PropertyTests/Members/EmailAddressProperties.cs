using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>Laws of <see cref="EmailAddress"/> normalization and validation (R18).</summary>
[Trait("Category", "Globalization")]
public class EmailAddressProperties
{
    private const string LocalPartAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_!#'éÉüÜßø";
    private const string LabelAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static Gen<string> StringOf(string alphabet, int length) =>
        Gen.Elements(alphabet.ToCharArray()).ArrayOf(length).Select(chars => new string(chars));

    // Lengths cluster at the edges on purpose: 1, 63, 64 (last allowed), 65 (first refused).
    private static Gen<int> LocalPartLength() =>
        Gen.Frequency((3, Gen.Choose(1, 20)), (1, Gen.Elements(1, 63, 64, 65)));

    private static Gen<string> Label(int length) =>
        length <= 2
            ? StringOf(LabelAlphabet, length)
            : from first in StringOf(LabelAlphabet, 1)
              from middle in StringOf(LabelAlphabet + "-", length - 2)
              from last in StringOf(LabelAlphabet, 1)
              select first + middle + last;

    private static Gen<string> Domain() =>
        from labels in Gen.Choose(1, 3).SelectMany(count => Gen.Choose(1, 12).SelectMany(Label).ArrayOf(count))
        from topLevel in Gen.Elements("com", "ORG", "example", "de", "co.uk")
        from unicode in Gen.Frequency((2, Gen.Constant("")), (1, Gen.Elements("bücher.", "Straße.", "MÜLLER.", "日本.")))
        select unicode + string.Join('.', labels) + "." + topLevel;

    /// <summary>Addresses built to be valid apart, sometimes, from an over-long local part.</summary>
    private static Gen<string> Address() =>
        from localLength in LocalPartLength()
        from local in StringOf(LocalPartAlphabet, localLength)
        from domain in Domain()
        select $"{local}@{domain}";

    /// <summary>Mostly plausible addresses, with some broken on purpose, plus arbitrary strings.</summary>
    private static Arbitrary<string> Candidates() =>
        Gen.Frequency(
                (6, Address()),
                (1, Address().Select(text => text.Replace("@", "@@"))),
                (1, Address().Select(text => text.Replace(".", ".."))),
                (1, Address().Select(text => text.Replace("@", ""))),
                (1, ArbMap.Default.GeneratorFor<string>()))
            .ToArbitrary();

    /// <summary>An ASCII address whose local part and total length are chosen around the limits.</summary>
    private static Gen<(string Text, int LocalLength, int TotalLength)> AddressNearLimits() =>
        from localLength in Gen.Elements(1, 63, 64, 65)
        from totalLength in Gen.Frequency((3, Gen.Elements(253, 254, 255, 256)), (1, Gen.Choose(75, 300)))
        from local in StringOf(LocalPartAlphabet[..62], localLength)
        from domain in DomainOfLength(totalLength - localLength - 1)
        select ($"{local}@{domain}", localLength, totalLength);

    private static Gen<string> DomainOfLength(int length)
    {
        // A three-letter top-level label after labels of at most 63 letters, never leaving a
        // label of length 0 (so length must be at least 5).
        var lengths = new List<int>();
        for (var left = length - 4; left > 0;)
        {
            var next = Math.Min(63, left);
            if (left - next == 1) next--;
            lengths.Add(next);
            left -= next + 1;
        }

        return lengths.Select(labelLength => StringOf(LabelAlphabet[..52], labelLength))
            .Aggregate(Gen.Constant(new List<string>()), (labels, label) =>
                from list in labels from next in label select new List<string>(list) { next })
            .SelectMany(labels => StringOf(LabelAlphabet[..52], 3).Select(topLevel => string.Join('.', labels) + "." + topLevel));
    }

    private static Gen<string> WhiteSpace() => StringOf(" \t\r\n\u00A0\u2003", 0).Or(Gen.Choose(1, 4).SelectMany(n => StringOf(" \t\r\n\u00A0\u2003", n)));

    [Property(MaxTest = 500)]
    public Property Normalization_is_idempotent() =>
        Prop.ForAll(Candidates(), text =>
        {
            var created = EmailAddress.Create(text);
            var holds = created.Match(
                address => EmailAddress.Create(address.Value).Match(again => again == address && again.Value == address.Value, _ => false),
                _ => true);
            return holds
                .Label($"'{text}'")
                .Classify(created.IsT0 && created.AsT0.Domain.Contains("xn--"), "IDN domain")
                .Collect(created.Match(_ => "valid", error => error.Reason.ToString()));
        });

    [Property(MaxTest = 500)]
    public Property Equality_ignores_case() =>
        Prop.ForAll(
            (from text in Address() from seed in Gen.Choose(0, int.MaxValue) select (text, seed)).ToArbitrary(),
            sample =>
            {
                var random = new Random(sample.seed);
                // Flip ASCII letters only: R18 promises ASCII case-insensitivity; Unicode case
                // mapping does not always round-trip (for example 'ı' → 'I' → 'i').
                var flipped = new string(sample.text.Select(c => char.IsAsciiLetter(c) && random.Next(2) == 0
                    ? (char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))
                    : c).ToArray());
                var original = EmailAddress.Create(sample.text);
                var other = EmailAddress.Create(flipped);
                var holds = original.Match(
                    address => other.Match(b => b == address && b.GetHashCode() == address.GetHashCode(), _ => false),
                    error => other.Match(_ => false, otherError => otherError == error));
                return holds.Label($"'{sample.text}' vs '{flipped}'").Classify(original.IsT0, "valid");
            });

    [Property(MaxTest = 300)]
    public Property Surrounding_white_space_is_ignored() =>
        Prop.ForAll(
            (from text in Candidates().Generator from before in WhiteSpace() from after in WhiteSpace() select (text, padded: before + text + after)).ToArbitrary(),
            sample =>
            {
                var plain = EmailAddress.Create(sample.text.Trim());
                var padded = EmailAddress.Create(sample.padded);
                var holds = plain.Match(
                    address => padded.Match(b => b == address, _ => false),
                    error => padded.Match(_ => false, otherError => otherError == error));
                return holds.Label($"'{sample.padded}'").Classify(plain.IsT0, "valid");
            });

    [Property(MaxTest = 500)]
    public Property Accepted_exactly_within_the_length_limits() =>
        Prop.ForAll(AddressNearLimits().ToArbitrary(), sample =>
        {
            var created = EmailAddress.Create(sample.Text);
            var expected = sample.LocalLength > EmailAddress.MaxLocalPartLength ? InvalidEmailAddressReason.LocalPartTooLong
                : sample.TotalLength > EmailAddress.MaxLength ? InvalidEmailAddressReason.TooLong
                : (InvalidEmailAddressReason?)null;
            var holds = created.Match(
                address => expected is null && address.Value.Length == sample.TotalLength,
                error => error.Reason == expected);
            return holds
                .Label($"local {sample.LocalLength}, total {sample.TotalLength}: {created.Match(a => "accepted", e => e.Reason.ToString())}")
                .Classify(sample.LocalLength == 64, "local 64")
                .Classify(sample.LocalLength == 65, "local 65")
                .Classify(sample.TotalLength == 254, "total 254")
                .Classify(sample.TotalLength == 255, "total 255");
        });
}
