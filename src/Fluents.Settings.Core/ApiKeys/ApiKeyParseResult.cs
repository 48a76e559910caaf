namespace Fluents.Settings.ApiKeys;

/// <summary>What <see cref="ApiKeyFormat.TryParse"/> found in a presented key (R25, R27).</summary>
/// <remarks><c>default</c> is <see cref="Malformed"/>, so a forgotten assignment fails closed.</remarks>
public enum ApiKeyParseResult
{
    /// <summary>Not the shape of a key: wrong length, wrong prefix, a character outside base62, or a body that is not a 128-bit number.</summary>
    Malformed = 0,

    /// <summary>The shape of a key, but the checksum does not match: a mistyped or truncated key, refused without a lookup.</summary>
    ChecksumMismatch = 1,

    /// <summary>Well formed with a matching checksum; the hash was computed and the key can be looked up.</summary>
    Valid = 2,
}
