using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Invitations;

/// <summary>An invitation's status at an instant (R20).</summary>
public enum InvitationStatus
{
    /// <summary>Open and before its expiry: the link works.</summary>
    Pending = 1,

    /// <summary>Open and at or after its expiry (the boundary instant is expired); an Admin may renew it.</summary>
    Expired = 2,

    /// <summary>Accepted: the invited user is a member.</summary>
    Accepted = 3,

    /// <summary>Revoked by an Admin.</summary>
    Revoked = 4,
}

/// <summary>Where an invitation's life has ended, if it has.</summary>
public enum InvitationState
{
    /// <summary>Not accepted or revoked: pending or expired, by the clock.</summary>
    Open = 1,

    /// <summary>Accepted.</summary>
    Accepted = 2,

    /// <summary>Revoked.</summary>
    Revoked = 3,
}

/// <summary>
/// An email invitation to join the account with a role (R19–R22). Only the SHA-256 of its token is
/// kept (R23). Changed only through <see cref="Accounts.Account"/>.
/// </summary>
public sealed class Invitation
{
    internal Invitation(
        InvitationId id, EmailAddress email, Role role, UserId invitedBy, PersonName invitedByName,
        Instant createdAt, Instant expiresAt, SecretHash tokenHash, InvitationState state, Instant? closedAt, UserId? acceptedBy)
    {
        Id = id;
        Email = email;
        Role = role;
        InvitedBy = invitedBy;
        InvitedByName = invitedByName;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        TokenHash = tokenHash;
        State = state;
        ClosedAt = closedAt;
        AcceptedBy = acceptedBy;
    }

    /// <summary>The invitation's id.</summary>
    public InvitationId Id { get; }

    /// <summary>The invited email address (R18).</summary>
    public EmailAddress Email { get; }

    /// <summary>The role the user gets on accepting.</summary>
    public Role Role { get; }

    /// <summary>The Admin who invited.</summary>
    public UserId InvitedBy { get; }

    /// <summary>The inviter's name when they invited (the table still shows it after they leave).</summary>
    public PersonName InvitedByName { get; }

    /// <summary>When the invitation was first sent.</summary>
    public Instant CreatedAt { get; }

    /// <summary>From this instant on the invitation is expired (R20).</summary>
    public Instant ExpiresAt { get; internal set; }

    /// <summary>The SHA-256 of the current token; a renew or resend replaces it (R21).</summary>
    internal SecretHash TokenHash { get; set; }

    /// <summary>Open, accepted or revoked.</summary>
    public InvitationState State { get; internal set; }

    /// <summary>When it was accepted or revoked.</summary>
    public Instant? ClosedAt { get; internal set; }

    /// <summary>The user who accepted it.</summary>
    public UserId? AcceptedBy { get; internal set; }

    /// <summary>Whether it is pending or expired (R19: at most one open invitation per email).</summary>
    public bool IsOpen => State == InvitationState.Open;

    /// <summary>The status at <paramref name="now"/> (R20): expired from <see cref="ExpiresAt"/> on, never back except by a renew.</summary>
    /// <param name="now">The instant to judge at.</param>
    /// <returns>The status.</returns>
    public InvitationStatus StatusAt(Instant now) => State switch
    {
        InvitationState.Accepted => InvitationStatus.Accepted,
        InvitationState.Revoked => InvitationStatus.Revoked,
        _ => now < ExpiresAt ? InvitationStatus.Pending : InvitationStatus.Expired,
    };

    /// <summary>The id, email, role and state, for logs (never the token).</summary>
    /// <returns>For example <c>Invitation 0196… to ada@example.com as Member (Open)</c>.</returns>
    public override string ToString() => $"Invitation {Id} to {Email} as {Role} ({State})";
}
