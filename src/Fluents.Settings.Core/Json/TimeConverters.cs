using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Fluents.Settings.Json;

/// <summary>
/// An <see cref="Instant"/> as ISO 8601 text in UTC with only the fraction it needs, e.g. <c>2026-11-28T09:00:00Z</c> or
/// <c>2026-11-28T09:00:00.000000001Z</c> (NodaTime's <see cref="InstantPattern.ExtendedIso"/>): exact to the nanosecond.
/// </summary>
internal sealed class InstantConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"An instant is ISO 8601 text such as \"2026-11-28T09:00:00Z\", not {Describe(reader.TokenType)}.");
        // NodaTime's own message is left out: it quotes the whole text, which may be anything in a corrupt document.
        var parsed = InstantPattern.ExtendedIso.Parse(reader.GetString()!);
        return parsed.Success ? parsed.Value : throw new JsonException("An instant is ISO 8601 text in UTC such as \"2026-11-28T09:00:00Z\" or \"2026-11-28T09:00:00.5Z\".");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}

/// <summary>
/// A <see cref="Duration"/> as an ISO 8601 duration in hours, minutes and seconds, e.g. <c>PT168H</c> for seven days,
/// <c>PT1H30M</c>, <c>PT0.000000001S</c>, <c>PT0S</c>, and <c>-PT1H</c> for a negative one: exact to the nanosecond.
/// </summary>
/// <remarks>
/// No days (<c>P7D</c>): a day in ISO 8601 (and in PostgreSQL's <c>interval</c>) is a calendar day, 23 to 25 hours, while a
/// NodaTime <see cref="Duration"/> is a fixed length. Hours are exact everywhere; this is also how Java's
/// <c>java.time.Duration</c> writes durations. Reading accepts the same grammar with any of the three parts present
/// (<c>PT90M</c> is read as 1½ hours) and refuses days, years, months and weeks.
/// </remarks>
internal sealed class DurationConverter : JsonConverter<Duration>
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private const long NanosecondsPerMinute = 60 * NanosecondsPerSecond;
    private const long NanosecondsPerHour = 60 * NanosecondsPerMinute;

    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"A duration is ISO 8601 text such as \"PT168H\", not {InstantConverter.Describe(reader.TokenType)}.");
        var text = reader.GetString()!;
        return TryParse(text, out var duration)
            ? duration
            : throw new JsonException("A duration is ISO 8601 text in hours, minutes and seconds, such as \"PT168H\" or \"PT1H30M\" (no days: a day is not a fixed length).");
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[64];
        writer.WriteStringValue(text[..Format(value, text)]);
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (64 characters are always enough).</summary>
    internal static int Format(Duration value, Span<char> destination)
    {
        // Days × nanoseconds per day does not fit a long at the ends of Duration's range; Int128 does.
        var total = (Int128)value.Days * NodaConstants.NanosecondsPerDay + value.NanosecondOfDay;
        var written = 0;
        if (total < 0)
        {
            destination[written++] = '-';
            total = -total;
        }
        destination[written++] = 'P';
        destination[written++] = 'T';
        var hours = (long)(total / NanosecondsPerHour);
        var rest = (long)(total % NanosecondsPerHour);
        var minutes = rest / NanosecondsPerMinute;
        rest %= NanosecondsPerMinute;
        var seconds = rest / NanosecondsPerSecond;
        var nanoseconds = rest % NanosecondsPerSecond;
        if (hours > 0) written += Append(destination[written..], hours, 'H');
        if (minutes > 0) written += Append(destination[written..], minutes, 'M');
        if (seconds > 0 || nanoseconds > 0 || (hours == 0 && minutes == 0))
        {
            seconds.TryFormat(destination[written..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            written += digits;
            if (nanoseconds > 0)
            {
                destination[written++] = '.';
                nanoseconds.TryFormat(destination[written..], out digits, "D9", System.Globalization.CultureInfo.InvariantCulture);
                written += digits;
                while (destination[written - 1] == '0') written--;
            }
            destination[written++] = 'S';
        }
        return written;
    }

    /// <summary>Parses what <see cref="Format"/> writes, with any of hours, minutes and seconds present (at least one).</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, out Duration duration)
    {
        duration = default;
        var negative = text.StartsWith('-');
        if (negative) text = text[1..];
        if (!text.StartsWith("PT", StringComparison.Ordinal) || text.Length == 2) return false;
        text = text[2..];
        Int128 total = 0;
        var lastDesignator = ' ';
        while (!text.IsEmpty)
        {
            var digits = text.IndexOfAnyExcept(Digits);
            if (digits <= 0 || digits > 18) return false; // a part is 1 to 18 digits: each fits a long, and the sum an Int128
            var value = long.Parse(text[..digits], provider: System.Globalization.CultureInfo.InvariantCulture);
            text = text[digits..];
            long fraction = 0;
            if (text.StartsWith('.'))
            {
                var fractionDigits = text[1..].IndexOfAnyExcept(Digits);
                if (fractionDigits < 0) fractionDigits = text.Length - 1;
                if (fractionDigits is < 1 or > 9) return false;
                fraction = long.Parse(text.Slice(1, fractionDigits), provider: System.Globalization.CultureInfo.InvariantCulture);
                for (var i = fractionDigits; i < 9; i++) fraction *= 10;
                text = text[(1 + fractionDigits)..];
                if (!text.StartsWith('S')) return false; // only seconds have a fraction
            }
            if (text.IsEmpty) return false;
            var designator = text[0];
            text = text[1..];
            // In order, each at most once: H, M, S.
            if (designator switch { 'H' => lastDesignator != ' ', 'M' => lastDesignator is 'M' or 'S', 'S' => lastDesignator == 'S', _ => true }) return false;
            lastDesignator = designator;
            total += designator switch
            {
                'H' => (Int128)value * NanosecondsPerHour,
                'M' => (Int128)value * NanosecondsPerMinute,
                _ => (Int128)value * NanosecondsPerSecond + fraction,
            };
        }
        if (negative) total = -total;
        var days = Int128.DivRem(total, NodaConstants.NanosecondsPerDay);
        var (wholeDays, nanosecondOfDay) = days.Remainder < 0 ? (days.Quotient - 1, days.Remainder + NodaConstants.NanosecondsPerDay) : days;
        if (wholeDays < Duration.MinValue.Days || wholeDays > Duration.MaxValue.Days) return false;
        duration = Duration.FromDays((int)wholeDays) + Duration.FromNanoseconds((long)nanosecondOfDay);
        return true;
    }

    private static int Append(Span<char> destination, long value, char designator)
    {
        value.TryFormat(destination, out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        destination[digits] = designator;
        return digits + 1;
    }

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
}
