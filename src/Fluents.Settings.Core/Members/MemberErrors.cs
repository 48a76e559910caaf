namespace Fluents.Settings.Members;

/// <summary>No member with this user id belongs to the account.</summary>
/// <param name="User">The user asked for.</param>
public sealed record MemberNotFound(UserId User) : DomainError
{
    /// <inheritdoc />
    public override string Code => "member.not_found";

    /// <inheritdoc />
    public override string Message => $"User {User} is not a member of this account.";
}

/// <summary>What would have left the account without an Admin (R16).</summary>
public enum LastAdminAction
{
    /// <summary>Changing the last Admin's role to Member.</summary>
    Demote,

    /// <summary>Removing the last Admin from the account.</summary>
    Remove,

    /// <summary>The last Admin leaving the account.</summary>
    Leave,
}

/// <summary>The account must always keep at least one Admin (R16).</summary>
/// <param name="User">The last Admin.</param>
/// <param name="Action">What was refused.</param>
public sealed record LastAdmin(UserId User, LastAdminAction Action) : DomainError
{
    /// <inheritdoc />
    public override string Code => "member.last_admin";

    /// <inheritdoc />
    public override string Message => Action switch
    {
        LastAdminAction.Demote => "This is the account's last Admin and cannot be made a Member; promote another user to Admin first.",
        LastAdminAction.Remove => "This is the account's last Admin and cannot be removed; promote another user to Admin first.",
        _ => "You are the account's last Admin and cannot leave; promote another user to Admin first.",
    };
}

/// <summary>An Admin tried to change their own role; another Admin must (R17).</summary>
/// <param name="User">The Admin.</param>
public sealed record CannotChangeOwnRole(UserId User) : DomainError
{
    /// <inheritdoc />
    public override string Code => "member.own_role";

    /// <inheritdoc />
    public override string Message => "You cannot change your own role; ask another Admin.";
}

/// <summary>The user or email already belongs to a member of the account (R19, R22).</summary>
/// <param name="Email">The email (normalized) that is already a member's.</param>
public sealed record AlreadyMember(string Email) : DomainError
{
    /// <inheritdoc />
    public override string Code => "member.already_member";

    /// <inheritdoc />
    public override string Message => $"{Email} is already a member of this account.";
}
