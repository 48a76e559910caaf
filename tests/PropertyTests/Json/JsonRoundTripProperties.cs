using System.Text;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Json;
using Fluents.Settings.PropertyTests.ApiKeys;
using Fluents.Settings.PropertyTests.Environments;

namespace Fluents.Settings.PropertyTests.Json;

/// <summary>
/// Issue 12, part 3: through the JSON format and back, a generated account is the same account and every event the same
/// event; and the JSON of an account that issued keys and tokens holds none of them, nor any piece of eight characters.
/// </summary>
public class JsonRoundTripProperties
{
    /// <summary>A piece this long of a key or token in the JSON is a leak (a masked hint shows 4 characters, by design).</summary>
    private const int PieceLength = 8;

    /// <summary>JSON → snapshot → <see cref="Account.FromSnapshot"/> → <see cref="Account.ToSnapshot"/>: null when that is the identity, else what differed.</summary>
    private static string? SnapshotRoundTripFailure(Account account)
    {
        var snapshot = account.ToSnapshot();
        var read = SettingsJson.DeserializeSnapshot(SettingsJson.SerializeToUtf8Bytes(snapshot));
        if (!read.TryGetValue(out var readSnapshot, out var refusal)) return $"the JSON was refused: {refusal.Message}";
        if (readSnapshot != snapshot) return "the snapshot read differs from the one written";
        if (!Account.FromSnapshot(readSnapshot).TryGetValue(out var reloaded, out refusal)) return $"FromSnapshot refused what was read: {refusal.Message}";
        if (reloaded.ToSnapshot() != snapshot) return "the reloaded account differs";
        return reloaded.Version == account.Version ? null : $"the version changed from {account.Version} to {reloaded.Version}";
    }

    private static IEnumerable<string> EventRoundTripFailures(IEnumerable<DomainEvent> events)
    {
        foreach (var domainEvent in events)
        {
            var json = SettingsJson.Serialize(domainEvent);
            var read = SettingsJson.DeserializeEvent(json);
            if (!read.TryGetValue(out var readEvent, out var refusal)) yield return $"{json} was refused: {refusal.Message}";
            else if (!EventComparison.AreSame(domainEvent, readEvent)) yield return $"{json} was read as {readEvent}";
        }
    }

    [Property(MaxTest = 100)]
    public Property Snapshot_and_events_round_trip_through_json_after_every_step()
    {
        var runs = StateMachine.Generate(new AccountMachine()).ToArbitrary();
        return Prop.ForAll(runs, run =>
        {
            var actual = run.Setup.Item2.Actual();
            var failure = SnapshotRoundTripFailure(actual.Account) is { } atStart ? $"at the starting point: {atStart}" : null;
            foreach (var (operation, _) in run.Operations)
            {
                ((AccountOperation)operation).Execute(actual);
                if (failure is null && SnapshotRoundTripFailure(actual.Account) is { } after) failure = $"after {operation}: {after}";
            }
            var events = actual.Account.PendingEvents;
            var eventFailures = EventRoundTripFailures(events).ToArray();
            var final = actual.Account.ToSnapshot();
            return (failure is null).Label(failure ?? "the snapshot round-trips")
                .And((eventFailures.Length == 0).Label(string.Join("\n", eventFailures)))
                .Classify(final.Environments.Any(e => e.Hidden), "with a hidden environment")
                .Classify(final.PlanLimit < final.Environments.Sum(e => e.MaxConcurrentCalls), "over-allocated")
                .Classify(final.Environments.Any(e => e.PreviousApiKey is not null), "with a rotated key")
                .Classify(events.Count >= 5, "5+ events");
        });
    }

    [Property(Arbitrary = [typeof(AccountHistoryArbitraries)], MaxTest = 200, StartSize = 10, EndSize = 80)]
    public Property Account_history_round_trips_through_json_and_its_json_holds_no_secret(AccountHistory history)
    {
        var run = new AccountHistoryRun(history);
        run.Play();
        var account = run.PlayedAccount;
        var events = account.PendingEvents;
        var json = new StringBuilder(SettingsJson.Serialize(account.ToSnapshot()));
        foreach (var domainEvent in events) json.AppendLine().Append(SettingsJson.Serialize(domainEvent));
        var text = json.ToString();

        var snapshotFailure = SnapshotRoundTripFailure(account);
        var eventFailures = EventRoundTripFailures(events).ToArray();
        var leaks = run.Keys.SelectMany(key => Pieces(key.Reveal()).Select(piece => ("API key", key.Reveal(), piece)))
            .Concat(run.Tokens.SelectMany(token => Pieces(token.Reveal()).Select(piece => ("invitation token", token.Reveal(), piece))))
            .Where(secret => text.Contains(secret.Item3, StringComparison.Ordinal))
            .Select(secret => $"{secret.Item1} {secret.Item2}: its piece '{secret.Item3}' is in the JSON")
            .ToArray();
        var snapshot = account.ToSnapshot();

        return (snapshotFailure is null).Label(snapshotFailure ?? "the snapshot round-trips")
            .And((eventFailures.Length == 0).Label(string.Join("\n", eventFailures)))
            .And((leaks.Length == 0).Label(string.Join("\n", leaks)))
            .Classify(run.Keys.Count >= 5, "5+ keys searched")
            .Classify(run.Tokens.Count >= 3, "3+ tokens searched")
            .Classify(snapshot.Invitations.Any(i => i.State == Fluents.Settings.Invitations.InvitationState.Accepted), "with an accepted invitation")
            .Classify(snapshot.Invitations.Any(i => i.State == Fluents.Settings.Invitations.InvitationState.Revoked), "with a revoked invitation")
            .Classify(events.Count >= 10, "10+ events");
    }

