using System.Text.Json;
using System.Text.Json.Serialization;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Json;

/// <summary>
/// An enum value as its C# name, e.g. <c>"Admin"</c>. Reading takes exactly a defined name: no numbers, no other case, no
/// comma-separated combinations (which <see cref="JsonStringEnumConverter{TEnum}"/> would read), so a stored value means one
/// thing only.
/// </summary>
internal abstract class EnumNameConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] Values = Enum.GetValues<TEnum>();
    private static readonly string[] Names = [.. Values.Select(value => Enum.GetName(value)!)];

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < Names.Length; i++)
            {
                if (reader.ValueTextEquals(Names[i])) return Values[i];
            }
        }
        throw new JsonException($"A {typeof(TEnum).Name} is one of {string.Join(", ", Names.Select(name => $"\"{name}\""))}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        var index = Array.IndexOf(Values, value);
        if (index < 0) throw new JsonException($"{typeof(TEnum).Name} {value} is not defined and cannot be written.");
        writer.WriteStringValue(Names[index]);
    }
}

internal sealed class RoleConverter : EnumNameConverter<Role>;

internal sealed class InvitationStateConverter : EnumNameConverter<InvitationState>;
