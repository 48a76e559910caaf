using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;

namespace Fluents.Settings;

/// <summary>
/// Something that happened to an account, recorded by the aggregate after each successful change
/// so that a host can react once the change is saved. Events never carry a secret.
/// </summary>
/// <remarks>
/// <para>Every event says who made the change (<see cref="Actor"/>), the account version the change produced
/// (<see cref="Version"/>) and its place among the change's events (<see cref="Index"/>), so that
/// (<see cref="AccountId"/>, <see cref="Version"/>, <see cref="Index"/>) is a unique key, ordered as the changes were
/// made, that a store can de-duplicate on (R28). The aggregate sets all three when the change completes, for every
/// operation alike; an event made by hand (a test, a host's own) has none until its maker sets them.</para>
/// <para>An event that changes a value says from what to what (<c>From</c> and <c>To</c>), and names what it concerns
/// as it was then (an environment's name, a member's name, an invitation's email), so that it reads without looking
/// anything up.</para>
/// </remarks>
/// <param name="AccountId">The account that changed.</param>
/// <param name="OccurredAt">When the change was made.</param>
public abstract record DomainEvent(AccountId AccountId, Instant OccurredAt)
{
    /// <summary>Who made the change: a member (their id and their name then) or a system actor (its id and name).</summary>
    public RecordedActor Actor { get; init; } = null!;

    /// <summary>The account version the change produced: 0 for opening the account, then 1, 2… (see <see cref="Account.Version"/>).</summary>
    public long Version { get; init; }

    /// <summary>The event's position among the events of its change, from 0 (most changes record one event).</summary>
    public int Index { get; init; }
}
