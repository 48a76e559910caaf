using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;

namespace Fluents.Settings.Json;

/// <summary>
/// The library's JSON format for storing accounts and events (docs/json-format.md): <see cref="AccountSnapshot"/> and every
/// <see cref="DomainEvent"/> as versioned documents that round-trip exactly, for an <c>IAccountRepository</c>, an outbox or an
/// audit store. No secret is ever in them: snapshots and events hold hashes and masked hints only (DESIGN.md §1).
/// </summary>
/// <remarks>
/// <para>Reading never throws for bad data: malformed JSON, a missing or unknown field, a wrong type or a newer
/// <c>schemaVersion</c> come back as typed refusals (<see cref="InvalidAccountSnapshot"/>, <see cref="InvalidEventJson"/>,
/// <see cref="UnsupportedSchemaVersion"/>). A snapshot that reads is still to be checked by
/// <see cref="Account.FromSnapshot(AccountSnapshot)"/>, which returns <see cref="InvalidAccountSnapshot"/> for data that breaks a
/// rule.</para>
/// <para>Everything is source-generated (no reflection at run time), so the format works trimmed and with native AOT.</para>
/// </remarks>
/// <example>
/// <code>
/// byte[] stored = SettingsJson.SerializeToUtf8Bytes(account.ToSnapshot());   // e.g. into a jsonb column
///
/// FromSnapshotOutcome loaded = SettingsJson.DeserializeSnapshot(stored).Match&lt;FromSnapshotOutcome&gt;(
///     snapshot: snapshot => Account.FromSnapshot(snapshot),                   // still checks every invariant
///     invalidSnapshot: corrupt => corrupt,                                    // a corrupt row, never an exception
///     unsupportedVersion: newer => throw new InvalidOperationException(newer.Message)); // a newer host wrote it
/// </code>
/// </example>
public static class SettingsJson
{
    /// <summary>The version of the snapshot document this library writes, and the newest it reads.</summary>
    public const int SnapshotSchemaVersion = 1;

    /// <summary>The version of the event document this library writes, and the newest it reads.</summary>
    public const int EventSchemaVersion = 1;

    /// <summary>The name of the version property at the top of every document.</summary>
    internal const string SchemaVersionPropertyName = "schemaVersion";

    private static readonly JsonSerializerOptions FormatOptions = SettingsJsonContract.CreateOptions();

    private static readonly JsonTypeInfo<AccountSnapshot> SnapshotInfo = (JsonTypeInfo<AccountSnapshot>)FormatOptions.GetTypeInfo(typeof(AccountSnapshot));

    private static readonly JsonTypeInfo<DomainEvent> EventInfo = (JsonTypeInfo<DomainEvent>)FormatOptions.GetTypeInfo(typeof(DomainEvent));

    /// <summary>
    /// The serializer options of the format (read-only), for hosts that compose their own serialization: pass them to
    /// <see cref="JsonSerializer"/>, or copy them (<c>new JsonSerializerOptions(SettingsJson.Options)</c>) and chain your
    /// own resolver after theirs. They read the current <c>schemaVersion</c> only and report everything else by throwing
    /// <see cref="JsonException"/>; the methods of this class return typed refusals instead.
    /// </summary>
    public static JsonSerializerOptions Options => FormatOptions;

    /// <summary>The contract of the snapshot document, for APIs that take a <see cref="JsonTypeInfo{T}"/> (no reflection).</summary>
    public static JsonTypeInfo<AccountSnapshot> SnapshotTypeInfo => SnapshotInfo;

    /// <summary>The contract of the event document (polymorphic on <c>"type"</c>), for APIs that take a <see cref="JsonTypeInfo{T}"/>.</summary>
    public static JsonTypeInfo<DomainEvent> EventTypeInfo => EventInfo;

    /// <summary>The <c>"type"</c> an event is written with, e.g. <c>environment.created</c>: for an outbox or audit column.</summary>
    /// <param name="domainEvent">One of the library's events.</param>
    /// <returns>The stable name of its type in the format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domainEvent"/> is null.</exception>
    /// <exception cref="ArgumentException">The event's type is not one of the library's events.</exception>
    public static string EventType(DomainEvent domainEvent)
    {
        Guard.Against.Null(domainEvent);
        return EventTypes.NameOf(domainEvent.GetType())
            ?? throw new ArgumentException($"{domainEvent.GetType().Name} is not one of the library's events: it has no type in the JSON format.", nameof(domainEvent));
    }

