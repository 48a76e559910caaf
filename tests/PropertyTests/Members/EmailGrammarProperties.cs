using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>
/// R18, R33: addresses generated from the policy's grammar (RFC 5322 dot-atom local parts, internationalized or not;
/// LDH and Unicode domain labels) are accepted, canonical, idempotent and UTF-8-safe; each mutation that breaks the
/// grammar is refused with its own reason. Runs in both globalization modes.
/// </summary>
[Trait("Category", "Globalization")]
public class EmailGrammarProperties
{
    private const string AsciiAtomText = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
    private static readonly string[] UnicodeAtomParts = ["é", "É", "e\u0301", "ü", "ß", "日", "Ω", "ж", "😀", "\u212A"];
    private static readonly string[] UnicodeLabels = ["bücher", "BÜCHER", "bu\u0308cher", "日本", "straße", "москва", "école", "e\u0301cole", "\u212Aelvin", "xn--bcher-kva", "XN--BCHER-KVA"];
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static Gen<string> Atom() =>
        from length in Gen.Choose(1, 6)
        from parts in Gen.Frequency(
                (8, Gen.Elements(AsciiAtomText.ToCharArray()).Select(c => c.ToString())),
                (1, Gen.Elements(UnicodeAtomParts)))
            .ArrayOf(length)
        select string.Concat(parts);

    private static Gen<string> LocalPart() =>
        Gen.Choose(1, 4).SelectMany(count => Atom().ArrayOf(count)).Select(atoms => string.Join('.', atoms));

    private static Gen<string> AsciiLabel() =>
        from length in Gen.Choose(1, 10)
        from chars in Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".ToCharArray()).ArrayOf(length)
        let text = new string(chars).Trim('-')
        select text.Length == 0 ? "a" : text;

    private static Gen<string> Domain() =>
        from count in Gen.Choose(1, 3)
        from labels in Gen.Frequency((3, AsciiLabel()), (1, Gen.Elements(UnicodeLabels))).ArrayOf(count)
        from last in Gen.Elements("com", "ORG", "example", "de", "日本")
        select string.Join('.', labels.Append(last));

    private static Gen<(string Local, string Domain)> Addresses() =>
        from local in LocalPart()
        from domain in Domain()
        where Encoding.UTF8.GetByteCount(local) <= 40
        select (local, domain);

    [Property(MaxTest = 1000)]
    public Property Grammar_addresses_are_accepted_canonical_and_idempotent() =>
        Prop.ForAll(Addresses().ToArbitrary(), sample =>
        {
            var text = $"{sample.Local}@{sample.Domain}";
            var created = EmailAddress.Create(text);
            var holds = created.Match(
                address => EmailAddress.Create(address.Value).Match(again => again == address && again.Value == address.Value, _ => false)
                    && StrictUtf8.GetString(StrictUtf8.GetBytes(address.Value)) == address.Value
                    && Ascii.IsValid(address.Domain) && address.Domain == address.Domain.ToLowerInvariant(),
                _ => false);
            return holds
                .Label($"'{text}' gave {created.Match(a => a.Value, e => e.Reason.ToString())}")
                .Classify(!Ascii.IsValid(sample.Local), "Unicode local part")
                .Classify(created.IsT0 && created.AsT0.Domain.Contains("xn--"), "IDN domain")
                .Classify(text.Contains('\u0301') || text.Contains('\u0308') || text.Contains('\u212A'), "decomposed or Kelvin");
        });

    private static readonly (string Name, Func<string, string, string> Mutate, InvalidEmailAddressReason Reason)[] Mutations =
    [
        ("leading dot", (local, domain) => $".{local}@{domain}", InvalidEmailAddressReason.DotAtStartOrEnd),
        ("trailing dot", (local, domain) => $"{local}.@{domain}", InvalidEmailAddressReason.DotAtStartOrEnd),
        ("double dot", (local, domain) => $"{local}..x@{domain}", InvalidEmailAddressReason.ConsecutiveDots),
        ("quoted", (local, domain) => $"\"{local}\"@{domain}", InvalidEmailAddressReason.QuotedLocalPart),
        ("stray quote", (local, domain) => $"{local}\"@{domain}", InvalidEmailAddressReason.QuotedLocalPart),
        ("comment", (local, domain) => $"(c){local}@{domain}", InvalidEmailAddressReason.Comment),
        ("parenthesis in domain", (local, domain) => $"{local}@({domain}", InvalidEmailAddressReason.Comment),
        ("backslash", (local, domain) => $"{local}\\x@{domain}", InvalidEmailAddressReason.SpecialCharacterInLocalPart),
        ("lone surrogate", (local, domain) => $"{local}\uD800@{domain}", InvalidEmailAddressReason.InvalidLocalPart),
        ("U+200B in local part", (local, domain) => $"{local}\u200B@{domain}", InvalidEmailAddressReason.InvalidLocalPart),
        ("U+202E in local part", (local, domain) => $"\u202E{local}@{domain}", InvalidEmailAddressReason.InvalidLocalPart),
        ("U+200B in domain", (local, domain) => $"{local}@x\u200B{domain}", InvalidEmailAddressReason.InvisibleCharacterInDomain),
        ("U+202E in domain", (local, domain) => $"{local}@{domain}\u202E", InvalidEmailAddressReason.InvisibleCharacterInDomain),
        ("soft hyphen in domain", (local, domain) => $"{local}@a\u00AD{domain}", InvalidEmailAddressReason.InvisibleCharacterInDomain),
        ("full-width domain letter", (local, domain) => $"{local}@\uFF41{domain}", InvalidEmailAddressReason.CompatibilityCharacterInDomain),
        ("address literal", (local, _) => $"{local}@[192.0.2.1]", InvalidEmailAddressReason.AddressLiteral),
    ];

    [Property(MaxTest = 1000)]
    public Property Mutations_are_refused_with_their_reason() =>
        Prop.ForAll(
            (from address in Addresses() from index in Gen.Choose(0, Mutations.Length - 1) select (address, index)).ToArbitrary(),
            sample =>
            {
                var (name, mutate, reason) = Mutations[sample.index];
                var text = mutate(sample.address.Local, sample.address.Domain);
                var result = EmailAddress.Create(text);
                return result.Match(_ => false, error => error.Reason == reason)
                    .Label($"{name}: '{text}' gave {result.Match(a => "accepted " + a.Value, e => e.Reason.ToString())}")
                    .Collect(name);
            });
}
