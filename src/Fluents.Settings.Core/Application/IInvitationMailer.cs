using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Application;

/// <summary>Port: sends invitation emails. Called only after the invitation was saved.</summary>
public interface IInvitationMailer
{
    /// <summary>Sends one invitation email. Throwing means "not delivered": the invitation stays saved and the admin can resend.</summary>
    /// <param name="email">Everything the email needs, including the one-time accept token.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the email was handed over.</returns>
    Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default);
}

/// <summary>
/// Everything an invitation email needs. <see cref="Token"/> is the plaintext accept token (R23): put it in the
/// link and nowhere else; <see cref="ToString"/> redacts it.
/// </summary>
/// <param name="Account">The account the user is invited to.</param>
/// <param name="Invitation">The invitation's id (part of the accept link).</param>
/// <param name="To">The invited address.</param>
/// <param name="InvitedByName">The inviting Admin's name.</param>
/// <param name="Role">The offered role.</param>
/// <param name="Token">The one-time accept token.</param>
/// <param name="ExpiresAt">When the invitation expires.</param>
/// <param name="Kind">Whether this is the first email, a resend or a renewal.</param>
public sealed record InvitationEmail(AccountId Account, InvitationId Invitation, EmailAddress To, string InvitedByName, Role Role, InvitationToken Token, Instant ExpiresAt, InvitationEmailKind Kind);

/// <summary>Why an invitation email is sent.</summary>
public enum InvitationEmailKind
{
    /// <summary>A new invitation.</summary>
    Invite = 1,

    /// <summary>A pending invitation sent again with a new token.</summary>
    Resend = 2,

    /// <summary>An expired invitation renewed with a new token and expiry.</summary>
    Renew = 3,
}
