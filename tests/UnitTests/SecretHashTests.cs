using System.Security.Cryptography;
using System.Text;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests;

public class SecretHashTests
{
    [Fact]
    public void Of_SameText_SameHash_HexRoundTrips()
    {
        var hash = SecretHash.Of("flk_example");
        Assert.Equal(hash, SecretHash.Of("flk_example"));
        Assert.NotEqual(hash, SecretHash.Of("flk_examplf"));
        Assert.True(SecretHash.TryParseHex(hash.ToHex(), out var parsed));
        Assert.Equal(hash, parsed);
        Assert.True(hash.FixedTimeEquals(parsed));
    }

    // The first 256 UTF-8 bytes are hashed from the stack; a longer secret from a buffer of its own size. Both are SHA-256.
    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1000)]
    public void Of_SecretOfAnyLength_IsTheSha256OfItsUtf8Bytes(int length)
    {
        var secret = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), SecretHash.Of(secret).ToHex());
    }

    [Fact]
    public void Of_MultiByteCharactersPastTheStackBuffer_HashesEveryByte()
    {
        var secret = new string('é', 200); // 400 UTF-8 bytes from 200 characters

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), SecretHash.Of(secret).ToHex());
    }

    // DESIGN.md §6: verifying an API key allocates nothing beyond the parse, and hashing is part of it.
    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public void Of_SecretUpTo256Bytes_AllocatesNothing(int length)
    {
        var secret = new string('k', length);
        SecretHash.Of(secret);

        var before = GC.GetAllocatedBytesForCurrentThread();
        SecretHash.Of(secret);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(31)]
    public void Equals_HashesDifferingInOneByte_AreNotEqual(int index)
    {
        var bytes = SHA256.HashData("flk_example"u8);
        var other = bytes.ToArray();
        other[index] ^= 0x01;

        var hash = SecretHash.FromBytes(bytes);
        var changed = SecretHash.FromBytes(other);

        Assert.False(hash.Equals(changed));
        Assert.False(hash.Equals((object)changed));
        Assert.False(hash == changed);
        Assert.True(hash != changed);
        Assert.False(hash.FixedTimeEquals(changed));
    }

    [Fact]
    public void Equals_SameBytes_AreEqualWithEveryOperatorAndHashAlike()
    {
        var bytes = SHA256.HashData("flk_example"u8);
        var hash = SecretHash.FromBytes(bytes);
        var same = SecretHash.FromBytes(bytes.ToArray());

        Assert.True(hash.Equals((object)same));
        Assert.True(hash == same);
        Assert.False(hash != same);
        Assert.False(hash.Equals("not a hash"));
        Assert.Equal(hash.GetHashCode(), same.GetHashCode());
    }

    [Fact]
    public void FromBytes_ThirtyTwoBytes_CopiesBackTheSameBytes()
    {
        var bytes = SHA256.HashData("flk_example"u8);
        var copy = new byte[SecretHash.Length];

        SecretHash.FromBytes(bytes).CopyTo(copy);

        Assert.Equal(bytes, copy);
        Assert.Equal(SecretHash.Of("flk_example"), SecretHash.FromBytes(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void FromBytes_NotThirtyTwoBytes_ThrowsSayingTheLength(int length)
    {
        var exception = Assert.Throws<ArgumentException>("hash", () => SecretHash.FromBytes(new byte[length]));

        Assert.StartsWith("A SHA-256 hash has 32 bytes.", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000a")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000g")]
    public void TryParseHex_NotSixtyFourHexDigits_IsRefusedWithTheDefaultHash(string? text)
    {
        Assert.False(SecretHash.TryParseHex(text, out var hash));
        Assert.Equal(default, hash);
    }

    [Fact]
    public void TryParseHex_UpperCaseDigits_ParseToTheSameHash()
    {
        var hash = SecretHash.Of("flk_example");

        Assert.True(SecretHash.TryParseHex(hash.ToHex().ToUpperInvariant(), out var parsed));
        Assert.Equal(hash, parsed);
    }

    [Fact]
    public void ToString_ShowsTheAlgorithmAndTheFirstEightHexDigitsOnly()
    {
        var hash = SecretHash.Of("flk_example");

        Assert.Equal($"sha256:{hash.ToHex()[..8]}…", hash.ToString());
    }
}
