using System.Text.Json;
using System.Text.Json.Serialization;
using Fluents.Settings.Actors;

namespace Fluents.Settings.Json;

/// <summary>
/// Who made a change, as <c>{"id":"user:0196f000-…","name":"Ada Admin"}</c> or <c>{"id":"system:billing","name":"Billing"}</c>
/// (R28). Reading follows the format's rules for every object: both properties present, once each, nothing else, and a
/// name that is not empty (what <see cref="RecordedActor"/> requires); anything else is a <see cref="JsonException"/>, which
/// <see cref="SettingsJson"/> reports as a typed refusal.
/// </summary>
internal sealed class RecordedActorConverter : JsonConverter<RecordedActor>
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly ActorIdConverter Ids = new();

    public override RecordedActor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("An actor is an object with \"id\" and \"name\".");
        ActorId? id = null;
        string? name = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals(Id.EncodedUtf8Bytes))
            {
                if (id is not null) throw new JsonException("An actor's \"id\" is written twice.");
                reader.Read();
                id = Ids.Read(ref reader, typeof(ActorId), options);
            }
            else if (reader.ValueTextEquals(Name.EncodedUtf8Bytes))
            {
                if (name is not null) throw new JsonException("An actor's \"name\" is written twice.");
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (string.IsNullOrEmpty(name)) throw new JsonException("An actor's \"name\" is text that is not empty.");
            }
            else
            {
                throw new JsonException("An actor has only \"id\" and \"name\".");
            }
        }
        if (id is null || name is null) throw new JsonException("An actor has both \"id\" and \"name\".");
        return new RecordedActor(id.Value, name);
    }

    public override void Write(Utf8JsonWriter writer, RecordedActor value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Id);
        Ids.Write(writer, value.Id, options);
        writer.WriteString(Name, value.Name);
        writer.WriteEndObject();
    }
}
