using System.Text.Json;
using System.Text.Json.Serialization;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Json;

/// <summary>
/// An id as its GUID text in the standard form, e.g. <c>"0196f000-0000-7000-8000-00000000a001"</c> (what the id's
/// <c>ToString()</c> writes). Reading refuses any other form and the empty GUID, which is no id (a <c>default</c> id).
/// </summary>
internal abstract class IdConverter<TId> : JsonConverter<TId>
    where TId : struct
{
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var value))
            throw new JsonException($"An id is GUID text such as \"0196f000-0000-7000-8000-00000000a001\", not {(reader.TokenType == JsonTokenType.String ? "other text" : InstantConverter.Describe(reader.TokenType))}.");
        if (value == Guid.Empty) throw new JsonException("An id is never the empty GUID.");
        return Create(value);
    }

    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options)
    {
        var guid = ValueOf(value);
        // default(TId) is a programming error: every id the library makes is non-empty (the id types guard against it).
        if (guid == Guid.Empty) throw new JsonException($"A default {typeof(TId).Name} cannot be written: it is no id.");
        writer.WriteStringValue(guid);
    }

    protected abstract TId Create(Guid value);

    protected abstract Guid ValueOf(TId id);
}

internal sealed class AccountIdConverter : IdConverter<AccountId>
{
    protected override AccountId Create(Guid value) => new(value);

    protected override Guid ValueOf(AccountId id) => id.Value;
}

internal sealed class EnvironmentIdConverter : IdConverter<EnvironmentId>
{
    protected override EnvironmentId Create(Guid value) => new(value);

    protected override Guid ValueOf(EnvironmentId id) => id.Value;
}

internal sealed class UserIdConverter : IdConverter<UserId>
{
    protected override UserId Create(Guid value) => new(value);

    protected override Guid ValueOf(UserId id) => id.Value;
}

internal sealed class InvitationIdConverter : IdConverter<InvitationId>
{
    protected override InvitationId Create(Guid value) => new(value);

    protected override Guid ValueOf(InvitationId id) => id.Value;
}

/// <summary>
/// An actor id as its text, <c>"user:0196f000-0000-7000-8000-0000000000a1"</c> or <c>"system:billing"</c> (what
/// <see cref="ActorId.ToString"/> writes); reading refuses any other text.
/// </summary>
internal sealed class ActorIdConverter : JsonConverter<ActorId>
{
    public override ActorId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && ActorId.TryParse(reader.GetString(), out var id)) return id;
        throw new JsonException("An actor id is text such as \"user:0196f000-0000-7000-8000-0000000000a1\" or \"system:billing\".");
    }

    public override void Write(Utf8JsonWriter writer, ActorId value, JsonSerializerOptions options)
    {
        if (value == default) throw new JsonException("A default ActorId cannot be written: it is no actor.");
        writer.WriteStringValue(value.ToString());
    }
}
