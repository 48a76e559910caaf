using Ardalis.GuardClauses;
using Fluents.Settings.Members;

namespace Fluents.Settings.Actors;

/// <summary>
/// Who acted, as an identity (R28, R29): a user's id, or a system actor's id. The key an audit trail filters on; a
/// recorded actor (<see cref="RecordedActor"/>) is this plus the name shown.
/// </summary>
/// <remarks>
/// Written as text with its kind first, <c>user:0196f000-0000-7000-8000-0000000000a1</c> or <c>system:billing</c>
/// (<see cref="ToString"/>, <see cref="TryParse"/>), so that one text column of a store holds either. <c>default</c> is
/// no actor.
/// </remarks>
public readonly record struct ActorId
{
    private const string UserPrefix = "user:";
    private const string SystemPrefix = "system:";

    private ActorId(UserId? user, string? systemActorId)
    {
        User = user;
        SystemActorId = systemActorId;
    }

    /// <summary>The user who acted, or <c>null</c> for a system actor.</summary>
    public UserId? User { get; }

    /// <summary>The system actor's id (<see cref="Actors.SystemActor.Id"/>), or <c>null</c> for a user.</summary>
    public string? SystemActorId { get; }

    /// <summary>Whether a system actor acted (not a user).</summary>
    public bool IsSystemActor => SystemActorId is not null;

    /// <summary>A user's identity as an actor.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The actor id.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is <c>default</c>.</exception>
    public static ActorId OfUser(UserId user) => new(Guard.Against.Default(user), null);

    /// <summary>A system actor's identity, by its id.</summary>
    /// <param name="id">The system actor's id (see <see cref="Actors.SystemActor.IsValidId(string)"/>).</param>
    /// <returns>The actor id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a valid system actor id.</exception>
    public static ActorId OfSystemActor(string id)
    {
        Guard.Against.Null(id);
        if (!SystemActor.IsValidId(id)) throw new ArgumentException(SystemActor.IdRule, nameof(id));
        return new ActorId(null, id);
    }

    /// <summary>A user's identity as an actor, e.g. to filter an audit trail by a member.</summary>
    /// <param name="user">The user; <c>default</c> gives <c>default</c> (no actor), which the methods taking one refuse.</param>
    public static implicit operator ActorId(UserId user) => user == default ? default : new ActorId(user, null);

    /// <summary>Parses the text written by <see cref="ToString"/>.</summary>
    /// <param name="text">For example <c>user:0196f000-0000-7000-8000-0000000000a1</c> or <c>system:billing</c>.</param>
    /// <param name="id">The actor id, when the text is one.</param>
    /// <returns>Whether the text was an actor id.</returns>
    public static bool TryParse(string? text, out ActorId id)
    {
        id = default;
        if (text is null) return false;
        if (text.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            if (!UserId.TryParse(text[UserPrefix.Length..], out var user) || !string.Equals(user.ToString(), text[UserPrefix.Length..], StringComparison.Ordinal)) return false;
            id = new ActorId(user, null);
            return true;
        }
        if (text.StartsWith(SystemPrefix, StringComparison.Ordinal) && SystemActor.IsValidId(text.AsSpan(SystemPrefix.Length)))
        {
            id = new ActorId(null, text[SystemPrefix.Length..]);
            return true;
        }
        return false;
    }

    /// <summary>The actor id as text: its kind, a colon, the id.</summary>
    /// <returns>For example <c>user:0196f000-…</c> or <c>system:billing</c>; empty for <c>default</c>.</returns>
    public override string ToString() => (User, SystemActorId) switch
    {
        ({ } user, _) => UserPrefix + user,
        (_, { } system) => SystemPrefix + system,
        _ => string.Empty,
    };
}
