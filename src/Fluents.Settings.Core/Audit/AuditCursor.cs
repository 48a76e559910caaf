using System.Buffers.Binary;
using System.Buffers.Text;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;

namespace Fluents.Settings.Audit;

/// <summary>
/// A position in one account's audit trail: the key (<see cref="Account"/>, <see cref="Version"/>, <see cref="Index"/>) of
/// the last entry a page showed (R28). The next page holds the entries strictly older than it, so paging never skips or
/// repeats an entry, whatever is appended meanwhile.
/// </summary>
/// <remarks>
/// <para>Hosts hand it to their clients as opaque text (<see cref="ToString"/>, 44 URL-safe characters) and read it back with
/// <see cref="TryParse"/>; the text's layout is not a contract. It carries a CRC-32, so a cursor that was cut or edited is
/// refused (<see cref="InvalidAuditCursor"/>) rather than read as another position. It is not a signature and needs none:
/// a cursor grants nothing, because every page checks the viewer's permission again.</para>
/// <para>Adapters read <see cref="Version"/> and <see cref="Index"/> to resume, e.g.
/// <c>WHERE (version, index) &lt; (@version, @index) ORDER BY version DESC, index DESC</c>.</para>
/// </remarks>
public readonly record struct AuditCursor
{
    private const byte Layout = 1;
    private const int PayloadLength = 1 + 16 + 8 + 4; // layout, account, version, index
    private const int Length = PayloadLength + 4;     // and the CRC-32 of the payload

    /// <summary>A position.</summary>
    /// <param name="account">The account whose trail it is in.</param>
    /// <param name="version">The account version of the entry (0 or more).</param>
    /// <param name="index">The entry's index within its change (0 or more).</param>
    /// <exception cref="ArgumentException"><paramref name="account"/> is <c>default</c>, or a number is negative.</exception>
    public AuditCursor(AccountId account, long version, int index)
    {
        Account = Guard.Against.Default(account);
        Version = Guard.Against.Negative(version);
        Index = Guard.Against.Negative(index);
    }

    /// <summary>The account whose trail it is in.</summary>
    public AccountId Account { get; }

    /// <summary>The account version of the last entry shown.</summary>
    public long Version { get; }

    /// <summary>The index, within its change, of the last entry shown.</summary>
    public int Index { get; }

    /// <summary>Reads the text written by <see cref="ToString"/>.</summary>
    /// <param name="text">The cursor as the client sent it back.</param>
    /// <param name="cursor">The position, when the text is a cursor.</param>
    /// <returns>Whether the text is a cursor this library wrote, whole and unedited.</returns>
    public static bool TryParse(string? text, out AuditCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Length];
        if (text is null || text.Length != Base64Url.GetEncodedLength(Length)) return false;
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length) return false;
        if (bytes[0] != Layout || BinaryPrimitives.ReadUInt32BigEndian(bytes[PayloadLength..]) != Crc32.Of(bytes[..PayloadLength])) return false;
        var account = new Guid(bytes.Slice(1, 16), bigEndian: true);
        var version = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(17, 8));
        var index = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(25, 4));
        if (account == Guid.Empty || version < 0 || index < 0) return false;
        cursor = new AuditCursor(new AccountId(account), version, index);
        // Base64url has more than one spelling of some texts (unused low bits); only the one this library writes is read.
        return string.Equals(cursor.ToString(), text, StringComparison.Ordinal);
    }

    /// <summary>The cursor as opaque, URL-safe text.</summary>
    /// <returns>44 base64url characters; empty for <c>default</c>.</returns>
    public override string ToString()
    {
        if (Account == default) return string.Empty;
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Layout;
        Account.Value.TryWriteBytes(bytes.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.Slice(17, 8), Version);
        BinaryPrimitives.WriteInt32BigEndian(bytes.Slice(25, 4), Index);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[PayloadLength..], Crc32.Of(bytes[..PayloadLength]));
        return Base64Url.EncodeToString(bytes);
    }
}
