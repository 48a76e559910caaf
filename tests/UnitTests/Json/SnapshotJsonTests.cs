using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluents.Settings.Accounts;
using Fluents.Settings.Json;
using static Fluents.Settings.UnitTests.Json.JsonTestDocuments;

namespace Fluents.Settings.UnitTests.Json;

public class SnapshotJsonTests
{
    private static readonly AccountSnapshot Golden = GoldenAccount.Build().Snapshot;
    private static readonly string GoldenJson = SettingsJson.Serialize(Golden);

    private static JsonObject FirstEnvironment(JsonObject document) => document["environments"]![0]!.AsObject();

    private static JsonObject FirstMember(JsonObject document) => document["members"]![0]!.AsObject();

    private static readonly Dictionary<string, Func<string, string>> Corruptions = new()
    {
        ["malformed JSON (cut short)"] = json => json[..(json.Length / 2)],
        ["an empty text"] = _ => "",
        ["an array, not an object"] = json => $"[{json}]",
        ["text after the document"] = json => json + "{}",
        ["a comment"] = json => "/* stored */" + json,
        ["no schemaVersion"] = json => Edit(json, d => d.Remove("schemaVersion")),
        ["schemaVersion 0"] = json => Edit(json, d => d["schemaVersion"] = 0),
        ["schemaVersion as text"] = json => Edit(json, d => d["schemaVersion"] = "1"),
        ["schemaVersion 1.5"] = json => Edit(json, d => d["schemaVersion"] = 1.5),
        ["schemaVersion twice"] = json => json.Replace("{\"schemaVersion\":1,", "{\"schemaVersion\":1,\"schemaVersion\":1,", StringComparison.Ordinal),
        ["a property twice"] = json => json.Replace("\"planLimit\":", "\"planLimit\":0,\"planLimit\":", StringComparison.Ordinal),
        ["an unknown property"] = json => Edit(json, d => d["plan"] = 40),
        ["a property in another case"] = json => Edit(json, d => { d["PlanLimit"] = d["planLimit"]!.DeepClone(); d.Remove("planLimit"); }),
        ["an unknown property in an environment"] = json => Edit(json, d => FirstEnvironment(d)["apiKeyPlaintext"] = "x"),
        ["a missing property"] = json => Edit(json, d => d.Remove("planLimit")),
        ["a missing property that may be null"] = json => Edit(json, d => FirstEnvironment(d).Remove("previousApiKey")),
        ["null for a list"] = json => Edit(json, d => d["members"] = null),
        ["null for a name"] = json => Edit(json, d => FirstEnvironment(d)["name"] = null),
        ["a number as text"] = json => Edit(json, d => d["planLimit"] = "40"),
        ["a version beyond Int64"] = json => Edit(json, d => d["version"] = decimal.MaxValue),
        ["the empty GUID as an id"] = json => Edit(json, d => d["id"] = Guid.Empty.ToString()),
        ["an id that is not a GUID"] = json => Edit(json, d => d["id"] = "account-1"),
        ["an id as a number"] = json => Edit(json, d => d["id"] = 1),
        ["an instant with an offset"] = json => Edit(json, d => FirstEnvironment(d)["createdAt"] = "2026-11-28T10:00:00+01:00"),
        ["an instant without a zone"] = json => Edit(json, d => FirstEnvironment(d)["createdAt"] = "2026-11-28T09:00:00"),
        ["an instant as a number"] = json => Edit(json, d => FirstEnvironment(d)["createdAt"] = 1764320400),
        ["a duration in days"] = json => Edit(json, d => d["invitationValidity"] = "P7D"),
        ["a duration as a number"] = json => Edit(json, d => d["invitationValidity"] = 604800),
        ["a role as a number"] = json => Edit(json, d => FirstMember(d)["role"] = 1),
        ["a role in lower case"] = json => Edit(json, d => FirstMember(d)["role"] = "admin"),
        ["two roles at once"] = json => Edit(json, d => FirstMember(d)["role"] = "Admin, Member"),
        ["an undefined state"] = json => Edit(json, d => d["invitations"]![0]!["state"] = "Expired"),
        ["a hash as a number"] = json => Edit(json, d => FirstEnvironment(d)["apiKey"]!["sha256"] = 12),
        ["a boolean as text"] = json => Edit(json, d => FirstEnvironment(d)["hidden"] = "false"),
        ["nested too deep"] = _ => new string('[', 100) + new string(']', 100),
        ["an unpaired surrogate in the text"] = json => json.Replace("Zoë", "Zo\uD800", StringComparison.Ordinal),
        ["an escaped unpaired surrogate"] = json => json.Replace("Zoë", "Zo\\uD800", StringComparison.Ordinal),
    };

