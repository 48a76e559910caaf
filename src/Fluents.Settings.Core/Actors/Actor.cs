using Fluents.Settings.Members;

namespace Fluents.Settings.Actors;

/// <summary>
/// Who performs an action on an account: a user, by their <see cref="UserId"/> (a member, whose role the permission table
/// checks; or someone else, who is refused), or a <see cref="Actors.SystemActor"/> such as <see cref="SystemActor.Billing"/>,
/// whose own set of permissions the same table checks (R15, R29).
/// </summary>
/// <remarks>
/// Both convert implicitly, so <c>account.CreateEnvironment(adminUserId, …)</c> and
/// <c>account.ChangePlanLimit(SystemActor.Billing, …)</c> both read as written. <c>default</c> is no actor: every method that
/// takes one throws <see cref="ArgumentException"/> for it, as for a <c>default</c> id. A small struct: passing one
/// allocates nothing.
/// </remarks>
public readonly record struct Actor
{
    private readonly UserId _user;
    private readonly SystemActor? _systemActor;

    private Actor(UserId user, SystemActor? systemActor)
    {
        _user = user;
        _systemActor = systemActor;
    }

    /// <summary>The acting user, or <c>null</c> for a system actor.</summary>
    public UserId? User => _systemActor is null && _user != default ? _user : null;

    /// <summary>The acting system actor, or <c>null</c> for a user.</summary>
    public SystemActor? SystemActor => _systemActor;

    /// <summary>Whether a system actor acts (not a user).</summary>
    public bool IsSystemActor => _systemActor is not null;

    /// <summary>The actor's identity: the user's id or the system actor's.</summary>
    public ActorId Id => _systemActor?.ActorId ?? _user;

    // The user's id, or default for a system actor (the aggregate asks IsSystemActor first).
    internal UserId UserOrDefault => _user;

    /// <summary>A user acting (a member, or a stranger the account will refuse).</summary>
    /// <param name="user">The user; <c>default</c> gives <c>default</c> (no actor), which the methods taking one refuse.</param>
    public static implicit operator Actor(UserId user) => new(user, null);

    /// <summary>A system actor acting.</summary>
    /// <param name="systemActor">The system actor; <c>null</c> gives <c>default</c> (no actor), which the methods taking one refuse.</param>
    public static implicit operator Actor(SystemActor? systemActor) => new(default, systemActor);

    /// <summary>A user acting (the named alternative of the implicit conversion).</summary>
    /// <param name="user">The user.</param>
    /// <returns>The actor.</returns>
    public static Actor FromUserId(UserId user) => user;

    /// <summary>A system actor acting (the named alternative of the implicit conversion).</summary>
    /// <param name="systemActor">The system actor.</param>
    /// <returns>The actor.</returns>
    public static Actor FromSystemActor(SystemActor? systemActor) => systemActor;

    /// <summary>The user's id, or the system actor's name and id, for logs.</summary>
    /// <returns>For example <c>0196f000-…</c> or <c>Billing (system actor billing: ChangePlan)</c>; empty for <c>default</c>.</returns>
    public override string ToString() => _systemActor?.ToString() ?? (_user == default ? string.Empty : _user.ToString());
}
