using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Json;

namespace Fluents.Settings.Audit;

/// <summary>
/// One line of an account's audit trail (R28): who changed what, when. Made from the event the change recorded
/// (<see cref="Of"/>), so that every adapter shows the same thing: its key (<see cref="Account"/>, <see cref="Version"/>,
/// <see cref="Index"/>), when, who (as recorded then), the environments it concerns, the event's type, a one-line summary a
/// Settings page can show as it is, and the event itself for the details.
/// </summary>
/// <remarks>Holds no secret: events never carry one, and the summary shows API keys masked only.</remarks>
public sealed record AuditEntry
{
    private static readonly IReadOnlyList<EnvironmentId> NoEnvironment = [];

    private AuditEntry(DomainEvent domainEvent, string type, IReadOnlyList<EnvironmentId> environments, string summary)
    {
        Event = domainEvent;
        Type = type;
        Environments = environments;
        Summary = summary;
    }

    /// <summary>The account that changed.</summary>
    public AccountId Account => Event.AccountId;

    /// <summary>The account version the change produced.</summary>
    public long Version => Event.Version;

    /// <summary>The event's index within its change.</summary>
    public int Index => Event.Index;

    /// <summary>The entry's position in the trail (its key), e.g. to resume reading after it.</summary>
    public AuditCursor Position => new(Account, Version, Index);

    /// <summary>When the change was made.</summary>
    public Instant OccurredAt => Event.OccurredAt;

    /// <summary>Who made it: a member (their id and their name then) or a system actor (its id and name).</summary>
    public RecordedActor Actor => Event.Actor;

    /// <summary>
    /// The environments it concerns: the one an environment event or a key rotation is about, each environment whose limit an
    /// allocation change changed, and none for account-wide changes (the plan, members, invitations).
    /// </summary>
    public IReadOnlyList<EnvironmentId> Environments { get; }

    /// <summary>The event's type in the JSON format, e.g. <c>environment.renamed</c> (<see cref="SettingsJson.EventType"/>).</summary>
    public string Type { get; }

    /// <summary>What happened, in one line, e.g. <c>Ada Admin renamed staging to stage</c> or <c>Billing changed the plan from 40 to 60 concurrent calls</c>.</summary>
    public string Summary { get; }

    /// <summary>The event, with every detail of the change.</summary>
    public DomainEvent Event { get; }

    /// <summary>The entry of an event an account recorded (it carries its actor, version and index).</summary>
    /// <param name="domainEvent">One of the library's events, as an account recorded it (or as read back with <see cref="SettingsJson"/>).</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domainEvent"/> is null.</exception>
    /// <exception cref="ArgumentException">The event is not one of the library's, or has no <see cref="DomainEvent.Actor"/> (no account recorded it).</exception>
    public static AuditEntry Of(DomainEvent domainEvent)
    {
        Guard.Against.Null(domainEvent);
        var type = SettingsJson.EventType(domainEvent);
        if (domainEvent.Actor is null)
            throw new ArgumentException($"{domainEvent.GetType().Name} has no Actor: only an event an account recorded has a place in the audit trail.", nameof(domainEvent));
        return new AuditEntry(domainEvent, type, EnvironmentsOf(domainEvent), AuditSummary.Of(domainEvent));
    }

    /// <summary>Whether the entry concerns an environment.</summary>
    /// <param name="environment">The environment.</param>
    /// <returns>Whether <see cref="Environments"/> holds it.</returns>
    public bool Concerns(EnvironmentId environment)
    {
        foreach (var concerned in Environments)
        {
            if (concerned == environment) return true;
        }
        return false;
    }

    /// <summary>When, the key and the summary, for logs.</summary>
    /// <returns>For example <c>2026-11-28T09:01:00Z v1#0 Ada Admin renamed default to Production</c>.</returns>
    public override string ToString() => $"{OccurredAt} v{Version}#{Index} {Summary}";

    private static IReadOnlyList<EnvironmentId> EnvironmentsOf(DomainEvent domainEvent) => domainEvent switch
    {
        EnvironmentCreated e => [e.Environment],
        EnvironmentRenamed e => [e.Environment],
        EnvironmentHidden e => [e.Environment],
        EnvironmentUnhidden e => [e.Environment],
        EnvironmentDeleted e => [e.Environment],
        ApiKeyRotated e => [e.Environment],
        AllocationChanged e => [.. e.Changes.Select(change => change.Environment)],
        _ => NoEnvironment,
    };
}
