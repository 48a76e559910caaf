using Fluents.Settings.Text;

namespace Fluents.Settings.UnitTests.Text;

/// <summary>R18, R33: our RFC 3492 Punycode, which replaces <see cref="System.Globalization.IdnMapping"/>.</summary>
[Trait("Category", "Globalization")]
public class PunycodeTests
{
    [Theory]
    [InlineData("bücher", "bcher-kva")]
    [InlineData("münchen", "mnchen-3ya")]
    [InlineData("ü", "tda")]
    [InlineData("ß", "zca")]
    // RFC 3492 section 7.1, samples (A), (B) and (L).
    [InlineData("\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F", "egbpdaj6bu4bxfgehfvwxn")]
    [InlineData("\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587", "ihqwcrb4cv8a8dqg056pqjye")]
    [InlineData("3\u5E74B\u7D44\u91D1\u516B\u5148\u751F", "3B-ww4c5e180e575a65lsy2b")]
    public void EncodeAndDecode_KnownLabels_RoundTrip_R33(string unicode, string encoded)
    {
        var codePoints = unicode.EnumerateRunes().Select(r => r.Value).ToList();
        Assert.True(Punycode.TryEncode(codePoints, out var actual));
        Assert.Equal(encoded, actual);
        Assert.True(Punycode.TryDecode(encoded, out var decoded));
        Assert.Equal(codePoints, decoded);
    }

    [Theory]
    [InlineData("zz")]             // truncated number
    [InlineData("9")]              // truncated number
    [InlineData("bcher-kv!")]      // outside the alphabet
    [InlineData("b\u00FCcher-kva")] // a non-ASCII basic code point
    [InlineData("99999999999")]    // overflow
    [InlineData("-")]              // the delimiter read as a digit
    public void Decode_Malformed_IsRefused_R33(string encoded) => Assert.False(Punycode.TryDecode(encoded, out _));
}
