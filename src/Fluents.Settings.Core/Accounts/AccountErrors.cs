using Fluents.Settings.Members;

namespace Fluents.Settings.Accounts;

/// <summary>The acting user may not do this: not a member of the account, or their role lacks the permission (R3, R15).</summary>
/// <param name="Actor">The user who tried.</param>
/// <param name="Required">The permission the action needs.</param>
/// <param name="ActorRole">The user's role, or <c>null</c> when they are not a member.</param>
public sealed record NotPermitted(UserId Actor, Permission Required, Role? ActorRole) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.not_permitted";

    /// <inheritdoc />
    public override string Message => ActorRole is { } role
        ? $"A user with the {role} role may not do this (it needs {Required}); ask an Admin."
        : "Only members of the account may do this.";
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
