namespace Fluents.Settings.Invitations;

/// <summary>No invitation with this id exists in the account.</summary>
/// <param name="Invitation">The id asked for.</param>
public sealed record InvitationNotFound(InvitationId Invitation) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.not_found";

    /// <inheritdoc />
    public override string Message => $"No invitation {Invitation} exists in this account.";
}

/// <summary>The email already has an open (pending or expired) invitation to this account (R19).</summary>
/// <param name="Existing">The open invitation; renew, resend or revoke it instead.</param>
/// <param name="Email">The normalized email.</param>
public sealed record InvitationAlreadyOpen(InvitationId Existing, string Email) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.already_open";

    /// <inheritdoc />
    public override string Message => $"{Email} already has an open invitation; resend, renew or revoke it instead.";
}

/// <summary>The action needs an invitation in another status (R21): resend needs Pending, renew needs Expired, revoke needs Pending or Expired.</summary>
/// <param name="Invitation">The invitation.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Action">The action that was refused: <see cref="InvitationActions.Resend"/>, <see cref="InvitationActions.Renew"/> or <see cref="InvitationActions.Revoke"/>.</param>
public sealed record InvitationActionUnavailable(InvitationId Invitation, InvitationStatus Status, InvitationActions Action) : DomainError
{
    /// <inheritdoc />
    public override string Code => Action switch
    {
        InvitationActions.Renew => "invitation.renew_unavailable",
        InvitationActions.Resend => "invitation.resend_unavailable",
        _ => "invitation.revoke_unavailable",
    };

    /// <inheritdoc />
    public override string Message => Action switch
    {
        InvitationActions.Renew => $"Only an expired invitation can be renewed; this one is {Status}.",
        InvitationActions.Resend => $"Only a pending invitation can be resent; this one is {Status}.",
        _ => $"Only a pending or expired invitation can be revoked; this one is {Status}.",
    };
}

/// <summary>The presented token matches no invitation of the account (wrong, or replaced by a renew or resend) (R21, R22).</summary>
public sealed record InvitationTokenMismatch : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.token_mismatch";

    /// <inheritdoc />
    public override string Message => "This invitation link is not valid. It may have been replaced by a newer one; ask an Admin to resend it.";
}

/// <summary>The invitation was for another email than the accepting user's (R22).</summary>
/// <param name="Invitation">The invitation.</param>
public sealed record InvitationEmailMismatch(InvitationId Invitation) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.email_mismatch";

    /// <inheritdoc />
    public override string Message => "This invitation was sent to a different email address; sign in with the invited address.";
}

/// <summary>The invitation expired before it was accepted (R20, R22).</summary>
/// <param name="Invitation">The invitation.</param>
/// <param name="ExpiredAt">When it expired.</param>
public sealed record InvitationExpired(InvitationId Invitation, Instant ExpiredAt) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.expired";

    /// <inheritdoc />
    public override string Message => "This invitation has expired; ask an Admin to renew it.";
}

/// <summary>The invitation was revoked (R21).</summary>
/// <param name="Invitation">The invitation.</param>
public sealed record InvitationWasRevoked(InvitationId Invitation) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.revoked";

    /// <inheritdoc />
    public override string Message => "This invitation was revoked.";
}

/// <summary>The invitation was already accepted: a token works once (R22).</summary>
/// <param name="Invitation">The invitation.</param>
public sealed record InvitationAlreadyAccepted(InvitationId Invitation) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.already_accepted";

    /// <inheritdoc />
    public override string Message => "This invitation has already been used.";
}

/// <summary>An invitation validity outside the allowed range (R19: 1 hour to 30 days).</summary>
/// <param name="Requested">The validity asked for.</param>
public sealed record InvalidInvitationValidity(Duration Requested) : DomainError
{
    /// <inheritdoc />
    public override string Code => "invitation.invalid_validity";

    /// <inheritdoc />
    public override string Message =>
        $"An invitation must be valid for between {InvitationPolicy.MinimumValidity.TotalHours:0} hour and {InvitationPolicy.MaximumValidity.Days} days.";
}
