using Ardalis.GuardClauses;
using Fluents.Settings.Actors;

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

    /// <summary>Read the audit trail: who changed what, when (R28). Admins only by default: see <see cref="RolePermissions"/>.</summary>
    ViewAuditTrail = 1 << 10,

    /// <summary>Every view permission, the audit trail's included.</summary>
    ViewAll = ViewSettings | ViewEnvironments | ViewMembers | ViewInvitations | ViewAuditTrail,

    /// <summary>Every permission.</summary>
    All = ViewAll | ManageEnvironments | ManageApiKeys | ManageMembers | ManageInvitations | ChangePlan | ChangeSettings,
}

/// <summary>
/// The permission table (R15, R29): the one place that says which role may do what, and what a system actor may be given.
/// </summary>
/// <remarks>
/// <para>Admin: everything. Member: every view except the audit trail, and no change. The audit trail is Admin-only by
/// default (R28): it shows every member's actions, the addresses invited, and when keys were rotated, which is more than a
/// Member needs to see to use the account.</para>
/// <para>A system actor (<see cref="SystemActor"/>) holds exactly the permissions it was given, which never include
/// <see cref="MemberOnly"/>: managing members and invitations (R29).</para>
/// </remarks>
public static class RolePermissions
{
    /// <summary>
    /// The permissions only a member (through their role) may hold, never a system actor: managing members and invitations.
    /// People are managed by people (R29; see <see cref="SystemActor"/>).
    /// </summary>
    public const Permission MemberOnly = Permission.ManageMembers | Permission.ManageInvitations;

    /// <summary>Everything a role grants.</summary>
    /// <param name="role">The role.</param>
    /// <returns>Its permissions; <see cref="Permission.None"/> for an undefined role.</returns>
    public static Permission Granted(this Role role) => role switch
    {
        Role.Admin => Permission.All,
        Role.Member => Permission.ViewAll & ~Permission.ViewAuditTrail,
        _ => Permission.None,
    };

    /// <summary>Whether a role may do something: a bit test, no allocation.</summary>
    /// <param name="role">The role.</param>
    /// <param name="permission">One permission, or several that are all required.</param>
    /// <returns>Whether every requested permission is granted.</returns>
    public static bool Allows(this Role role, Permission permission) =>
        permission != Permission.None && (role.Granted() & permission) == permission;

    /// <summary>Everything a system actor is granted: its own set, without the member-only permissions (R29).</summary>
    /// <param name="systemActor">The system actor.</param>
    /// <returns>Its permissions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="systemActor"/> is null.</exception>
    public static Permission Granted(this SystemActor systemActor) =>
        Guard.Against.Null(systemActor).Permissions & Permission.All & ~MemberOnly;

    /// <summary>Whether a system actor may do something: a bit test, no allocation (R29).</summary>
    /// <param name="systemActor">The system actor.</param>
    /// <param name="permission">One permission, or several that are all required.</param>
    /// <returns>Whether every requested permission is granted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="systemActor"/> is null.</exception>
    public static bool Allows(this SystemActor systemActor, Permission permission) =>
        permission != Permission.None && (systemActor.Granted() & permission) == permission;
}
