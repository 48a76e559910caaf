using Fluents.Settings.Accounts;
using Fluents.Settings.Members;

namespace Fluents.Settings.Invitations;

/// <summary>
/// An invitation was sent (the token is not in the event; it is in the operation's result, once). The inviting Admin is
/// the event's <see cref="DomainEvent.Actor"/>.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Invitation">The invitation.</param>
/// <param name="Email">The invited email.</param>
/// <param name="Role">The offered role.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record InvitationSent(AccountId AccountId, Instant OccurredAt, InvitationId Invitation, string Email, Role Role, Instant ExpiresAt) : DomainEvent(AccountId, OccurredAt);

/// <summary>An expired invitation was renewed: new token, an expiry moved from <paramref name="PreviousExpiresAt"/> to <paramref name="ExpiresAt"/>, pending again (R21).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Invitation">The invitation.</param>
/// <param name="Email">The invited email.</param>
/// <param name="PreviousExpiresAt">The expiry it had (in the past).</param>
/// <param name="ExpiresAt">The new expiry.</param>
public sealed record InvitationRenewed(AccountId AccountId, Instant OccurredAt, InvitationId Invitation, string Email, Instant PreviousExpiresAt, Instant ExpiresAt) : DomainEvent(AccountId, OccurredAt);

/// <summary>A pending invitation was resent with a new token; its expiry is unchanged (R21).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Invitation">The invitation.</param>
/// <param name="Email">The invited email.</param>
public sealed record InvitationResent(AccountId AccountId, Instant OccurredAt, InvitationId Invitation, string Email) : DomainEvent(AccountId, OccurredAt);

/// <summary>An invitation was revoked (R21). The revoking Admin is the event's <see cref="DomainEvent.Actor"/>.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Invitation">The invitation.</param>
/// <param name="Email">The invited email.</param>
public sealed record InvitationRevoked(AccountId AccountId, Instant OccurredAt, InvitationId Invitation, string Email) : DomainEvent(AccountId, OccurredAt);

/// <summary>An invitation was accepted; a <see cref="MemberJoined"/> follows (R22). The accepting user is also the event's <see cref="DomainEvent.Actor"/>.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Invitation">The invitation.</param>
/// <param name="Email">The invited email.</param>
/// <param name="User">The user who accepted.</param>
public sealed record InvitationAccepted(AccountId AccountId, Instant OccurredAt, InvitationId Invitation, string Email, UserId User) : DomainEvent(AccountId, OccurredAt);

/// <summary>An Admin changed how long new invitations stay valid.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="From">The old validity.</param>
/// <param name="To">The new validity.</param>
public sealed record InvitationValidityChanged(AccountId AccountId, Instant OccurredAt, Duration From, Duration To) : DomainEvent(AccountId, OccurredAt);
