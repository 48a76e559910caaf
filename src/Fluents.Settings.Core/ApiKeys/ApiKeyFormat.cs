using System.Security.Cryptography;
using System.Text;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// The text form of an environment API key (R25):
/// <c>flk_</c> + a 22-character base62 body (128 random bits) + a 6-character base62 CRC-32 of
/// everything before it — 32 letters, digits and one underscore, for example
/// <c>flk_3kTMd8YQz0W9hVb1xLcN2eRpa4Ab3x</c>.
/// </summary>
/// <remarks>
/// <para>The prefix names the product (<c>fl</c>) and the key type (<c>k</c>, environment key), so
/// a leaked key is recognisable in logs and by secret scanners (<see cref="ScannerPattern"/>).</para>
/// <para>The body is the 128-bit number written with exactly 22 base62 digits, most significant
/// first; a 22-digit numeral above 2^128 − 1 is never issued and is treated as malformed.</para>
/// <para>The checksum is the CRC-32 (IEEE) of the ASCII prefix and body, written with exactly 6
/// base62 digits. It detects every single-character typo, so such keys are refused before any
/// hashing or lookup. It is not a security feature: anyone can compute it.</para>
/// </remarks>
public static class ApiKeyFormat
{
    /// <summary>The product and key-type prefix every key starts with.</summary>
    public const string Prefix = "flk_";

    /// <summary>The length of every key, in characters.</summary>
    public const int Length = 32;

    /// <summary>
    /// A regular expression that matches API keys in text, for secret scanners (GitHub push
    /// protection, gitleaks, trufflehog…). It matches every issued key; it cannot check the
    /// checksum, so confirm candidates with <see cref="TryParse"/>.
    /// </summary>
    public const string ScannerPattern = @"\bflk_[0-9A-Za-z]{28}\b";

    internal const int BodyLength = 22;

    internal const int ChecksumLength = 6;

    private const int ChecksummedLength = 4 + BodyLength; // Prefix.Length + BodyLength

    /// <summary>2^128 − 1 in 22 base62 digits: no issued body compares above it.</summary>
    private static readonly string LargestBody = CreateLargestBody();

    /// <summary>
    /// Checks that <paramref name="presented"/> has the shape of a key and a matching checksum,
    /// then computes its SHA-256 — in that order, so mistyped keys cost no hashing and no lookup
    /// (R25, R27). Allocates nothing.
    /// </summary>
    /// <param name="presented">The key as presented, exactly (no surrounding white space, no <c>Bearer </c> scheme).</param>
    /// <param name="hash">The SHA-256 of the key when the result is <see cref="ApiKeyParseResult.Valid"/>; otherwise <c>default</c>.</param>
    /// <returns>Whether the key is well formed and its checksum matches.</returns>
    public static ApiKeyParseResult TryParse(ReadOnlySpan<char> presented, out SecretHash hash)
    {
        hash = default;
        if (presented.Length != Length || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return ApiKeyParseResult.Malformed;

        var digits = presented[Prefix.Length..];
        if (digits.ContainsAnyExcept(Base62.Digits)) return ApiKeyParseResult.Malformed;
        if (digits[..BodyLength].SequenceCompareTo(LargestBody) > 0) return ApiKeyParseResult.Malformed;

        Span<char> checksum = stackalloc char[ChecksumLength];
        Base62.WriteFixedWidth(Crc32.OfAscii(presented[..ChecksummedLength]), checksum);
        if (!digits[BodyLength..].SequenceEqual(checksum)) return ApiKeyParseResult.ChecksumMismatch;

        hash = HashOfAscii(presented);
        return ApiKeyParseResult.Valid;
    }

    /// <summary>Builds the key text for a 128-bit body: prefix, body digits, checksum digits.</summary>
    internal static string Compose(UInt128 body) => string.Create(Length, body, static (key, body) =>
    {
        Prefix.CopyTo(key);
        Base62.WriteFixedWidth(body, key.Slice(Prefix.Length, BodyLength));
        Base62.WriteFixedWidth(Crc32.OfAscii(key[..ChecksummedLength]), key[ChecksummedLength..]);
    });

    /// <summary>Appends the checksum to a 26-character prefix and body (tests use it to forge well-formed text).</summary>
    internal static string AppendChecksum(string prefixAndBody)
    {
        Span<char> checksum = stackalloc char[ChecksumLength];
        Base62.WriteFixedWidth(Crc32.OfAscii(prefixAndBody), checksum);
        return string.Concat(prefixAndBody, checksum);
    }

    /// <summary>
    /// The SHA-256 of a key already known to be ASCII: the same value as <see cref="SecretHash.Of"/>
    /// (UTF-8 of ASCII is ASCII), without measuring or transcoding UTF-8.
    /// </summary>
    private static SecretHash HashOfAscii(ReadOnlySpan<char> key)
    {
        Span<byte> ascii = stackalloc byte[Length];
        Ascii.FromUtf16(key, ascii, out _);
        Span<byte> hash = stackalloc byte[SecretHash.Length];
        SHA256.HashData(ascii, hash);
        CryptographicOperations.ZeroMemory(ascii);
        return SecretHash.FromBytes(hash);
    }

    private static string CreateLargestBody()
    {
        Span<char> body = stackalloc char[BodyLength];
        Base62.WriteFixedWidth(UInt128.MaxValue, body);
        return body.ToString();
    }
}
