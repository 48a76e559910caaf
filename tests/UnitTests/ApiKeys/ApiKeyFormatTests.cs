using System.Text;
using System.Text.RegularExpressions;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests.ApiKeys;

public class ApiKeyFormatTests
{
    private const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    [Fact]
    public void Issue_AnyGenerator_Is32Base62CharactersAfterThePrefix()
    {
        // R25: product/type prefix, then only letters and digits (double-click selects the whole key).
        var key = ApiKey.Issue(new SeededSecretGenerator(1)).Reveal();

        Assert.Equal(ApiKeyFormat.Length, key.Length);
        Assert.StartsWith(ApiKeyFormat.Prefix, key, StringComparison.Ordinal);
        Assert.All(key[ApiKeyFormat.Prefix.Length..], c => Assert.Contains(c, Base62Alphabet));
    }

    [Fact]
    public void Issue_Always_Draws128BitsFromTheGenerator()
    {
        // R25: the body carries at least 128 bits from the secret generator.
        var generator = new CountingSecretGenerator();

        ApiKey.Issue(generator);

        Assert.Equal(16, generator.BytesDrawn);
    }

    [Fact]
    public void Issue_SameSeed_SameKey()
    {
        Assert.Equal(ApiKey.Issue(new SeededSecretGenerator(42)).Reveal(), ApiKey.Issue(new SeededSecretGenerator(42)).Reveal());
        Assert.NotEqual(ApiKey.Issue(new SeededSecretGenerator(42)).Reveal(), ApiKey.Issue(new SeededSecretGenerator(43)).Reveal());
    }

    [Theory]
    [InlineData(0x00, "flk_00000000000000000000000JZawP")] // smallest body
    [InlineData(0xFF, "flk_7n42DGM5Tflk9n8mt7Fhc73l4zUK")] // 2^128 - 1, the largest body
    [InlineData(0x5A, "flk_2kUbFcayHlZ5Lgs9xZNmDS2Rtohw")]
    public void Issue_KnownBits_KnownKey(byte everyByte, string expected)
    {
        // Known answers computed independently (Python: zlib.crc32 and divmod by 62), as docs/api-keys.md describes the format.
        var key = ApiKey.Issue(new ConstantSecretGenerator(everyByte)).Reveal();

        Assert.Equal(expected, key);
        Assert.Equal(ApiKeyParseResult.Valid, ApiKeyFormat.TryParse(key, out _));
    }