    [Fact]
    public void Search_PlantedPieceOfAKey_IsFound()
    {
        // The property above is only as good as its search: eight characters from the middle of a key are found.
        var key = ApiKey.Issue(new SeededSecretGenerator(5));
        var text = SettingsJson.Serialize(TestAccounts.Open(10).Account.ToSnapshot()) + key.Reveal()[10..18];

        Assert.Contains(Pieces(key.Reveal()), piece => text.Contains(piece, StringComparison.Ordinal));
        Assert.DoesNotContain(Pieces(key.Reveal()), piece => key.Hint.Masked.Contains(piece, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Pieces(string secret) =>
        Enumerable.Range(0, secret.Length - PieceLength + 1).Select(start => secret.Substring(start, PieceLength))
            .Where(piece => !piece.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal)); // the public prefix is no secret

    [Property(Arbitrary = [typeof(TimeArbitraries)], MaxTest = 1000)]
    public Property Any_duration_round_trips_exactly(Duration duration)
    {
        var changed = new Fluents.Settings.Invitations.InvitationValidityChanged(TestAccounts.AccountId, TestAccounts.Now, duration, duration == Duration.MinValue ? Duration.MaxValue : -duration).By(TestAccounts.Admin, TestAccounts.AdminName, 1);
        var json = SettingsJson.Serialize(changed);
        return (SettingsJson.DeserializeEvent(json).Value == changed).Label(json)
            .Classify(duration.NanosecondOfDay % 1_000_000_000 != 0, "with a fraction of a second")
            .Classify(duration.Days == Duration.MaxValue.Days || duration.Days == Duration.MinValue.Days, "at an end of the range");
    }

    [Property(Arbitrary = [typeof(TimeArbitraries)], MaxTest = 1000)]
    public Property Any_instant_round_trips_exactly(Instant instant)
    {
        var left = new Fluents.Settings.Members.MemberLeft(TestAccounts.AccountId, instant, TestAccounts.Admin).By(TestAccounts.Admin, TestAccounts.AdminName, 1);
        var json = SettingsJson.Serialize(left);
        return (SettingsJson.DeserializeEvent(json).Value == left).Label(json)
            .Classify(instant.ToUnixTimeTicks() % NodaConstants.TicksPerSecond != 0, "with a fraction of a second")
            .Classify(instant < NodaConstants.UnixEpoch, "before 1970");
    }
}

public static class TimeArbitraries
{
    private const long NanosecondsPerHour = 3_600_000_000_000;

    private static Gen<long> NanosecondsOfDay =>
        from hour in Gen.Choose(0, 23)
        from second in Gen.Choose(0, 3599)
        from nanosecond in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, 999_999_999)), (1, Gen.Elements(1, 999_999_999, 500_000_000)))
        select hour * NanosecondsPerHour + second * 1_000_000_000L + nanosecond;

    public static Arbitrary<Duration> Durations() => Gen.Frequency(
        (1, Gen.Elements(Duration.Zero, Duration.Epsilon, -Duration.Epsilon, Duration.MaxValue, Duration.MinValue, Duration.FromDays(7), Duration.FromHours(1))),
        (4, from days in Gen.Frequency((3, Gen.Choose(-40, 40)), (1, Gen.Choose(Duration.MinValue.Days, Duration.MaxValue.Days)))
            from nanoseconds in NanosecondsOfDay
            select Duration.FromDays(days) + Duration.FromNanoseconds(nanoseconds))).ToArbitrary();

    public static Arbitrary<Instant> Instants()
    {
        var days = (int)((Instant.MaxValue - Instant.MinValue).Days);
        return Gen.Frequency(
            (1, Gen.Elements(Instant.MinValue, Instant.MaxValue, NodaConstants.UnixEpoch, TestAccounts.Now, TestAccounts.Now + Duration.Epsilon)),
            (4, from day in Gen.Frequency((3, Gen.Choose(-20_000, 40_000).Select(d => d + (int)(NodaConstants.UnixEpoch - Instant.MinValue).Days)), (1, Gen.Choose(0, days)))
                from nanoseconds in NanosecondsOfDay
                select Instant.MinValue + Duration.FromDays(day) + Duration.FromNanoseconds(nanoseconds))).ToArbitrary();
    }
}
