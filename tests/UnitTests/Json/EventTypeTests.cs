using System.Text.Json;
using System.Text.RegularExpressions;
using Fluents.Settings.Accounts;
using Fluents.Settings.Json;

namespace Fluents.Settings.UnitTests.Json;

/// <summary>
/// Every event the library can record has a stable <c>"type"</c> in the JSON format: found by reflection, so a new event
/// cannot be forgotten (it would be refused when written, after the change it records was saved).
/// </summary>
public partial class EventTypeTests
{
    public static IEnumerable<Type> LibraryEventTypes() =>
        typeof(Account).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(DomainEvent)) && !type.IsAbstract);

    public static TheoryData<string> EventTypeNames => [.. LibraryEventTypes().Select(type => type.Name)];

    [Fact]
    public void LibraryEventTypes_AreFound()
    {
        Assert.True(LibraryEventTypes().Count() >= 19);
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void EveryEvent_HasADottedLowerCaseTypeName(string eventType)
    {
        var type = LibraryEventTypes().Single(t => t.Name == eventType);

        var name = EventTypes.NameOf(type);

        Assert.NotNull(name);
        Assert.Matches(TypeNamePattern(), name);
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void EveryEvent_IsRegisteredForPolymorphism(string eventType)
    {
        var type = LibraryEventTypes().Single(t => t.Name == eventType);

        var derived = SettingsJson.EventTypeInfo.PolymorphismOptions!.DerivedTypes.Where(d => d.DerivedType == type).ToArray();

        var registration = Assert.Single(derived);
        Assert.Equal(EventTypes.NameOf(type), registration.TypeDiscriminator);
    }

    [Fact]
    public void TypeNames_AreUnique()
    {
        var names = EventTypes.All.Select(entry => entry.Name).ToArray();

        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TypeNames_AreNotClrNames()
    {
        // Renaming a class or moving it to another namespace must not change what is stored.
        Assert.All(EventTypes.All, entry => Assert.DoesNotContain(entry.Type.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void EventType_OfAnEvent_IsItsTypeName()
    {
        var domainEvent = new Fluents.Settings.Members.MemberLeft(TestAccounts.AccountId, TestAccounts.Now, TestAccounts.Admin).By(TestAccounts.Admin, TestAccounts.AdminName, 1);

        Assert.Equal("member.left", SettingsJson.EventType(domainEvent));
        Assert.StartsWith("{\"type\":\"member.left\",\"schemaVersion\":1,", SettingsJson.Serialize(domainEvent), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventWithoutItsActor_CannotBeWritten_R28()
    {
        // Every stored event says who made the change: an event no account recorded (made by hand, not stamped) is refused.
        var handMade = new Fluents.Settings.Members.MemberLeft(TestAccounts.AccountId, TestAccounts.Now, TestAccounts.Admin);

        Assert.Equal("member.left", SettingsJson.EventType(handMade));
        Assert.Throws<ArgumentException>(() => SettingsJson.Serialize(handMade));
        Assert.Throws<ArgumentException>(() => SettingsJson.SerializeToUtf8Bytes(handMade));
    }

    [Fact]
    public void AnEventTheLibraryDoesNotKnow_IsAProgrammingError()
    {
        var hostEvent = new HostEvent(TestAccounts.AccountId, TestAccounts.Now);

        Assert.Throws<ArgumentException>(() => SettingsJson.EventType(hostEvent));
        Assert.Throws<ArgumentException>(() => SettingsJson.Serialize(hostEvent));
        Assert.Throws<ArgumentException>(() => SettingsJson.SerializeToUtf8Bytes(hostEvent));
        using var writer = new Utf8JsonWriter(Stream.Null);
        Assert.Throws<ArgumentException>(() => SettingsJson.Serialize(writer, hostEvent));
    }

    private sealed record HostEvent(AccountId AccountId, Instant OccurredAt) : DomainEvent(AccountId, OccurredAt);

    [GeneratedRegex("^[a-z_]+\\.[a-z_]+$")]
    private static partial Regex TypeNamePattern();
}
