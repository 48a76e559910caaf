using Ardalis.GuardClauses;

namespace Fluents.Settings.Actors;

/// <summary>
/// Who made a change, as its events record it (R28): the actor's identity and the name shown for them at that moment
/// (a member's name then, or a system actor's name), so that "who did what" renders without looking anything up, also
/// after the member has left or been renamed.
/// </summary>
/// <remarks>Holds no secret: an id and a display name.</remarks>
public sealed record RecordedActor
{
    /// <summary>Records an actor.</summary>
    /// <param name="id">The actor's identity.</param>
    /// <param name="name">The name shown for them.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is <c>default</c>, or <paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public RecordedActor(ActorId id, string name)
    {
        Id = Guard.Against.Default(id);
        Name = Guard.Against.NullOrEmpty(name);
    }

    /// <summary>The actor's identity: a user's id or a system actor's.</summary>
    public ActorId Id { get; }

    /// <summary>The name shown for the actor when the change was made.</summary>
    public string Name { get; }

    /// <summary>Whether a system actor made the change (not a member).</summary>
    public bool IsSystemActor => Id.IsSystemActor;

    /// <summary>The name and the identity, for logs.</summary>
    /// <returns>For example <c>Ada Admin (user:0196f000-…)</c> or <c>Billing (system:billing)</c>.</returns>
    public override string ToString() => $"{Name} ({Id})";
}