    /// <summary>Writes a snapshot as a JSON document (compact, UTF-8 text unescaped).</summary>
    /// <param name="snapshot">The snapshot, as <see cref="Account.ToSnapshot()"/> makes it.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="JsonException">The snapshot holds what the format cannot express (a <c>default</c> id, an undefined role):
    /// <see cref="Account.ToSnapshot()"/> never makes such a snapshot.</exception>
    public static string Serialize(AccountSnapshot snapshot) => JsonSerializer.Serialize(Guard.Against.Null(snapshot), SnapshotInfo);

    /// <summary>Writes a snapshot as UTF-8 JSON bytes, the form a database driver or a socket takes without re-encoding.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="JsonException">The snapshot holds what the format cannot express.</exception>
    public static byte[] SerializeToUtf8Bytes(AccountSnapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(Guard.Against.Null(snapshot), SnapshotInfo);

    /// <summary>Writes a snapshot to a <see cref="Utf8JsonWriter"/> (for example a pooled buffer of the database driver).</summary>
    /// <param name="writer">The writer; its own options decide indentation, and should leave escaping as in <see cref="Options"/>.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="JsonException">The snapshot holds what the format cannot express.</exception>
    public static void Serialize(Utf8JsonWriter writer, AccountSnapshot snapshot) =>
        JsonSerializer.Serialize(Guard.Against.Null(writer), Guard.Against.Null(snapshot), SnapshotInfo);

    /// <summary>Reads a snapshot document. Never throws for bad data.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The snapshot (not yet checked: pass it to <see cref="Account.FromSnapshot(AccountSnapshot)"/>); or
    /// <see cref="InvalidAccountSnapshot"/> when the text is not a snapshot document (malformed JSON, a field missing, unknown,
    /// of the wrong type or repeated); or <see cref="UnsupportedSchemaVersion"/> when a newer library wrote it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static DeserializeSnapshotOutcome DeserializeSnapshot(string json)
    {
        Guard.Against.Null(json);
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return ToUtf8(json, utf8) is { } written ? DeserializeSnapshot(utf8.AsSpan(0, written)) : new InvalidAccountSnapshot(NotUtf16);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Reads a snapshot document from UTF-8 JSON. Never throws for bad data.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The snapshot (not yet checked: pass it to <see cref="Account.FromSnapshot(AccountSnapshot)"/>), or why it could not
    /// be read, as for <see cref="DeserializeSnapshot(string)"/>.</returns>
    public static DeserializeSnapshotOutcome DeserializeSnapshot(ReadOnlySpan<byte> utf8Json)
    {
        utf8Json = WithoutByteOrderMark(utf8Json);
        try
        {
            return JsonSerializer.Deserialize(utf8Json, SnapshotInfo) is { } snapshot ? snapshot : new InvalidAccountSnapshot("the JSON is null, not a snapshot document");
        }
        catch (Exception refused) when (refused is JsonException or NotSupportedException)
        {
            return SnapshotRefusal(utf8Json, refused);
        }
    }

    /// <summary>Writes an event as a JSON document: <c>"type"</c>, <c>"schemaVersion"</c>, then its fields.</summary>
    /// <param name="domainEvent">One of the library's events.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domainEvent"/> is null.</exception>
    /// <exception cref="ArgumentException">The event's type is not one of the library's events, or it has no <see cref="DomainEvent.Actor"/>.</exception>
    public static string Serialize(DomainEvent domainEvent) => JsonSerializer.Serialize(Known(domainEvent), EventInfo);

    /// <summary>Writes an event as UTF-8 JSON bytes.</summary>
    /// <param name="domainEvent">One of the library's events.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domainEvent"/> is null.</exception>
    /// <exception cref="ArgumentException">The event's type is not one of the library's events, or it has no <see cref="DomainEvent.Actor"/>.</exception>
    public static byte[] SerializeToUtf8Bytes(DomainEvent domainEvent) => JsonSerializer.SerializeToUtf8Bytes(Known(domainEvent), EventInfo);

    /// <summary>Writes an event to a <see cref="Utf8JsonWriter"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="domainEvent">One of the library's events.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The event's type is not one of the library's events, or it has no <see cref="DomainEvent.Actor"/>.</exception>
    public static void Serialize(Utf8JsonWriter writer, DomainEvent domainEvent) =>
        JsonSerializer.Serialize(Guard.Against.Null(writer), Known(domainEvent), EventInfo);

    /// <summary>Reads an event document. Never throws for bad data.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event, of its own type (match on it, or read <see cref="DomainEvent.AccountId"/> and
    /// <see cref="DomainEvent.OccurredAt"/>); or <see cref="InvalidEventJson"/> when the text is not an event document (malformed,
    /// an unknown <c>"type"</c>, a field missing, unknown, of the wrong type or repeated); or <see cref="UnsupportedSchemaVersion"/>
    /// when a newer library wrote it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static DeserializeEventOutcome DeserializeEvent(string json)
    {
        Guard.Against.Null(json);
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return ToUtf8(json, utf8) is { } written ? DeserializeEvent(utf8.AsSpan(0, written)) : new InvalidEventJson(NotUtf16);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Reads an event document from UTF-8 JSON. Never throws for bad data.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The event, or why it could not be read, as for <see cref="DeserializeEvent(string)"/>.</returns>
    public static DeserializeEventOutcome DeserializeEvent(ReadOnlySpan<byte> utf8Json)
    {
        utf8Json = WithoutByteOrderMark(utf8Json);
        try
        {
            return JsonSerializer.Deserialize(utf8Json, EventInfo) is { } domainEvent ? domainEvent : new InvalidEventJson("the JSON is null, not an event document");
        }
        catch (Exception refused) when (refused is JsonException or NotSupportedException)
        {
            return EventRefusal(utf8Json, refused);
        }
    }

    private const string NotUtf16 = "the text is not well-formed UTF-16 (an unpaired surrogate)";

    // The serializer reads UTF-8 (from text it transcodes first, as here). Text that cannot be transcoded is refused
    // rather than repaired: a replacement character would silently change a stored name.
    private static int? ToUtf8(string json, byte[] utf8) =>
        Utf8.FromUtf16(json, utf8, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done ? written : null;

    // RFC 8259 §8.1: a reader may ignore a byte order mark (files saved by some editors start with one); it is never written.
    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8Json) =>
        utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;

    private static DomainEvent Known(DomainEvent domainEvent)
    {
        _ = EventType(domainEvent);
        // R28: every stored event says who made the change; an account stamps each event it records, so one without is a
        // hand-made event that no reader could load (the actor is required).
        if (domainEvent.Actor is null)
            throw new ArgumentException($"{domainEvent.GetType().Name} has no Actor: only an event an account recorded (or one given its Actor, Version and Index) can be written.", nameof(domainEvent));
        return domainEvent;
    }

    // Reading failed: say why in the terms of the format. A newer schemaVersion is a refusal of its own (upgrade this host),
    // whatever else is wrong with the document by this version's rules.
    private static DeserializeSnapshotOutcome SnapshotRefusal(ReadOnlySpan<byte> utf8Json, Exception refused)
    {
        var header = DocumentHeader.Read(utf8Json);
        if (header.SchemaVersion > SnapshotSchemaVersion) return new UnsupportedSchemaVersion(header.SchemaVersion.Value, SnapshotSchemaVersion);
        return new InvalidAccountSnapshot(Reason(header, refused, "a snapshot document"));
    }

    private static DeserializeEventOutcome EventRefusal(ReadOnlySpan<byte> utf8Json, Exception refused)
    {
        var header = DocumentHeader.Read(utf8Json);
        if (header.SchemaVersion > EventSchemaVersion) return new UnsupportedSchemaVersion(header.SchemaVersion.Value, EventSchemaVersion);
        if (header is { Problem: null, SchemaVersion: >= 1 })
        {
            if (header.Type is null) return new InvalidEventJson("the document has no \"type\" (text such as \"environment.created\")");
            if (!EventTypes.IsKnown(header.Type)) return new InvalidEventJson($"\"{Shorten(header.Type)}\" is not an event type of schemaVersion {header.SchemaVersion}");
        }
        return new InvalidEventJson(Reason(header, refused, "an event document"));
    }

    private static string Reason(DocumentHeader header, Exception refused, string document) => header switch
    {
        { Problem: { } problem } => $"the JSON is not {document}: {problem}",
        { SchemaVersion: null } => $"the document has no whole-number \"{SchemaVersionPropertyName}\"",
        { SchemaVersion: < 1 } => $"schemaVersion {header.SchemaVersion} is not a version of the format (they start at 1)",
        _ => refused switch
        {
            NotSupportedException => $"the JSON does not describe {document}",
            // The format's own converters leave the path to the serializer, which keeps it apart from the message.
            JsonException { Path: { } path } when !refused.Message.Contains("Path:", StringComparison.Ordinal) => $"{refused.Message} Path: {path}",
            _ => refused.Message,
        },
    };

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
