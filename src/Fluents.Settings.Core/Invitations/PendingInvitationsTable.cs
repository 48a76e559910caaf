using Fluents.Settings.Members;

namespace Fluents.Settings.Invitations;

/// <summary>What an Admin can do with an invitation from the table's actions menu (R21).</summary>
[Flags]
public enum InvitationActions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Renew: only when expired.</summary>
    Renew = 1,

    /// <summary>Resend: only when pending.</summary>
    Resend = 2,

    /// <summary>Revoke: pending or expired.</summary>
    Revoke = 4,
}

/// <summary>One row of the Pending Invitations table (R20).</summary>
/// <param name="Invitation">The invitation's id.</param>
/// <param name="Email">The invited email.</param>
/// <param name="Role">The offered role.</param>
/// <param name="InvitedBy">The inviting Admin's name.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="Status">Pending or Expired at the instant the table was built.</param>
/// <param name="Actions">What the actions menu offers.</param>
public sealed record PendingInvitationRow(InvitationId Invitation, string Email, Role Role, string InvitedBy, Instant ExpiresAt, InvitationStatus Status, InvitationActions Actions);
