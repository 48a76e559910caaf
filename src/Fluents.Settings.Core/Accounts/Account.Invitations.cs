using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>
    /// Invites an email address to join with a role (Admin only, R19). Refused for a member's email and for an
    /// email that already has an open (pending or expired) invitation. The invitation expires
    /// <see cref="InvitationValidity"/> after <paramref name="now"/>. Only the token's hash is kept (R23); the
    /// plaintext token is in the result, once, for the mailer.
    /// </summary>
    /// <param name="actor">The acting Admin (a member: a system actor may not invite, R29).</param>
    /// <param name="email">The address to invite (R18).</param>
    /// <param name="role">The role the user gets on accepting.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="random">The source of the id and token.</param>
    /// <returns>What the invitation email needs, or why it was refused.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> is not a defined role.</exception>
    public InviteOutcome Invite(
        Actor actor, string email, Role role, Instant now, ISecretGenerator random)
    {
        Guard.Against.Null(email);
        Guard.Against.EnumOutOfRange(role);
        Guard.Against.Null(random);
        if (Deny(actor, Permission.ManageInvitations, out var who) is { } denied) return denied;
        if (!EmailAddress.Create(email).TryPickT0(out var address, out var badEmail)) return badEmail;
        if (_invitations.OneOpenInvitationPerEmail(address, _members) is { } refused) // R19
            return refused.Match<InviteOutcome>(alreadyMember => alreadyMember, alreadyOpen => alreadyOpen);

        var token = InvitationToken.Issue(random);
        var inviter = _members[actor.UserOrDefault]; // ManageInvitations is member-only (R29): the inviter is a member
        var invitation = new Invitation(
            InvitationId.New(now, random), address, role, inviter.UserId, inviter.Name, now, now + InvitationValidity, token.Hash, InvitationState.Open, null, null);
        _invitations.Add(invitation);
        Record(new InvitationSent(Id, now, invitation.Id, address.Value, role, invitation.ExpiresAt));
        Changed(who);
        return Issued(invitation, token);
    }

    /// <summary>
    /// Renews an expired invitation (Admin only, R21): a new token (the old link stops working), a new expiry
    /// <see cref="InvitationValidity"/> after <paramref name="now"/>, and the invitation is pending again.
    /// </summary>
    /// <param name="actor">The acting Admin (a member: a system actor may not manage invitations, R29).</param>
    /// <param name="invitation">The invitation.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="random">The source of the token.</param>
    /// <returns>What the invitation email needs, or why it was refused (only an expired invitation can be renewed).</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public RenewInvitationOutcome RenewInvitation(Actor actor, InvitationId invitation, Instant now, ISecretGenerator random) =>
        Reissue(actor, invitation, InvitationActions.Renew, now, random).Match<RenewInvitationOutcome>(issued => issued, denied => denied, notFound => notFound, unavailable => unavailable);

    /// <summary>Resends a pending invitation (Admin only, R21) with a new token; the old link stops working and the expiry does not move.</summary>
    /// <param name="actor">The acting Admin (a member: a system actor may not manage invitations, R29).</param>
    /// <param name="invitation">The invitation.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="random">The source of the token.</param>
    /// <returns>What the invitation email needs, or why it was refused (only a pending invitation can be resent).</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public ResendInvitationOutcome ResendInvitation(Actor actor, InvitationId invitation, Instant now, ISecretGenerator random) =>
        Reissue(actor, invitation, InvitationActions.Resend, now, random).Match<ResendInvitationOutcome>(issued => issued, denied => denied, notFound => notFound, unavailable => unavailable);

    /// <summary>Revokes a pending or expired invitation (Admin only, R21); its link stops working and the email may be invited again.</summary>
    /// <param name="actor">The acting Admin (a member: a system actor may not manage invitations, R29).</param>
    /// <param name="invitation">The invitation.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success, or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public RevokeInvitationOutcome RevokeInvitation(Actor actor, InvitationId invitation, Instant now)
    {
        Guard.Against.Default(invitation);
        if (Deny(actor, Permission.ManageInvitations, out var who) is { } denied) return denied;
        if (!_invitations.TryGet(invitation, out var target)) return new InvitationNotFound(invitation);
        if (!target.IsOpen) return new InvitationActionUnavailable(invitation, target.StatusAt(now), InvitationActions.Revoke);

        _invitations.Close(target, InvitationState.Revoked, now, acceptedBy: null);
        Record(new InvitationRevoked(Id, now, invitation, target.Email.Value));
        Changed(who);
        return default(Success);
    }

    /// <summary>
    /// Accepts an invitation (R22): the token must match one of the account's invitations (hashes compared in
    /// constant time), the invitation must be pending at <paramref name="now"/>, and the accepting user's email must
    /// be the invited one (R18). The user becomes a member with the invited role; the token works once.
    /// </summary>
    /// <param name="user">The accepting user (not yet a member; a user, never a system actor, which never becomes a member, R29).</param>
    /// <param name="name">Their display name.</param>
    /// <param name="email">Their email address, as their identity provider knows it.</param>
    /// <param name="token">The token from the invitation link.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The new member, or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public AcceptInvitationOutcome AcceptInvitation(
        UserId user, string name, string email, InvitationToken token, Instant now)
    {
        Guard.Against.Default(user);
        Guard.Against.Null(name);
        Guard.Against.Null(email);
        Guard.Against.Null(token);
        if (!EmailAddress.Create(email).TryPickT0(out var address, out var badEmail)) return badEmail;
        if (!PersonName.Create(name).TryPickT0(out var personName, out var badName)) return badName;
        if (_invitations.FindByToken(token.Hash) is not { } invitation) return new InvitationTokenMismatch();
        switch (invitation.StatusAt(now))
        {
            case InvitationStatus.Accepted: return new InvitationAlreadyAccepted(invitation.Id); // R22: a token works once
            case InvitationStatus.Revoked: return new InvitationWasRevoked(invitation.Id);
            case InvitationStatus.Expired: return new InvitationExpired(invitation.Id, invitation.ExpiresAt);
        }
        if (!invitation.Email.Equals(address)) return new InvitationEmailMismatch(invitation.Id); // R22
        if (_members.NotYetAMember(user, address) is { } alreadyMember) return alreadyMember;

        var member = new Member(user, personName, address, invitation.Role, now);
        _invitations.Close(invitation, InvitationState.Accepted, now, user);
        _members.Add(member);
        Record(new InvitationAccepted(Id, now, invitation.Id, invitation.Email.Value, user));
        Record(new MemberJoined(Id, now, user, member.Role));
        Changed(Recorded(member));
        return new JoinedAccount(invitation.Id, member);
    }

    /// <summary>Sets how long new invitations stay valid (Admin only; 1 hour to 30 days, R19). Invitations already sent keep their expiry.</summary>
    /// <param name="actor">The acting Admin (a member: a system actor may not manage invitations, R29).</param>
    /// <param name="validity">The new validity.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when unchanged), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public SetInvitationValidityOutcome SetInvitationValidity(Actor actor, Duration validity, Instant now)
    {
        if (Deny(actor, Permission.ChangeSettings, out var who) is { } denied) return denied;
        if (!InvitationPolicy.IsAllowed(validity)) return new InvalidInvitationValidity(validity);
        if (validity == InvitationValidity) return default(Success);

        Record(new InvitationValidityChanged(Id, now, InvitationValidity, validity));
        InvitationValidity = validity;
        Changed(who);
        return default(Success);
    }

    // Renew and resend both replace the token, so the old link stops working (R21); only renew moves the expiry. Each
    // returns its own outcome type, so this shared part returns a OneOf that they convert.
    private OneOf<IssuedInvitation, NotPermitted, InvitationNotFound, InvitationActionUnavailable> Reissue(
        Actor actor, InvitationId invitation, InvitationActions action, Instant now, ISecretGenerator random)
    {
        Guard.Against.Default(invitation);
        Guard.Against.Null(random);
        if (Deny(actor, Permission.ManageInvitations, out var who) is { } denied) return denied;
        if (!_invitations.TryGet(invitation, out var target)) return new InvitationNotFound(invitation);
        var status = target.StatusAt(now);
        var required = action == InvitationActions.Renew ? InvitationStatus.Expired : InvitationStatus.Pending;
        if (status != required) return new InvitationActionUnavailable(invitation, status, action);

        var token = InvitationToken.Issue(random);
        target.TokenHash = token.Hash;
        if (action == InvitationActions.Renew)
        {
            var previousExpiry = target.ExpiresAt;
            target.ExpiresAt = now + InvitationValidity; // pending again: now < ExpiresAt because validity ≥ 1 hour
            Record(new InvitationRenewed(Id, now, invitation, target.Email.Value, previousExpiry, target.ExpiresAt));
        }
        else
        {
            Record(new InvitationResent(Id, now, invitation, target.Email.Value));
        }
        Changed(who);
        return Issued(target, token);
    }

    private static IssuedInvitation Issued(Invitation invitation, InvitationToken token) =>
        new(invitation.Id, invitation.Email, invitation.Role, invitation.InvitedByName, token, invitation.ExpiresAt);
}
