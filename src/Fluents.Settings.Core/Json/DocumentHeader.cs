using System.Text.Json;

namespace Fluents.Settings.Json;

/// <summary>
/// The top-level <c>"schemaVersion"</c> and <c>"type"</c> of a document, found wherever they are (PostgreSQL's <c>jsonb</c>
/// reorders keys), without reading the rest. Used to say why a document was refused: a newer version is not corruption.
/// </summary>
/// <param name="SchemaVersion">The version, when the document has a whole-number <c>"schemaVersion"</c>.</param>
/// <param name="Type">The event type, when the document has a string <c>"type"</c>.</param>
/// <param name="Problem">Why the document is no JSON object at all (malformed, or another kind of value); then the rest is unknown.</param>
internal readonly record struct DocumentHeader(int? SchemaVersion, string? Type, string? Problem)
{
    public static DocumentHeader Read(ReadOnlySpan<byte> utf8Json)
    {
        int? version = null;
        string? type = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new DocumentHeader(null, null, "the JSON is not an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals(SettingsJson.SchemaVersionPropertyName);
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isVersion)
                {
                    if (version is not null) return new DocumentHeader(null, null, "schemaVersion appears twice");
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var read)) version = read;
                }
                else if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                reader.Skip();
            }
            return new DocumentHeader(version, type, null);
        }
        catch (Exception malformed) when (malformed is JsonException or InvalidOperationException) // the latter: text that is not UTF-8
        {
            // JSON's syntax is the same in every version of the format: malformed text is corrupt, whatever version it claims.
            return new DocumentHeader(null, null, malformed.Message);
        }
    }
}
