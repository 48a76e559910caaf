using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Audit;

/// <summary>
/// Which entries of an account's audit trail to show (R28): those concerning one environment, made by one actor, and made
/// in a time range [<see cref="From"/>, <see cref="To"/>). Each is optional; together they all apply. <see cref="None"/>
/// shows everything.
/// </summary>
public sealed record AuditFilter
{
    private readonly EnvironmentId? _environment;
    private readonly ActorId? _actor;

    /// <summary>No filter: every entry.</summary>
    public static AuditFilter None { get; } = new();

    /// <summary>Only entries concerning this environment (<see cref="AuditEntry.Environments"/> holds it), or <c>null</c>.</summary>
    /// <exception cref="ArgumentException">A <c>default</c> id.</exception>
    public EnvironmentId? Environment
    {
        get => _environment;
        init => _environment = value is { } environment ? Guard.Against.Default(environment, nameof(Environment)) : null;
    }

    /// <summary>Only entries made by this actor (a user's id converts implicitly; a system actor's is <see cref="SystemActor.ActorId"/>), or <c>null</c>.</summary>
    /// <exception cref="ArgumentException">A <c>default</c> id.</exception>
    public ActorId? Actor
    {
        get => _actor;
        init => _actor = value is { } actor ? Guard.Against.Default(actor, nameof(Actor)) : null;
    }

    /// <summary>Only entries made at or after this instant (inclusive), or <c>null</c>.</summary>
    public Instant? From { get; init; }

    /// <summary>Only entries made strictly before this instant (exclusive), or <c>null</c>.</summary>
    public Instant? To { get; init; }

    /// <summary>Whether an entry passes every filter that is set: the one definition adapters and tests share.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Whether it is shown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public bool Matches(AuditEntry entry)
    {
        Guard.Against.Null(entry);
        return (Environment is not { } environment || entry.Concerns(environment))
            && (Actor is not { } actor || entry.Actor.Id == actor)
            && (From is not { } from || entry.OccurredAt >= from)
            && (To is not { } to || entry.OccurredAt < to);
    }
}
