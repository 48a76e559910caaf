namespace Fluents.Settings.ApiKeys;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial <c>0xEDB88320</c>, the one zlib and PNG use), table
/// driven. Written here because the core takes no dependency beyond GuardClauses, OneOf and
/// NodaTime (DESIGN.md §1). It detects every single-byte change, so every mistyped character of
/// an API key (R25).
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] Table = CreateTable();

    /// <summary>The CRC-32 of <paramref name="bytes"/>.</summary>
    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        var table = Table;
        var crc = uint.MaxValue;
        foreach (var b in bytes) crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>
    /// The CRC-32 of the ASCII bytes of <paramref name="text"/>, without encoding it first.
    /// Every character must be ASCII (callers check the alphabet before).
    /// </summary>
    public static uint OfAscii(ReadOnlySpan<char> text)
    {
        var table = Table;
        var crc = uint.MaxValue;
        foreach (var c in text) crc = table[(byte)(crc ^ c)] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }
}
