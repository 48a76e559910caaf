using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Json;

/// <summary>
/// The source-generated contract of the JSON format (no reflection at run time; trimming- and AOT-safe). Internal:
/// on its own it lacks what <see cref="SettingsJsonContract"/> adds (the events' <c>"type"</c>, <c>"schemaVersion"</c>),
/// so hosts use <see cref="SettingsJson.Options"/>, which has both.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Strict,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowOutOfOrderMetadataProperties = true,
    Converters =
    [
        typeof(InstantConverter), typeof(DurationConverter),
        typeof(AccountIdConverter), typeof(EnvironmentIdConverter), typeof(UserIdConverter), typeof(InvitationIdConverter), typeof(ActorIdConverter), typeof(RecordedActorConverter),
        typeof(RoleConverter), typeof(InvitationStateConverter),
    ])]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(DomainEvent))]
[JsonSerializable(typeof(AccountOpened))]
[JsonSerializable(typeof(EnvironmentCreated))]
[JsonSerializable(typeof(EnvironmentRenamed))]
[JsonSerializable(typeof(EnvironmentHidden))]
[JsonSerializable(typeof(EnvironmentUnhidden))]
[JsonSerializable(typeof(EnvironmentDeleted))]
[JsonSerializable(typeof(ApiKeyRotated))]
[JsonSerializable(typeof(AllocationChanged))]
[JsonSerializable(typeof(PlanLimitChanged))]
[JsonSerializable(typeof(InvitationSent))]
[JsonSerializable(typeof(InvitationRenewed))]
[JsonSerializable(typeof(InvitationResent))]
[JsonSerializable(typeof(InvitationRevoked))]
[JsonSerializable(typeof(InvitationAccepted))]
[JsonSerializable(typeof(InvitationValidityChanged))]
[JsonSerializable(typeof(MemberJoined))]
[JsonSerializable(typeof(MemberRoleChanged))]
[JsonSerializable(typeof(MemberRemoved))]
[JsonSerializable(typeof(MemberLeft))]
[JsonSerializable(typeof(int))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;

/// <summary>What the format adds to the generated contract, in one place.</summary>
internal static class SettingsJsonContract
{
    /// <summary>
    /// The options of the format: the generated contract with <see cref="Modify"/> applied, UTF-8 text written as is
    /// (only what JSON requires is escaped), read-only.
    /// </summary>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(SettingsJsonContext.Default.Options)
        {
            // The documents are stored, not embedded in HTML: names stay readable ("Zoë", "…"), and jsonb keeps them as is.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = SettingsJsonContext.Default.WithAddedModifier(Modify),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
        if (typeInfo.Type == typeof(DomainEvent))
        {
            typeInfo.PolymorphismOptions = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = "type",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
                IgnoreUnrecognizedTypeDiscriminators = false,
            };
            foreach (var (type, name) in EventTypes.All) typeInfo.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
            return;
        }

        // Derived values (PlanLimitChanged.IsOverAllocated) are not stored: the document holds what the constructor takes.
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i] is { AssociatedParameter: null, Set: null }) typeInfo.Properties.RemoveAt(i);
        }

        if (typeInfo.Type == typeof(AccountSnapshot))
        {
            AddSchemaVersion(typeInfo, SettingsJson.SnapshotSchemaVersion);
        }
        else if (typeInfo.Type.IsSubclassOf(typeof(DomainEvent)))
        {
            // What every event has comes first, after "type" and "schemaVersion": its key (the account, the version, the
            // index), when, and who (R28). The key and the actor are set by the aggregate, not the constructor, so they are
            // required here as the constructor's arguments are: every document holds them.
            foreach (var property in typeInfo.Properties)
            {
                if (property.DeclaringType != typeof(DomainEvent)) continue;
                var order = Array.IndexOf(CommonEventProperties, property.Name);
                property.Order = order - CommonEventProperties.Length;
                property.IsRequired = true;
            }
            AddSchemaVersion(typeInfo, SettingsJson.EventSchemaVersion);
        }
    }

    // The properties every event has, in the order they are written.
    private static readonly string[] CommonEventProperties =
        [.. new[] { nameof(DomainEvent.AccountId), nameof(DomainEvent.Version), nameof(DomainEvent.Index), nameof(DomainEvent.OccurredAt), nameof(DomainEvent.Actor) }
            .Select(JsonNamingPolicy.CamelCase.ConvertName)];

    /// <summary>
    /// Adds <c>"schemaVersion"</c> first: written as <paramref name="version"/>, required on read and refused when it is another
    /// version. <see cref="SettingsJson"/> reads other versions itself (a typed refusal for newer ones); this check keeps hosts
    /// that use <see cref="SettingsJson.Options"/> directly from misreading them too.
    /// </summary>
    private static void AddSchemaVersion(JsonTypeInfo typeInfo, int version)
    {
        // Made as the source generator makes properties (CreateJsonPropertyInfo would need reflection: not trimming-safe).
        var property = JsonMetadataServices.CreatePropertyInfo(typeInfo.Options, new JsonPropertyInfoValues<int>
        {
            IsProperty = true,
            IsPublic = true,
            DeclaringType = typeInfo.Type,
            PropertyName = "SchemaVersion",
            JsonPropertyName = SettingsJson.SchemaVersionPropertyName,
            Getter = _ => version,
            Setter = (_, read) =>
            {
                if (read != version)
                    throw new JsonException($"This document has schemaVersion {read}; these options read version {version} only (SettingsJson reads others or refuses them by type).");
            },
        });
        property.IsRequired = true;
        property.Order = int.MinValue;
        typeInfo.Properties.Insert(0, property);
    }
}
