using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluents.Settings.UnitTests.Json;

/// <summary>Helpers that edit JSON documents as a corrupted row, a hand-written migration or PostgreSQL would.</summary>
public static class JsonTestDocuments
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static string Edit(string json, Action<JsonObject> edit)
    {
        var document = Parse(json);
        edit(document);
        return document.ToJsonString(Relaxed);
    }

    /// <summary>
    /// The document as PostgreSQL's <c>jsonb</c> gives it back: every object's keys shorter first, then by their bytes, and
    /// a space after each colon and comma (docs: "JSON Types", jsonb does not keep key order).
    /// </summary>
    public static string InJsonbOrder(string json) =>
        Jsonb(JsonNode.Parse(json))!.ToJsonString(Relaxed).Replace("\":", "\": ", StringComparison.Ordinal).Replace(",\"", ", \"", StringComparison.Ordinal);

    private static JsonNode? Jsonb(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => System.Text.Encoding.UTF8.GetByteCount(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Jsonb(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Jsonb)]),
        _ => node?.DeepClone(),
    };
}
