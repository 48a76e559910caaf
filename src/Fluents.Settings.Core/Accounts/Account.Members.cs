using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>
    /// Changes another member's role (Admin only, R15). An Admin cannot change their own role (R17), and the
    /// last Admin cannot be demoted (R16). The last-Admin rule is checked before the actor's role and their own-role
    /// rule, so a member whose Admin role was just taken by a concurrent change, and the last Admin demoting
    /// themselves, are told <see cref="LastAdmin"/>, the real reason. A system actor is refused before all of them: managing
    /// members is member-only in the permission table (R29).
    /// </summary>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="member">The member whose role changes.</param>
    /// <param name="newRole">The new role.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when the role is unchanged), or why it was refused.</returns>
    /// <exception cref="ArgumentException"><paramref name="newRole"/> is not a defined role.</exception>
    public ChangeRoleOutcome ChangeRole(Actor actor, UserId member, Role newRole, Instant now)
    {
        Guard.Against.EnumOutOfRange(newRole);
        Guard.Against.Default(actor);
        Guard.Against.Default(member);
        if (actor.IsSystemActor && Deny(actor, Permission.ManageMembers) is { } refused) return refused; // R29: the table says members only
        if (!_members.TryGet(actor.UserOrDefault, out var acting)) return new NotPermitted(actor, Permission.ManageMembers, null);
        if (!_members.TryGet(member, out var target)) return new MemberNotFound(member);
        // R16 comes first. Before R17: the last Admin demoting themselves is told the real reason, not "ask another
        // Admin" when there is none. Before the actor's role: when two Admins demote each other at once, the one
        // applied second (re-checked on fresh state, where its actor is no longer an Admin) is refused for the rule that matters.
        if (_members.LastAdminStays(target, LastAdminAction.Demote, newRole) is { } lastAdmin) return lastAdmin; // R16
        if (member == acting.UserId) return new CannotChangeOwnRole(member); // R17
        if (!acting.Role.Allows(Permission.ManageMembers)) return new NotPermitted(actor, Permission.ManageMembers, acting.Role);
        if (target.Role == newRole) return default(Success);

        var from = target.Role;
        _members.ChangeRole(target, newRole);
        Record(new MemberRoleChanged(Id, now, member, target.Name.Value, from, newRole));
        Changed(Recorded(acting));
        return default(Success);
    }

    /// <summary>Removes a member from the account (Admin only, R15); it revokes their access to every environment (R17). The last Admin cannot be removed (R16).</summary>
    /// <param name="actor">The acting Admin (a member: a system actor may not manage members, R29).</param>
    /// <param name="member">The member to remove.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success, or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public RemoveMemberOutcome RemoveMember(Actor actor, UserId member, Instant now)
    {
        Guard.Against.Default(member);
        if (Deny(actor, Permission.ManageMembers, out var who) is { } denied) return denied;
        if (!_members.TryGet(member, out var target)) return new MemberNotFound(member);
        if (_members.LastAdminStays(target, LastAdminAction.Remove) is { } lastAdmin) return lastAdmin; // R16

        _members.Remove(target);
        Record(new MemberRemoved(Id, now, member, target.Name.Value));
        Changed(who);
        return default(Success);
    }

    /// <summary>Leaves the account (any member, for themselves, R17), unless they are its last Admin (R16).</summary>
    /// <param name="actor">The member leaving (a user: a system actor is never a member, so it cannot leave, R29).</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success, or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public LeaveOutcome Leave(UserId actor, Instant now)
    {
        Guard.Against.Default(actor);
        if (!_members.TryGet(actor, out var target)) return new MemberNotFound(actor);
        if (_members.LastAdminStays(target, LastAdminAction.Leave) is { } lastAdmin) return lastAdmin; // R16

        _members.Remove(target);
        Record(new MemberLeft(Id, now, actor));
        Changed(Recorded(target));
        return default(Success);
    }
}
