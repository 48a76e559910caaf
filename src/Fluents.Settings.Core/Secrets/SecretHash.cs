using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fluents.Settings.Secrets;

/// <summary>
/// The SHA-256 of a secret (an API key or an invitation token): what the core stores instead of
/// the secret itself. Equality is by value; <see cref="FixedTimeEquals"/> compares in constant time.
/// </summary>
public readonly struct SecretHash : IEquatable<SecretHash>
{
    /// <summary>The length of a SHA-256 hash in bytes.</summary>
    public const int Length = 32;

    private readonly ulong _a, _b, _c, _d;

    private SecretHash(ReadOnlySpan<byte> bytes)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>Computes the SHA-256 of the UTF-8 bytes of <paramref name="secret"/> without allocating.</summary>
    /// <param name="secret">The secret text; it is not kept.</param>
    /// <returns>The hash.</returns>
    public static SecretHash Of(ReadOnlySpan<char> secret)
    {
        var byteCount = Encoding.UTF8.GetByteCount(secret);
        Span<byte> utf8 = byteCount <= 256 ? stackalloc byte[256] : new byte[byteCount];
        var written = Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> hash = stackalloc byte[Length];
        SHA256.HashData(utf8[..written], hash);
        CryptographicOperations.ZeroMemory(utf8[..written]);
        return new SecretHash(hash);
    }

    /// <summary>Wraps 32 bytes that already are a SHA-256 hash.</summary>
    /// <param name="hash">Exactly <see cref="Length"/> bytes.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public static SecretHash FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Length) throw new ArgumentException($"A SHA-256 hash has {Length} bytes.", nameof(hash));
        return new SecretHash(hash);
    }

    /// <summary>Parses the lower-case hexadecimal form written by <see cref="ToHex"/>.</summary>
    /// <param name="hex">64 hexadecimal digits.</param>
    /// <param name="hash">The hash, when the text is well formed.</param>
    /// <returns>Whether the text was 64 hexadecimal digits.</returns>
    public static bool TryParseHex(string? hex, out SecretHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != Length * 2) return false;
        Span<byte> bytes = stackalloc byte[Length];
        // Stryker disable once Logical : with exactly 64 characters (checked above), Done and 32 bytes written go together, so || and && decide alike
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length) return false;
        hash = new SecretHash(bytes);
        return true;
    }

    /// <summary>Writes the 32 bytes of the hash.</summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The 64 lower-case hexadecimal digits of the hash (what snapshots store).</summary>
    /// <returns>The hexadecimal text.</returns>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Compares two hashes in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>).</summary>
    /// <param name="other">The other hash.</param>
    /// <returns>Whether both hashes are the same.</returns>
    public bool FixedTimeEquals(in SecretHash other)
    {
        Span<byte> left = stackalloc byte[Length];
        Span<byte> right = stackalloc byte[Length];
        CopyTo(left);
        other.CopyTo(right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    /// <inheritdoc />
    public bool Equals(SecretHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SecretHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>A short form for logs: the algorithm and the first 8 hex digits (a hash is not a secret).</summary>
    /// <returns>For example <c>sha256:3f2a9b1c…</c>.</returns>
    // Stryker disable once Bitwise : _a is unsigned, so >> and >>> are the same shift (the ToString test pins the output)
    public override string ToString() => $"sha256:{_a >> 32:x8}…";

    /// <summary>Value equality.</summary>
    /// <param name="left">One hash.</param>
    /// <param name="right">The other hash.</param>
    /// <returns>Whether they are the same.</returns>
    public static bool operator ==(SecretHash left, SecretHash right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">One hash.</param>
    /// <param name="right">The other hash.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SecretHash left, SecretHash right) => !left.Equals(right);
}
