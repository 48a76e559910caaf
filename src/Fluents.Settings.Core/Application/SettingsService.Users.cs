using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.Application;

public sealed partial class SettingsService
{
    /// <summary>Settings → Users (see <see cref="Account.ViewUsers"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ViewResult<IReadOnlyList<UserRow>>> ListUsersAsync(AccountId account, Actor viewer, CancellationToken cancellationToken = default) =>
        ViewAsync(account, viewer, (a, _) => a.ViewUsers(viewer), cancellationToken);

    /// <summary>The Pending Invitations table, statuses judged now (see <see cref="Account.ViewPendingInvitations"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ViewResult<IReadOnlyList<PendingInvitationRow>>> ListPendingInvitationsAsync(AccountId account, Actor viewer, CancellationToken cancellationToken = default) =>
        ViewAsync(account, viewer, (a, now) => a.ViewPendingInvitations(viewer, now), cancellationToken);

    /// <summary>
    /// Add User: invite an email with a role (see <see cref="Account.Invite"/>). After the save, the mailer gets the
    /// one-time token; if it fails, the invitation stays saved and the result says the email was not delivered.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="email">The address to invite.</param>
    /// <param name="role">The role offered.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<InviteResult> InviteAsync(
        AccountId account, Actor actor, string email, Role role, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(email);
        Guard.Against.EnumOutOfRange(role);
        return ChangeAsync<InviteResult, InvitationDispatched, IssuedInvitation>(
            account,
            actor,
            (a, now) => a.Invite(actor, email, role, now, _secrets),
            (a, issued, afterSave) => DeliverAsync(a, issued, InvitationEmailKind.Invite, afterSave),
            cancellationToken,
            (a, issued) => EmailOf(a, issued, InvitationEmailKind.Invite));
    }

    /// <summary>Resend a pending invitation with a new token (see <see cref="Account.ResendInvitation"/>); mailed like <see cref="InviteAsync"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="invitation">The invitation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ResendInvitationResult> ResendInvitationAsync(
        AccountId account, Actor actor, InvitationId invitation, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(invitation);
        return ChangeAsync<ResendInvitationResult, InvitationDispatched, IssuedInvitation>(
            account,
            actor,
            (a, now) => a.ResendInvitation(actor, invitation, now, _secrets),
            (a, issued, afterSave) => DeliverAsync(a, issued, InvitationEmailKind.Resend, afterSave),
            cancellationToken,
            (a, issued) => EmailOf(a, issued, InvitationEmailKind.Resend));
    }

    /// <summary>Renew an expired invitation: new token, new expiry, pending again (see <see cref="Account.RenewInvitation"/>); mailed like <see cref="InviteAsync"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="invitation">The invitation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<RenewInvitationResult> RenewInvitationAsync(
        AccountId account, Actor actor, InvitationId invitation, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(invitation);
        return ChangeAsync<RenewInvitationResult, InvitationDispatched, IssuedInvitation>(
            account,
            actor,
            (a, now) => a.RenewInvitation(actor, invitation, now, _secrets),
            (a, issued, afterSave) => DeliverAsync(a, issued, InvitationEmailKind.Renew, afterSave),
            cancellationToken,
            (a, issued) => EmailOf(a, issued, InvitationEmailKind.Renew));
    }

    /// <summary>Revoke a pending or expired invitation (see <see cref="Account.RevokeInvitation"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="invitation">The invitation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<RevokeInvitationResult> RevokeInvitationAsync(
        AccountId account, Actor actor, InvitationId invitation, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(invitation);
        return ChangeAsync<RevokeInvitationResult, Success>(account, actor, (a, now) => a.RevokeInvitation(actor, invitation, now), cancellationToken);
    }

    /// <summary>Accept an invitation from its link (see <see cref="Account.AcceptInvitation"/>).</summary>
    /// <param name="account">The account in the link.</param>
    /// <param name="user">The signed-in user accepting.</param>
    /// <param name="name">Their name.</param>
    /// <param name="email">Their email as the identity provider knows it.</param>
    /// <param name="token">The token from the link.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<AcceptInvitationResult> AcceptInvitationAsync(
        AccountId account, UserId user, string name, string email, string token, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(name);
        Guard.Against.Null(email);
        var presented = InvitationToken.FromPresented(token);
        return ChangeAsync<AcceptInvitationResult, JoinedAccount>(account, user, (a, now) => a.AcceptInvitation(user, name, email, presented, now), cancellationToken);
    }

    /// <summary>Change role (see <see cref="Account.ChangeRole"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="member">The member whose role changes.</param>
    /// <param name="newRole">The new role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ChangeRoleResult> ChangeRoleAsync(
        AccountId account, Actor actor, UserId member, Role newRole, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(member);
        Guard.Against.EnumOutOfRange(newRole);
        return ChangeAsync<ChangeRoleResult, Success>(account, actor, (a, now) => a.ChangeRole(actor, member, newRole, now), cancellationToken);
    }

    /// <summary>Remove a user from the account (see <see cref="Account.RemoveMember"/>). Handlers get <see cref="MemberRemoved"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="member">The member to remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<RemoveMemberResult> RemoveMemberAsync(
        AccountId account, Actor actor, UserId member, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(member);
        return ChangeAsync<RemoveMemberResult, Success>(account, actor, (a, now) => a.RemoveMember(actor, member, now), cancellationToken);
    }

    /// <summary>Leave the account (see <see cref="Account.Leave"/>). Handlers get <see cref="MemberLeft"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The member leaving.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<LeaveResult> LeaveAsync(AccountId account, UserId actor, CancellationToken cancellationToken = default) =>
        ChangeAsync<LeaveResult, Success>(account, actor, (a, now) => a.Leave(actor, now), cancellationToken);

    /// <summary>Set how long new invitations stay valid (see <see cref="Account.SetInvitationValidity"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting Admin.</param>
    /// <param name="validity">1 hour to 30 days.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<SetInvitationValidityResult> SetInvitationValidityAsync(
        AccountId account, Actor actor, Duration validity, CancellationToken cancellationToken = default) =>
        ChangeAsync<SetInvitationValidityResult, Success>(account, actor, (a, now) => a.SetInvitationValidity(actor, validity, now), cancellationToken);

    private static InvitationEmail EmailOf(Account account, IssuedInvitation issued, InvitationEmailKind kind) =>
        new(account.Id, issued.Invitation, issued.Email, issued.InvitedByName.Value, issued.Role, issued.Token, issued.ExpiresAt, kind);

    // Runs after the save: the invitation is stored whatever the mailer does (the admin can resend). Any failure,
    // a cancellation by the after-save timeout included, is "not delivered"; the token is scrubbed from what is kept.
    // With an outbox repository the save stored the email (R32) and its relay sends it: the result says Queued.
    private async Task<InvitationDispatched> DeliverAsync(Account account, IssuedInvitation issued, InvitationEmailKind kind, CancellationToken afterSave)
    {
        if (_outbox is not null)
            return new InvitationDispatched(issued.Invitation, issued.Email, issued.Role, issued.ExpiresAt, Delivered: false, DeliveryFailure: null) { Queued = true };
        var email = EmailOf(account, issued, kind);
        try
        {
            await _mailer.SendAsync(email, afterSave).ConfigureAwait(false);
            return new InvitationDispatched(issued.Invitation, issued.Email, issued.Role, issued.ExpiresAt, Delivered: true, DeliveryFailure: null);
        }
        catch (Exception failure)
        {
            var reason = failure is OperationCanceledException && afterSave.IsCancellationRequested
                ? $"The mailer did not finish within the after-save timeout of {_afterSaveTimeout}."
                : DeliveryFailures.Describe(failure, issued.Token);
            return new InvitationDispatched(issued.Invitation, issued.Email, issued.Role, issued.ExpiresAt, Delivered: false, DeliveryFailure: reason);
        }
    }
}

/// <summary>
/// A saved invitation and whether its email went out. The token is not here: it went to the mailer only. When
/// <see cref="Delivered"/> is false the invitation is still saved; resend it once mail works again.
/// </summary>
/// <param name="Invitation">The invitation.</param>
/// <param name="Email">The invited address.</param>
/// <param name="Role">The offered role.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="Delivered">Whether the mailer accepted the email (always false when it was <see cref="Queued"/>).</param>
/// <param name="DeliveryFailure">
/// Why the mailer did not deliver it: the exception's type name and its message with every trace of the token removed
/// (a mailer's message may quote the invite link), e.g. <c>SmtpException: 421 Service not available</c>.
/// </param>
public sealed record InvitationDispatched(InvitationId Invitation, EmailAddress Email, Role Role, Instant ExpiresAt, bool Delivered, string? DeliveryFailure)
{
    /// <summary>
    /// Whether the email was stored with the change, in its transaction, for the store's relay to send (an
    /// <see cref="IOutboxAccountRepository"/>, R32): then it is not <see cref="Delivered"/> yet, but it is not lost either, even if
    /// this process dies now. False when the service called the mailer itself.
    /// </summary>
    public bool Queued { get; init; }
}
