using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using NodaTime.Text;

namespace Fluents.Settings.UnitTests.Json;

/// <summary>Instants and durations in the JSON format: ISO 8601 text, exact to the nanosecond.</summary>
public class TimeFormatTests
{
    public static TheoryData<string, long, long> Durations => new()
    {
        { "PT0S", 0, 0 },
        { "PT168H", 7 * 24, 0 },
        { "PT720H", 30 * 24, 0 },
        { "PT1H", 1, 0 },
        { "PT1H30M", 1, 30L * 60 * 1_000_000_000 },
        { "PT1M", 0, 60L * 1_000_000_000 },
        { "PT1S", 0, 1_000_000_000 },
        { "PT0.000000001S", 0, 1 },
        { "PT0.5S", 0, 500_000_000 },
        { "PT36H0.000000005S", 36, 5 },
        { "PT1H1M1.123456789S", 1, 61_123_456_789 },
        { "-PT1H", -1, 0 },
        { "-PT0.000000001S", 0, -1 },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Duration_IsWrittenAsIsoHoursMinutesSeconds(string expected, long hours, long nanoseconds)
    {
        var duration = Duration.FromHours(hours) + Duration.FromNanoseconds(nanoseconds);

        Assert.Equal(expected, Format(duration));
        Assert.True(DurationConverter.TryParse(expected, out var read));
        Assert.Equal(duration, read);
    }

    [Theory]
    [InlineData("PT90M", 90 * 60)]
    [InlineData("PT0H0M60S", 60)]
    [InlineData("PT172800S", 2 * 24 * 3600)]
    [InlineData("PT001H", 3600)]
    public void Duration_OtherSpellingsOfTheSameGrammar_AreRead(string text, long seconds)
    {
        Assert.True(DurationConverter.TryParse(text, out var read));
        Assert.Equal(Duration.FromSeconds(seconds), read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("-PT")]
    [InlineData("P7D")]
    [InlineData("P1DT1H")]
    [InlineData("P1W")]
    [InlineData("P1Y")]
    [InlineData("PT1.5H")]
    [InlineData("PT1.5M")]
    [InlineData("PT1S1M")]
    [InlineData("PT1M1H")]
    [InlineData("PT1H1H")]
    [InlineData("PT-1H")]
    [InlineData("PT+1H")]
    [InlineData("pt1h")]
    [InlineData("PT1h")]
    [InlineData("PT1")]
    [InlineData("PT.5S")]
    [InlineData("PT1.S")]
    [InlineData("PT0.0000000001S")]
    [InlineData("PT1H ")]
    [InlineData(" PT1H")]
    [InlineData("PT١H")]
    [InlineData("PT9999999999999999999H")]
    [InlineData("PT999999999999999999H")]
    [InlineData("--PT1H")]
    [InlineData("7:00:00:00")]
    public void Duration_AnythingElse_IsRefused(string text)
    {
        Assert.False(DurationConverter.TryParse(text, out _));
    }

    [Fact]
    public void Duration_AtTheEndsOfItsRange_RoundTrips()
    {
        foreach (var duration in new[] { Duration.MaxValue, Duration.MinValue, Duration.MaxValue - Duration.Epsilon, Duration.MinValue + Duration.Epsilon })
        {
            Assert.True(DurationConverter.TryParse(Format(duration), out var read), Format(duration));
            Assert.Equal(duration, read);
        }
    }

    [Fact]
    public void Duration_JustBeyondItsRange_IsRefused()
    {
        var hoursToTheEnd = (Duration.MaxValue.Days + 1L) * 24; // Duration.MaxValue is one nanosecond less than this

        Assert.False(DurationConverter.TryParse($"PT{hoursToTheEnd}H", out _));
        Assert.True(DurationConverter.TryParse($"-PT{hoursToTheEnd}H", out var min));
        Assert.Equal(Duration.MinValue, min);
        Assert.False(DurationConverter.TryParse($"-PT{hoursToTheEnd}H0.000000001S", out _));
    }

    [Fact]
    public void Duration_InAnEvent_RoundTripsThroughJson()
    {
        var changed = new InvitationValidityChanged(TestAccounts.AccountId, TestAccounts.Now, InvitationPolicy.DefaultValidity, Duration.FromHours(1) + Duration.Epsilon).ByAdmin(TestAccounts.Open().Account);

        var json = SettingsJson.Serialize(changed);

        Assert.Contains("\"from\":\"PT168H\",\"to\":\"PT1H0.000000001S\"", json, StringComparison.Ordinal);
        Assert.Equal(changed, SettingsJson.DeserializeEvent(json).Value);
    }

    [Theory]
    [InlineData("2026-11-28T09:00:00Z")]
    [InlineData("2026-11-28T09:00:00.000000001Z")]
    [InlineData("2026-11-28T09:00:00.12Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public void Instant_IsWrittenAsIsoUtcWithTheFractionItNeeds(string text)
    {
        var instant = InstantPattern.ExtendedIso.Parse(text).Value;
        var sent = new Fluents.Settings.Members.MemberLeft(TestAccounts.AccountId, instant, TestAccounts.Admin).By(TestAccounts.Admin, TestAccounts.AdminName, 1);

        var json = SettingsJson.Serialize(sent);

        Assert.Contains($"\"occurredAt\":\"{text}\"", json, StringComparison.Ordinal);
        Assert.Equal(sent, SettingsJson.DeserializeEvent(json).Value);
    }

    [Fact]
    public void Instant_AtTheEndsOfItsRange_RoundTrips()
    {
        foreach (var instant in new[] { Instant.MinValue, Instant.MaxValue })
        {
            var sent = new Fluents.Settings.Members.MemberLeft(TestAccounts.AccountId, instant, TestAccounts.Admin).By(TestAccounts.Admin, TestAccounts.AdminName, 1);
            Assert.Equal(sent, SettingsJson.DeserializeEvent(SettingsJson.Serialize(sent)).Value);
        }
    }

    private static string Format(Duration duration)
    {
        Span<char> text = stackalloc char[64];
        return new string(text[..DurationConverter.Format(duration, text)]);
    }
}
