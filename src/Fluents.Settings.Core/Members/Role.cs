namespace Fluents.Settings.Members;

/// <summary>A member's role in the account (R15). Users are account-wide: the role applies to every environment (R14).</summary>
public enum Role
{
    /// <summary>May do everything: change settings, manage environments, keys, users and invitations, change the plan.</summary>
    Admin = 1,

    /// <summary>May view, but change nothing.</summary>
    Member = 2,
}

/// <summary>Everything the library lets a user do, as flags (R15).</summary>
[Flags]
public enum Permission
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>See the account's settings (plan limit, invitation validity).</summary>
    ViewSettings = 1 << 0,

    /// <summary>See the environments table and the selector list.</summary>
    ViewEnvironments = 1 << 1,

    /// <summary>See the users table.</summary>
    ViewMembers = 1 << 2,

    /// <summary>See the pending-invitations table.</summary>
    ViewInvitations = 1 << 3,

    /// <summary>Create, edit, hide, unhide and delete environments, and move capacity between them.</summary>
    ManageEnvironments = 1 << 4,

    /// <summary>Rotate environments' API keys.</summary>
    ManageApiKeys = 1 << 5,

    /// <summary>Change members' roles and remove members.</summary>
    ManageMembers = 1 << 6,

    /// <summary>Invite, resend, renew and revoke invitations.</summary>
    ManageInvitations = 1 << 7,

    /// <summary>Change the plan's concurrent-call limit.</summary>
    ChangePlan = 1 << 8,

    /// <summary>Change account settings such as the invitation validity.</summary>
    ChangeSettings = 1 << 9,

    /// <summary>Every view permission.</summary>
    ViewAll = ViewSettings | ViewEnvironments | ViewMembers | ViewInvitations,

    /// <summary>Every permission.</summary>
    All = ViewAll | ManageEnvironments | ManageApiKeys | ManageMembers | ManageInvitations | ChangePlan | ChangeSettings,
}

/// <summary>The permission table (R15): the one place that says which role may do what.</summary>
public static class RolePermissions
{
    /// <summary>Everything a role grants.</summary>
    /// <param name="role">The role.</param>
    /// <returns>Its permissions; <see cref="Permission.None"/> for an undefined role.</returns>
    public static Permission Granted(this Role role) => role switch
    {
        Role.Admin => Permission.All,
        Role.Member => Permission.ViewAll,
        _ => Permission.None,
    };

    /// <summary>Whether a role may do something: a bit test, no allocation.</summary>
    /// <param name="role">The role.</param>
    /// <param name="permission">One permission, or several that are all required.</param>
    /// <returns>Whether every requested permission is granted.</returns>
    public static bool Allows(this Role role, Permission permission) =>
        permission != Permission.None && (role.Granted() & permission) == permission;
}