    public static TheoryData<string> CorruptionNames => [.. Corruptions.Keys];

    [Fact]
    public void RoundTrip_JsonToSnapshotToAccount_GivesTheSameAccount()
    {
        var snapshot = SettingsJson.DeserializeSnapshot(GoldenJson).Value;

        var account = Account.FromSnapshot(snapshot).Value;

        Assert.Equal(Golden, account.ToSnapshot());
        Assert.Equal(Golden.Version, account.Version);
    }

    [Fact]
    public void Serialize_TextBytesAndWriter_WriteTheSameDocument()
    {
        var bytes = SettingsJson.SerializeToUtf8Bytes(Golden);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SettingsJson.Options.Encoder })) SettingsJson.Serialize(writer, Golden);

        Assert.Equal(GoldenJson, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes, buffer.ToArray());
    }

    [Fact]
    public void Deserialize_TextAndBytes_ReadTheSameSnapshot()
    {
        Assert.Equal(SettingsJson.DeserializeSnapshot(GoldenJson).Value, SettingsJson.DeserializeSnapshot(Encoding.UTF8.GetBytes(GoldenJson)).Value);
    }

    [Fact]
    public void Document_StartsWithItsSchemaVersion_AndNamesPropertiesInCamelCase()
    {
        Assert.StartsWith("{\"schemaVersion\":1,\"id\":\"0196f000-0000-7000-8000-00000000a001\",\"version\":", GoldenJson, StringComparison.Ordinal);
        Assert.Equal(
            ["schemaVersion", "id", "version", "planLimit", "invitationValidity", "environments", "members", "invitations"],
            Parse(GoldenJson).Select(p => p.Key));
    }

    [Fact]
    public void Values_AreWrittenAsTheFormatSays()
    {
        var document = Parse(GoldenJson);
        var environment = FirstEnvironment(document);
        var previousKey = environment["previousApiKey"]!;

        Assert.Equal("PT72H30M", (string?)document["invitationValidity"]);                    // durations: ISO 8601, hours at most
        Assert.Equal("2026-11-28T09:00:00Z", (string?)environment["createdAt"]);               // instants: ISO 8601, UTC
        Assert.Equal("2026-11-29T09:08:00Z", (string?)previousKey["validUntil"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)previousKey["sha256"]);                      // hashes: 64 lower-case hex digits
        Assert.Equal("Admin", (string?)FirstMember(document)["role"]);                        // enums: their names
        Assert.Null(environment["apiKey"]!["validUntil"]);                                    // nulls are written
        Assert.True(environment.ContainsKey("previousApiKey"));
        Assert.Contains("\"name\":\"Zoë's QA\"", GoldenJson, StringComparison.Ordinal);        // UTF-8 text as is
        Assert.Contains("\"hint\":\"flk_…", GoldenJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_KeysInJsonbOrder_ReadsTheSameSnapshot()
    {
        // DESIGN.md §7: PostgreSQL stores the document as jsonb, which gives keys back shortest first, not as written.
        var fromJsonb = InJsonbOrder(GoldenJson);
        Assert.False(fromJsonb.StartsWith("{\"schemaVersion\"", StringComparison.Ordinal));

        Assert.Equal(Golden, SettingsJson.DeserializeSnapshot(fromJsonb).Value);
    }

    [Theory]
    [MemberData(nameof(CorruptionNames))]
    public void Deserialize_CorruptDocument_IsAnInvalidSnapshotWithAReason(string corruption)
    {
        var json = Corruptions[corruption](GoldenJson);

        var error = Assert.IsType<InvalidAccountSnapshot>(SettingsJson.DeserializeSnapshot(json).Error);

        Assert.Equal("account.invalid_snapshot", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        if (StrictUtf8(json) is { } utf8) // text that has a UTF-8 form reads the same from it
            Assert.Equal(error, SettingsJson.DeserializeSnapshot(utf8).Error);
    }

    internal static byte[]? StrictUtf8(string text)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    [Fact]
    public void Deserialize_UnpairedSurrogate_IsRefusedNotRepaired()
    {
        // A replacement character would silently change the stored name: the text is refused instead.
        var error = Assert.IsType<InvalidAccountSnapshot>(SettingsJson.DeserializeSnapshot(GoldenJson.Replace("Zoë", "Zo\uD800", StringComparison.Ordinal)).Error);

        Assert.Contains("UTF-16", error.Reason, StringComparison.Ordinal);
        Assert.IsType<InvalidEventJson>(SettingsJson.DeserializeEvent("{\"type\":\"\uD800\"}").Error);
    }

    [Fact]
    public void Deserialize_UnknownProperty_NamesIt()
    {
        var error = Assert.IsType<InvalidAccountSnapshot>(SettingsJson.DeserializeSnapshot(Corruptions["an unknown property in an environment"](GoldenJson)).Error);

        Assert.Contains("apiKeyPlaintext", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_BadValue_SaysWhereItIs()
    {
        var error = Assert.IsType<InvalidAccountSnapshot>(SettingsJson.DeserializeSnapshot(Corruptions["an instant with an offset"](GoldenJson)).Error);

        Assert.Contains("$.environments[0].createdAt", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NewerSchemaVersion_IsATypedRefusal_WhateverElseChanged()
    {
        // A newer host's document may have fields this version has never heard of: it is refused as newer, not as corrupt.
        var newer = Edit(GoldenJson, d => { d["schemaVersion"] = 2; d["auditCursor"] = 7; d.Remove("planLimit"); });

        var error = Assert.IsType<UnsupportedSchemaVersion>(SettingsJson.DeserializeSnapshot(newer).Error);

        Assert.Equal(new UnsupportedSchemaVersion(2, SettingsJson.SnapshotSchemaVersion), error);
        Assert.Equal("json.unsupported_schema_version", error.Code);
        Assert.Contains("upgrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NewerSchemaVersionInJsonbOrder_IsATypedRefusal()
    {
        var newer = InJsonbOrder(Edit(GoldenJson, d => d["schemaVersion"] = 2));

        Assert.IsType<UnsupportedSchemaVersion>(SettingsJson.DeserializeSnapshot(Encoding.UTF8.GetBytes(newer)).Error);
    }

    [Fact]
    public void Deserialize_NewerSchemaVersionButMalformed_IsCorrupt()
    {
        // JSON's syntax is the same in every version: text that is no JSON is corrupt, whatever it claims.
        var broken = Edit(GoldenJson, d => d["schemaVersion"] = 2)[..100];

        Assert.IsType<InvalidAccountSnapshot>(SettingsJson.DeserializeSnapshot(broken).Error);
    }

    [Fact]
    public void Deserialize_DocumentThatReadsButBreaksARule_IsRefusedByFromSnapshot()
    {
        // Two layers: the format (SettingsJson), then the rules (FromSnapshot). No Admin is well-formed JSON.
        var noAdmin = Edit(GoldenJson, d => { foreach (var member in d["members"]!.AsArray()) member!["role"] = "Member"; });

        var snapshot = SettingsJson.DeserializeSnapshot(noAdmin).Value;

        var error = Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot).Error);
        Assert.Contains("R16", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_UsedDirectly_ReadTheCurrentVersionAndThrowForAnother()
    {
        Assert.True(SettingsJson.Options.IsReadOnly);
        Assert.Equal(Golden, JsonSerializer.Deserialize(GoldenJson, SettingsJson.SnapshotTypeInfo));
        Assert.Equal(Golden, (AccountSnapshot?)JsonSerializer.Deserialize(GoldenJson, typeof(AccountSnapshot), SettingsJson.Options));
        Assert.Equal(GoldenJson, JsonSerializer.Serialize(Golden, SettingsJson.Options));

        var newer = Edit(GoldenJson, d => d["schemaVersion"] = 2);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(newer, SettingsJson.SnapshotTypeInfo));
    }

    [Fact]
    public void Options_CopiedWithAHostsResolverChainedAfter_WriteBothAsBefore()
    {
        // What the Options docs suggest to a host that has its own source-generated types.
        var options = new JsonSerializerOptions(SettingsJson.Options);
        options.TypeInfoResolverChain.Add(HostJsonContext.Default);

        Assert.Equal(GoldenJson, JsonSerializer.Serialize(Golden, options));
        Assert.Equal("{\"value\":7}", JsonSerializer.Serialize(new HostRow(7), options));
    }

    [Fact]
    public void Deserialize_AByteOrderMark_IsIgnored()
    {
        // RFC 8259 lets readers ignore one; files saved by some editors start with it.
        byte[] withMark = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(GoldenJson)];

        Assert.Equal(Golden, SettingsJson.DeserializeSnapshot(withMark).Value);
        Assert.Equal(Golden, SettingsJson.DeserializeSnapshot("\uFEFF" + GoldenJson).Value);
    }

    [Fact]
    public void Options_HaveNoReflectionFallback()
    {
        // Source-generated only (trimming, native AOT): a type outside the format is not silently serialized by reflection.
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new HostRecord(1), SettingsJson.Options));
    }

    private sealed record HostRecord(int Value);

    [Fact]
    public void Serialize_DefaultId_IsAProgrammingError()
    {
        Assert.Throws<JsonException>(() => SettingsJson.Serialize(Golden with { Id = default }));
    }

    [Fact]
    public void NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SettingsJson.Serialize((AccountSnapshot)null!));
        Assert.Throws<ArgumentNullException>(() => SettingsJson.SerializeToUtf8Bytes((AccountSnapshot)null!));
        Assert.Throws<ArgumentNullException>(() => SettingsJson.Serialize(null!, Golden));
        Assert.Throws<ArgumentNullException>(() => SettingsJson.DeserializeSnapshot((string)null!));
    }
}

public sealed record HostRow(int Value);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HostRow))]
public sealed partial class HostJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

public class SettingsJsonUsageTests
{
    [Fact]
    public void DocumentedLoad_CorruptRow_IsAnInvalidSnapshotNeverAnException()
    {
        // The example in SettingsJson's XML docs and docs/json-format.md, as an adapter writes it.
        static FromSnapshotOutcome Load(byte[] stored) => SettingsJson.DeserializeSnapshot(stored).Match<FromSnapshotOutcome>(
            snapshot: snapshot => Account.FromSnapshot(snapshot),
            invalidSnapshot: corrupt => corrupt,
            unsupportedVersion: newer => throw new InvalidOperationException(newer.Message));
        var stored = SettingsJson.SerializeToUtf8Bytes(GoldenAccount.Build().Snapshot);

        Assert.True(Load(stored).Succeeded);
        Assert.IsType<InvalidAccountSnapshot>(Load([.. stored.Take(40)]).Error);
        Assert.IsType<InvalidAccountSnapshot>(Load([0xFF, 0xFE, 0x00]).Error);
    }
}
