using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using NodaTime.Text;
using static System.FormattableString;

namespace Fluents.Settings.Audit;

/// <summary>
/// The one-line summary of each event in the audit trail: who, then what, from what to what, in plain English and from the
/// event alone (R28). Names, emails and hints are shown as the event recorded them; no secret is ever in an event.
/// </summary>
internal static class AuditSummary
{
    private static readonly InstantPattern Time = InstantPattern.General;

    public static string Of(DomainEvent domainEvent)
    {
        var who = domainEvent.Actor.Name;
        return domainEvent switch
        {
            AccountOpened e => Invariant($"{who} opened the account with a plan of {Calls(e.PlanLimit)}"),
            EnvironmentCreated e => Invariant($"{who} created {e.Name} with {e.MaxConcurrentCalls} Max Concurrent Calls"),
            EnvironmentRenamed e => Invariant($"{who} renamed {e.From} to {e.To}"),
            EnvironmentHidden e => Invariant($"{who} hid {e.Name}"),
            EnvironmentUnhidden e => Invariant($"{who} unhid {e.Name}"),
            EnvironmentDeleted e => Invariant($"{who} deleted {e.Name}, freeing {Calls(e.FreedConcurrentCalls)}"),
            ApiKeyRotated e => Invariant($"{who} rotated {e.Name}'s API key from {e.PreviousKeyHint} to {e.NewKeyHint}; ")
                + (e.PreviousKeyValidUntil <= e.OccurredAt ? "the previous key stopped working at once" : Invariant($"the previous key works until {Time.Format(e.PreviousKeyValidUntil)}")),
            AllocationChanged { Changes.Count: 1 } e => Invariant($"{who} changed {e.Changes[0].Name}'s Max Concurrent Calls from {e.Changes[0].From} to {e.Changes[0].To}"),
            AllocationChanged e => Invariant($"{who} changed Max Concurrent Calls: ") + string.Join(", ", e.Changes.Select(c => Invariant($"{c.Name} from {c.From} to {c.To}"))),
            PlanLimitChanged e => Invariant($"{who} changed the plan from {e.From} to {Calls(e.To)}")
                + (e.IsOverAllocated ? Invariant($"; the environments hold {e.Allocated}, so the account is over-allocated") : string.Empty),
            InvitationSent e => Invariant($"{who} invited {e.Email} as {e.Role}"),
            InvitationRenewed e => Invariant($"{who} renewed the invitation of {e.Email} until {Time.Format(e.ExpiresAt)}"),
            InvitationResent e => Invariant($"{who} resent the invitation of {e.Email}"),
            InvitationRevoked e => Invariant($"{who} revoked the invitation of {e.Email}"),
            InvitationAccepted e => Invariant($"{who} accepted the invitation sent to {e.Email}"),
            InvitationValidityChanged e => Invariant($"{who} changed how long invitations stay valid from {Length(e.From)} to {Length(e.To)}"),
            MemberJoined e => Invariant($"{who} joined as {e.Role}"),
            MemberRoleChanged e => Invariant($"{who} changed {e.Name}'s role from {e.From} to {e.To}"),
            MemberRemoved e => Invariant($"{who} removed {e.Name}"),
            MemberLeft => Invariant($"{who} left the account"),
            _ => Invariant($"{who}: {domainEvent.GetType().Name}"),
        };
    }

    private static string Calls(int count) => count == 1 ? "1 concurrent call" : Invariant($"{count} concurrent calls");

    // "7 days", "1 day 12 hours", "3 days 30 minutes", "1 hour": whole units, largest first; a fraction of a second as ISO text.
    private static string Length(Duration duration)
    {
        if (duration <= Duration.Zero || duration.SubsecondNanoseconds != 0) return DurationPattern.Roundtrip.Format(duration);
        var parts = new List<string>(4);
        Add(duration.Days, "day");
        Add(duration.Hours, "hour");
        Add(duration.Minutes, "minute");
        Add(duration.Seconds, "second");
        return string.Join(" ", parts);

        void Add(long count, string unit)
        {
            if (count != 0) parts.Add(count == 1 ? Invariant($"1 {unit}") : Invariant($"{count} {unit}s"));
        }
    }
}
