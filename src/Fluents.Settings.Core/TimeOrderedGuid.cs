using System.Buffers.Binary;
using Fluents.Settings.Secrets;

namespace Fluents.Settings;

/// <summary>
/// Builds RFC 9562 version-7 GUIDs from an instant and an <see cref="ISecretGenerator"/>, so that
/// ids sort by creation time and the domain stays deterministic under a fake generator.
/// </summary>
internal static class TimeOrderedGuid
{
    public static Guid Create(Instant now, ISecretGenerator random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.Fill(bytes[6..]);
        var unixMilliseconds = (ulong)Math.Max(0, now.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64BigEndian(bytes[..8], (unixMilliseconds << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes[6..8]));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
