using System.Text;
using System.Text.Json;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Json;
using static Fluents.Settings.UnitTests.Json.JsonTestDocuments;

namespace Fluents.Settings.UnitTests.Json;

public class EventJsonTests
{
    private static readonly IReadOnlyList<DomainEvent> Events = GoldenAccount.Build().Events;

    private static readonly string MemberLeftJson = SettingsJson.Serialize(Events.OfType<Fluents.Settings.Members.MemberLeft>().First());

    public static TheoryData<string> EventTypeNames => [.. Events.Select(SettingsJson.EventType).Distinct()];

    private static DomainEvent First(string type) => Events.First(e => SettingsJson.EventType(e) == type);

    private static readonly Dictionary<string, Func<string, string>> Corruptions = new()
    {
        ["malformed JSON (cut short)"] = json => json[..(json.Length / 2)],
        ["an array, not an object"] = json => $"[{json}]",
        ["no type"] = json => Edit(json, d => d.Remove("type")),
        ["an unknown type"] = json => Edit(json, d => d["type"] = "member.teleported"),
        ["a CLR name as type"] = json => Edit(json, d => d["type"] = "MemberLeft"),
        ["a type in another case"] = json => Edit(json, d => d["type"] = "Member.Left"),
        ["a type that is not text"] = json => Edit(json, d => d["type"] = 3),
        ["no schemaVersion"] = json => Edit(json, d => d.Remove("schemaVersion")),
        ["schemaVersion 0"] = json => Edit(json, d => d["schemaVersion"] = 0),
        ["an unknown property"] = json => Edit(json, d => d["approvedBy"] = "0196f000-0000-7000-8000-0000000000a1"),
        ["no actor"] = json => Edit(json, d => d.Remove("actor")),
        ["a null actor"] = json => Edit(json, d => d["actor"] = null),
        ["an actor that is only an id"] = json => Edit(json, d => d["actor"] = "user:0196f000-0000-7000-8000-0000000000a1"),
        ["an actor id of no kind"] = json => Edit(json, d => d["actor"]!["id"] = "0196f000-0000-7000-8000-0000000000a1"),
        ["an actor without a name"] = json => Edit(json, d => d["actor"]!.AsObject().Remove("name")),
        ["an empty actor name"] = json => Edit(json, d => d["actor"]!["name"] = ""),
        ["no version"] = json => Edit(json, d => d.Remove("version")),
        ["no index"] = json => Edit(json, d => d.Remove("index")),
        ["a version in text"] = json => Edit(json, d => d["version"] = "3"),
        ["a missing property"] = json => Edit(json, d => d.Remove("user")),
        ["a missing accountId"] = json => Edit(json, d => d.Remove("accountId")),
        ["the empty GUID as an id"] = json => Edit(json, d => d["user"] = Guid.Empty.ToString()),
        ["null for an id"] = json => Edit(json, d => d["user"] = null),
        ["an instant as a number"] = json => Edit(json, d => d["occurredAt"] = 0),
        ["type twice"] = json => json.Replace("{\"type\":\"member.left\",", "{\"type\":\"member.left\",\"type\":\"member.left\",", StringComparison.Ordinal),
    };