    [Fact]
    public void TryParse_IssuedKey_ValidWithTheKeysHash()
    {
        var key = ApiKey.Issue(new SeededSecretGenerator(7));

        var result = ApiKeyFormat.TryParse(key.Reveal(), out var hash);

        Assert.Equal(ApiKeyParseResult.Valid, result);
        Assert.Equal(key.Hash, hash);
        Assert.Equal(SecretHash.Of(key.Reveal()), hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("flk_")]
    [InlineData("flk_0000000000000000000000000")] // 29 characters
    [InlineData("FLK_0000000000000000000000000000")]
    [InlineData("flx_0000000000000000000000000000")]
    [InlineData("flk-0000000000000000000000000000")]
    [InlineData("flk_000000000000000000000-000000")]
    [InlineData("flk_00000000000000000000000000 0")]
    [InlineData(" flk_000000000000000000000000000")]
    [InlineData("flk_00000000000000000000000000\u00e90")]
    public void TryParse_NotTheShapeOfAKey_Malformed(string presented)
    {
        // R25, R27: malformed is its own reason, found without hashing.
        Assert.Equal(ApiKeyParseResult.Malformed, ApiKeyFormat.TryParse(presented, out var hash));
        Assert.Equal(default, hash);
    }

    [Fact]
    public void TryParse_PresentedWithSurroundingWhiteSpace_Malformed()
    {
        var key = ApiKey.Issue(new SeededSecretGenerator(3)).Reveal();

        Assert.Equal(ApiKeyParseResult.Malformed, ApiKeyFormat.TryParse(key + "\n", out _));
        Assert.Equal(ApiKeyParseResult.Malformed, ApiKeyFormat.TryParse("Bearer " + key, out _));
    }

    [Fact]
    public void TryParse_BodyAbove128Bits_MalformedEvenWithAMatchingChecksum()
    {
        // A 22-digit base62 numeral can exceed 2^128 - 1; such a body is never issued (R25).
        var forged = ApiKeyFormat.AppendChecksum("flk_" + new string('z', 22));

        Assert.Equal(ApiKeyParseResult.Malformed, ApiKeyFormat.TryParse(forged, out _));
    }

    [Fact]
    public void TryParse_OneChecksumDigitChanged_ChecksumMismatchWithoutHash()
    {
        // R25, R27: a mistyped key is refused by its checksum, before hashing or lookup.
        var key = ApiKey.Issue(new SeededSecretGenerator(5)).Reveal();
        var mistyped = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

        Assert.Equal(ApiKeyParseResult.ChecksumMismatch, ApiKeyFormat.TryParse(mistyped, out var hash));
        Assert.Equal(default, hash);
    }

    [Fact]
    public void TryParse_OneBodyDigitChanged_ChecksumMismatch()
    {
        var key = ApiKey.Issue(new SeededSecretGenerator(5)).Reveal();
        var mistyped = key[..10] + (key[10] == '1' ? '2' : '1') + key[11..];

        Assert.Equal(ApiKeyParseResult.ChecksumMismatch, ApiKeyFormat.TryParse(mistyped, out _));
    }

    [Fact]
    public void TryParse_DefaultResult_IsMalformed()
    {
        // Fails closed: an unassigned result is never Valid.
        Assert.Equal(ApiKeyParseResult.Malformed, default(ApiKeyParseResult));
    }

    [Fact]
    public void ScannerPattern_IssuedKeyInsideText_FoundWhole()
    {
        // R25: the published regular expression finds keys in config files and logs.
        var key = ApiKey.Issue(new SeededSecretGenerator(11)).Reveal();
        var text = $"FLUENTS_API_KEY={key}\nAuthorization: Bearer {key}\n{{\"key\":\"{key}\"}}";

        var matches = Regex.Matches(text, ApiKeyFormat.ScannerPattern);

        Assert.Equal(3, matches.Count);
        Assert.All(matches, m => Assert.Equal(key, m.Value));
    }

    [Theory]
    [InlineData("flk_000000000000000000000000000")] // one short
    [InlineData("flk_00000000000000000000000000000")] // one long
    [InlineData("xflk_0000000000000000000000000000")] // inside a longer word
    public void ScannerPattern_NotAKeyOfExactLength_NoMatch(string text)
    {
        Assert.DoesNotMatch(ApiKeyFormat.ScannerPattern, text);
    }

    [Fact]
    public void Crc32_StandardCheckInput_GivesTheStandardCheckValue()
    {
        // The IEEE CRC-32 "check" value from the CRC catalogue.
        Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8));
        Assert.Equal(0xCBF43926u, Crc32.OfAscii("123456789"));
        Assert.Equal(0u, Crc32.Of([]));
    }

    [Fact]
    public void Crc32_AsciiText_SameAsItsBytes()
    {
        var text = ApiKey.Issue(new SeededSecretGenerator(9)).Reveal();

        Assert.Equal(Crc32.Of(Encoding.ASCII.GetBytes(text)), Crc32.OfAscii(text));
    }

    private sealed class CountingSecretGenerator : ISecretGenerator
    {
        public int BytesDrawn { get; private set; }

        public void Fill(Span<byte> destination)
        {
            BytesDrawn += destination.Length;
            destination.Fill(0x5A);
        }
    }

    private sealed class ConstantSecretGenerator(byte value) : ISecretGenerator
    {
        public void Fill(Span<byte> destination) => destination.Fill(value);
    }
}
