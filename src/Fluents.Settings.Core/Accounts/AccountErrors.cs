using Fluents.Settings.Actors;
using Fluents.Settings.Members;

namespace Fluents.Settings.Accounts;

/// <summary>
/// The actor may not do this (R3, R15, R29): a user who is not a member of the account, a member whose role lacks the
/// permission, or a system actor whose permissions lack it (or that asked for a member-only action).
/// </summary>
/// <param name="Actor">Who tried: the user (<see cref="Actors.Actor.User"/>) or the system actor (<see cref="Actors.Actor.SystemActor"/>).</param>
/// <param name="Required">The permission the action needs.</param>
/// <param name="ActorRole">The member's role, or <c>null</c> for a user who is not a member and for a system actor.</param>
public sealed record NotPermitted(Actor Actor, Permission Required, Role? ActorRole) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.not_permitted";

    /// <inheritdoc />
    public override string Message => (ActorRole, Actor.SystemActor) switch
    {
        ({ } role, _) => $"A user with the {role} role may not do this (it needs {Required}); ask an Admin.",
        (_, { } system) when (Required & RolePermissions.MemberOnly) != 0 => $"{system.Name} is a system actor and may not do this: only members may manage members and invitations.",
        (_, { } system) => $"{system.Name} is a system actor whose permissions ({system.Permissions}) do not include {Required}.",
        _ => "Only members of the account may do this.",
    };
}

/// <summary>Stored data that breaks an invariant and cannot be loaded as an account.</summary>
/// <param name="Reason">What is wrong, in words.</param>
public sealed record InvalidAccountSnapshot(string Reason) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.invalid_snapshot";

    /// <inheritdoc />
    public override string Message => $"The stored account is not valid: {Reason}";
}