    public static TheoryData<string> CorruptionNames => [.. Corruptions.Keys];

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void RoundTrip_EveryEventType_GivesAnEqualEventOfTheSameType(string type)
    {
        var original = First(type);

        var read = SettingsJson.DeserializeEvent(SettingsJson.Serialize(original)).Value;

        Assert.Equal(original.GetType(), read.GetType());
        Assert.True(EventComparison.AreSame(original, read), $"{read} differs from {original}");
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Deserialize_EveryEventTypeInJsonbOrder_ReadsTheSameEvent(string type)
    {
        // DESIGN.md §7: in jsonb, "type" is not first (shorter keys such as "to" and "from" come before it).
        var original = First(type);
        var fromJsonb = InJsonbOrder(SettingsJson.Serialize(original));

        var read = SettingsJson.DeserializeEvent(Encoding.UTF8.GetBytes(fromJsonb)).Value;

        Assert.True(EventComparison.AreSame(original, read), $"{read} differs from {original}");
    }

    [Fact]
    public void Document_StartsWithTypeAndSchemaVersion_ThenTheKeyWhenAndWho_R28()
    {
        Assert.Equal(["type", "schemaVersion", "accountId", "version", "index", "occurredAt", "actor", "user"], Parse(MemberLeftJson).Select(p => p.Key));
        Assert.Equal(["id", "name"], Parse(MemberLeftJson)["actor"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void DerivedValues_AreNotStored()
    {
        // PlanLimitChanged.IsOverAllocated is Allocated > To: the document holds what the event is made of.
        var json = SettingsJson.Serialize(First("concurrency.plan_limit_changed"));

        Assert.DoesNotContain("overAllocated", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AllocationChanged_WritesEachChange()
    {
        var changed = (AllocationChanged)First("concurrency.allocation_changed");

        var changes = Parse(SettingsJson.Serialize(changed))["changes"]!.AsArray();

        Assert.Equal(changed.Changes.Count, changes.Count);
        Assert.Equal(["environment", "name", "from", "to"], changes[0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Serialize_TextBytesAndWriter_WriteTheSameDocument()
    {
        var domainEvent = First("invitation.sent");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SettingsJson.Options.Encoder })) SettingsJson.Serialize(writer, domainEvent);

        Assert.Equal(SettingsJson.Serialize(domainEvent), Encoding.UTF8.GetString(SettingsJson.SerializeToUtf8Bytes(domainEvent)));
        Assert.Equal(SettingsJson.SerializeToUtf8Bytes(domainEvent), buffer.ToArray());
    }

    [Theory]
    [MemberData(nameof(CorruptionNames))]
    public void Deserialize_CorruptDocument_IsAnInvalidEventWithAReason(string corruption)
    {
        var json = Corruptions[corruption](MemberLeftJson);

        var error = Assert.IsType<InvalidEventJson>(SettingsJson.DeserializeEvent(json).Error);
        var fromBytes = Assert.IsType<InvalidEventJson>(SettingsJson.DeserializeEvent(Encoding.UTF8.GetBytes(json)).Error);

        Assert.Equal("json.invalid_event", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        Assert.Equal(error, fromBytes);
    }

    [Fact]
    public void Deserialize_UnknownType_NamesIt()
    {
        var error = Assert.IsType<InvalidEventJson>(SettingsJson.DeserializeEvent(Corruptions["an unknown type"](MemberLeftJson)).Error);

        Assert.Contains("\"member.teleported\" is not an event type", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NewerSchemaVersion_IsATypedRefusal_EvenWithNewTypesAndFields()
    {
        var newer = Edit(MemberLeftJson, d => { d["schemaVersion"] = 2; d["type"] = "member.suspended"; d["actor"] = "billing"; });

        Assert.Equal(new UnsupportedSchemaVersion(2, SettingsJson.EventSchemaVersion), SettingsJson.DeserializeEvent(newer).Error);
        Assert.Equal(new UnsupportedSchemaVersion(2, SettingsJson.EventSchemaVersion), SettingsJson.DeserializeEvent(Encoding.UTF8.GetBytes(InJsonbOrder(newer))).Error);
    }

    [Fact]
    public void Options_UsedDirectly_ReadEventsPolymorphically()
    {
        var read = JsonSerializer.Deserialize(MemberLeftJson, SettingsJson.EventTypeInfo);

        Assert.IsType<Fluents.Settings.Members.MemberLeft>(read);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(Edit(MemberLeftJson, d => d["schemaVersion"] = 2), SettingsJson.EventTypeInfo));
    }

    [Fact]
    public void NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SettingsJson.Serialize((DomainEvent)null!));
        Assert.Throws<ArgumentNullException>(() => SettingsJson.EventType(null!));
        Assert.Throws<ArgumentNullException>(() => SettingsJson.DeserializeEvent((string)null!));
    }
}
