using Fluents.Settings.Actors;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Text;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>Settings → Environments (any member, R14): every environment, hidden ones included, oldest first.</summary>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <returns>The table, or <see cref="NotPermitted"/> for a user who is not a member.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ViewOutcome<EnvironmentsTable> ViewEnvironments(Actor viewer)
    {
        if (Deny(viewer, Permission.ViewEnvironments) is { } denied) return denied;
        var rows = _environments.Values
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id.Value)
            .Select(e => new EnvironmentRow(e.Id, e.Name.Value, e.ApiKeyHint.Masked, e.MaxConcurrentCalls.Value, e.CreatedAt, e.Hidden, e.PreviousApiKeyValidUntil))
            .ToArray();
        var allocation = _environments.Allocation;
        return new EnvironmentsTable(rows, PlanLimit, allocation.Allocated, allocation.Unallocated, allocation.IsOverAllocated);
    }

    /// <summary>The environment selector (any member): visible environments only, oldest first (R4).</summary>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <returns>The options, or <see cref="NotPermitted"/> for a user who is not a member.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ViewOutcome<IReadOnlyList<EnvironmentOption>> ViewEnvironmentSelector(Actor viewer)
    {
        if (Deny(viewer, Permission.ViewEnvironments) is { } denied) return denied;
        return _environments.Values
            .Where(e => !e.Hidden)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id.Value)
            .Select(e => new EnvironmentOption(e.Id, e.Name.Value))
            .ToArray();
    }

    /// <summary>Settings → Users (any member): everyone with access, by name.</summary>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <returns>The rows, or <see cref="NotPermitted"/> for a user who is not a member.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ViewOutcome<IReadOnlyList<UserRow>> ViewUsers(Actor viewer)
    {
        if (Deny(viewer, Permission.ViewMembers) is { } denied) return denied;
        return _members.Values
            .OrderBy(m => m.Name.Value, CaselessNameComparer.Instance).ThenBy(m => m.UserId.Value) // the same order on every host (R33)
            .Select(m => new UserRow(m.UserId, m.Name.Value, m.Role, m.Email.Value))
            .ToArray();
    }

    /// <summary>The Pending Invitations table at <paramref name="now"/> (any member, R20): open invitations, soonest expiry first, with the actions each allows (Renew only when expired).</summary>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="now">The instant the statuses are judged at.</param>
    /// <returns>The rows, or <see cref="NotPermitted"/> for a user who is not a member.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ViewOutcome<IReadOnlyList<PendingInvitationRow>> ViewPendingInvitations(Actor viewer, Instant now)
    {
        if (Deny(viewer, Permission.ViewInvitations) is { } denied) return denied;
        var open = _invitations.Open;
        var rows = new List<PendingInvitationRow>(open.Count);
        foreach (var invitation in open)
        {
            var status = invitation.StatusAt(now);
            var actions = InvitationActions.Revoke | (status == InvitationStatus.Expired ? InvitationActions.Renew : InvitationActions.Resend);
            rows.Add(new PendingInvitationRow(invitation.Id, invitation.Email.Value, invitation.Role, invitation.InvitedByName.Value, invitation.ExpiresAt, status, actions));
        }
        rows.Sort((a, b) => a.ExpiresAt != b.ExpiresAt ? a.ExpiresAt.CompareTo(b.ExpiresAt) : a.Invitation.Value.CompareTo(b.Invitation.Value));
        return rows;
    }
}
