using System.Text;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>
/// R18, R33: one canonical form for every host — these expectations hold with ICU and in globalization-invariant mode
/// (CI runs this class in both).
/// </summary>
public partial class EmailAddressTests
{
    [Theory]
    [InlineData("ADA@BÜCHER.EXAMPLE")]
    [InlineData("ada@bücher.example")]
    [InlineData("ada@BU\u0308CHER.example")]       // decomposed Ü
    [InlineData("ada@xn--bcher-kva.example")]
    [InlineData("ADA@XN--BCHER-KVA.EXAMPLE")]
    public void Create_OneInternationalizedDomain_HasOneCanonicalForm_R33(string text) =>
        Assert.Equal("ada@xn--bcher-kva.example", Valid(text).Value);

    [Theory]
    [InlineData("user@МОСКВА.example", "user@xn--80adxhks.example")]
    [InlineData("user@日本.example", "user@xn--wgv71a.example")]
    [InlineData("user@Straße.example", "user@xn--strae-oqa.example")]
    [InlineData("user@\u212Aelvin.example", "user@kelvin.example")] // Kelvin sign: canonically K
    [InlineData("user@b\u00FCcher\u3002example", "user@xn--bcher-kva.example")]
    public void Create_InternationalizedDomain_IsOurPunycode_R33(string text, string canonical) =>
        Assert.Equal(canonical, Valid(text).Value);

    [Fact]
    public void Create_DecomposedLocalPart_IsStoredInNfc_R33()
    {
        Assert.Equal("jos\u00E9@example.com", Valid("Jose\u0301@example.com").Value);
        Assert.Equal(Valid("JOS\u00C9@example.com"), Valid("jose\u0301@example.com"));
    }

    [Theory]
    [InlineData("ada@xn--zz.example")]
    [InlineData("ada@xn--9.example")]
    [InlineData("ada@xn--99.example")]
    public void Create_MalformedPunycode_IsInvalidPunycode_R33(string text) =>
        Assert.Equal(InvalidEmailAddressReason.InvalidPunycode, Refusal(text));

    [Fact]
    public void Create_PunycodeOfAnUpperCaseLabel_IsNonCanonicalPunycode_R33() =>
        Assert.Equal(InvalidEmailAddressReason.NonCanonicalPunycode, Refusal("ada@xn--bcher-2pa.example")); // bÜcher

    [Theory]
    [InlineData("ada@xn--ls8h.example", InvalidEmailAddressReason.InvalidDomain)]               // an emoji: not a letter
    public void Create_PunycodeOfARefusedLabel_GetsTheLabelsReason_R33(string text, InvalidEmailAddressReason reason) =>
        Assert.Equal(reason, Refusal(text));

    [Theory]
    [InlineData("a\u200Bb", InvalidEmailAddressReason.InvisibleCharacterInDomain)]
    [InlineData("\uFF45x", InvalidEmailAddressReason.CompatibilityCharacterInDomain)]
    [InlineData("\u2603x", InvalidEmailAddressReason.InvalidDomain)]
    public void Create_PunycodeDecodingToARefusedCharacter_GetsThatCharactersReason_R33(string label, InvalidEmailAddressReason reason)
    {
        var codePoints = label.EnumerateRunes().Select(r => r.Value).ToList();
        Assert.True(Fluents.Settings.Text.Punycode.TryEncode(codePoints, out var encoded));
        Assert.Equal(reason, Refusal($"ada@xn--{encoded}.example"));
    }

    [Fact]
    public void Create_PunycodeOfADecomposedLabel_IsNonCanonicalPunycode_R33()
    {
        // "bu\u0308cher" encoded as it is (not NFC).
        var codePoints = "bu\u0308cher".EnumerateRunes().Select(r => r.Value).ToList();
        Assert.True(Fluents.Settings.Text.Punycode.TryEncode(codePoints, out var encoded));
        Assert.Equal(InvalidEmailAddressReason.NonCanonicalPunycode, Refusal($"ada@xn--{encoded}.example"));
    }

    [Theory]
    [InlineData("ada@b\u00ADcher.example")]      // soft hyphen
    [InlineData("ada@b\u200Bcher.example")]      // zero-width space
    [InlineData("ada@b\u00FCcher\u202E.example")] // right-to-left override
    [InlineData("ada@\u202Eexample.com")]
    [InlineData("ada@exa\u200Dmple.com")]        // zero-width joiner
    public void Create_InvisibleCharacterInDomain_IsRefused_R33(string text) =>
        Assert.Equal(InvalidEmailAddressReason.InvisibleCharacterInDomain, Refusal(text));

    [Theory]
    [InlineData("ada@ｅｘａｍｐｌｅ.com")]          // full-width letters
    [InlineData("ada@ＥＸＡＭＰＬＥ.com")]
    [InlineData("ada@bücher.ｃｏｍ")]
    [InlineData("ada@ⓔxample.com")]             // circled letter
    [InlineData("ada@ﬁnance.com")]              // ligature
    public void Create_CompatibilityCharacterInDomain_IsRefused_R33(string text) =>
        Assert.Equal(InvalidEmailAddressReason.CompatibilityCharacterInDomain, Refusal(text));

    [Theory]
    [InlineData("ada@☃.com")]          // a symbol: not a letter, mark or digit
    [InlineData("ada@\u0301bc.com")]   // a label starting with a combining mark
    [InlineData("ada@b\u00FCcher-.com")]
    [InlineData("ada@b\uE000cher.com")] // private use
    [InlineData("ada@b\u0378cher.com")] // unassigned
    public void Create_BadInternationalizedLabel_IsInvalidDomain_R33(string text) =>
        Assert.Equal(InvalidEmailAddressReason.InvalidDomain, Refusal(text));

    [Theory]
    [InlineData("ada\u00A0lovelace@example.com")]
    [InlineData("ada\u3164@example.com")]  // Hangul filler: a default-ignorable letter
    [InlineData("ada\uFE0F@example.com")]  // variation selector
    [InlineData("ada\uE000@example.com")]  // private use
    public void Create_InvisibleOrUnassignedInLocalPart_IsInvalidLocalPart_R33(string text) =>
        Assert.Equal(InvalidEmailAddressReason.InvalidLocalPart, Refusal(text));

    [Fact]
    public void Create_UnpairedSurrogateInDomain_IsInvalidDomain_R33() =>
        Assert.Equal(InvalidEmailAddressReason.InvalidDomain, Refusal("ada@b" + '\uD800' + "cher.example"));

    [Fact]
    public void Create_AcceptedInternationalAddress_SurvivesAStrictUtf8RoundTrip_R33()
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var value = Valid("Zoë.Ørsted😀@Bücher.example").Value;
        Assert.Equal(value, strict.GetString(strict.GetBytes(value)));
    }
}
