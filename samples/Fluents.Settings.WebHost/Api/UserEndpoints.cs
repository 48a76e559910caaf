using System.Security.Claims;
using Fluents.Settings.Application;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using static Fluents.Settings.WebHost.Api.SettingsApi;

namespace Fluents.Settings.WebHost.Api;

/// <summary>Settings → Users: the members, their roles, and removing them.</summary>
public static class UserEndpoints
{
    /// <summary>A member of the account.</summary>
    /// <param name="Id">Their user id.</param>
    /// <param name="Name">User.</param>
    /// <param name="Role">Role.</param>
    /// <param name="Email">Email.</param>
    public sealed record UserResponse(Guid Id, string Name, Role Role, string Email);

    /// <summary>A new role.</summary>
    /// <param name="Role">Admin or Member.</param>
    public sealed record ChangeRoleRequest(Role Role);

    internal static void MapUserEndpoints(this RouteGroupBuilder account)
    {
        account.MapGet("/users", async (Guid account, ClaimsPrincipal user, SettingsService settings, CancellationToken cancellationToken) =>
            Respond(await settings.ListUsersAsync(new(account), Actor(user), cancellationToken),
                rows => TypedResults.Ok(rows.Select(row => new UserResponse(row.User.Value, row.Name, row.Role, row.Email)).ToList())))
            .WithName("ListUsers").Produces<List<UserResponse>>().ProducesProblem(StatusCodes.Status403Forbidden);

        account.MapPut("/users/{member:guid}/role", async (Guid account, Guid member, ChangeRoleRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
        {
            if (!TryId(member)) return InvalidId("user");
            if (!Enum.IsDefined(request.Role)) return Problems.Invalid("role is Admin or Member.");
            return Respond(await afterSave.SavedAsync(settings.ChangeRoleAsync(new(account), Actor(user), new UserId(member), request.Role, cancellationToken)));
        }).WithName("ChangeRole").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);

        account.MapDelete("/users/{member:guid}", async (Guid account, Guid member, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(member)
                ? Respond(await afterSave.SavedAsync(settings.RemoveMemberAsync(new(account), Actor(user), new UserId(member), cancellationToken)))
                : InvalidId("user"))
            .WithName("RemoveMember").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }
}

/// <summary>Settings → Users → Pending Invitations: invite, renew, resend, revoke.</summary>
public static class InvitationEndpoints
{
    /// <summary>An open invitation (pending or expired).</summary>
    /// <param name="Id">The invitation's id.</param>
    /// <param name="Email">Email.</param>
    /// <param name="Role">The role it grants.</param>
    /// <param name="InvitedBy">Invited By.</param>
    /// <param name="ExpiresAt">Expires At.</param>
    /// <param name="Status">Status.</param>
    /// <param name="Actions">What an Admin may do with it now: <c>Renew</c> (expired), <c>Resend</c> (pending), <c>Revoke</c>.</param>
    public sealed record InvitationResponse(Guid Id, string Email, Role Role, string InvitedBy, DateTimeOffset ExpiresAt, InvitationStatus Status, IReadOnlyList<string> Actions);

    /// <summary>An invitation to send.</summary>
    /// <param name="Email">Whom to invite.</param>
    /// <param name="Role">The role they will have.</param>
    public sealed record InviteRequest(string Email, Role Role);

    /// <summary>An invitation sent (or queued): the token went to the invitee's mailbox only.</summary>
    /// <param name="Id">The invitation's id.</param>
    /// <param name="Email">The canonical email.</param>
    /// <param name="Role">The role.</param>
    /// <param name="ExpiresAt">When it expires.</param>
    /// <param name="Delivered">Whether the mailer took it (false: Resend later).</param>
    public sealed record InvitationSentResponse(Guid Id, string Email, Role Role, DateTimeOffset ExpiresAt, bool Delivered);

    internal static void MapInvitationEndpoints(this RouteGroupBuilder account)
    {
        account.MapGet("/invitations", async (Guid account, ClaimsPrincipal user, SettingsService settings, CancellationToken cancellationToken) =>
            Respond(await settings.ListPendingInvitationsAsync(new(account), Actor(user), cancellationToken), rows => TypedResults.Ok(rows.Select(row => new InvitationResponse(
                row.Invitation.Value, row.Email, row.Role, row.InvitedBy, JsonTime(row.ExpiresAt), row.Status,
                Enum.GetValues<InvitationActions>().Where(action => action != InvitationActions.None && row.Actions.HasFlag(action)).Select(action => action.ToString()).ToList())).ToList())))
            .WithName("ListInvitations").Produces<List<InvitationResponse>>();

        account.MapPost("/invitations", async (Guid account, InviteRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
        {
            if (request.Email is null) return Problems.Invalid("email is required.");
            if (!Enum.IsDefined(request.Role)) return Problems.Invalid("role is Admin or Member.");
            return Respond(await afterSave.SavedAsync(settings.InviteAsync(new(account), Actor(user), request.Email, request.Role, cancellationToken)),
                sent => TypedResults.Created($"/api/accounts/{account}/invitations/{sent.Invitation}", Sent(sent)));
        }).WithName("Invite").Produces<InvitationSentResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);

        account.MapPost("/invitations/{invitation:guid}/renew", async (Guid account, Guid invitation, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(invitation)
                ? Respond(await afterSave.SavedAsync(settings.RenewInvitationAsync(new(account), Actor(user), new InvitationId(invitation), cancellationToken)), sent => TypedResults.Ok(Sent(sent)))
                : InvalidId("invitation"))
            .WithName("RenewInvitation").Produces<InvitationSentResponse>().ProducesProblem(StatusCodes.Status409Conflict);

        account.MapPost("/invitations/{invitation:guid}/resend", async (Guid account, Guid invitation, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(invitation)
                ? Respond(await afterSave.SavedAsync(settings.ResendInvitationAsync(new(account), Actor(user), new InvitationId(invitation), cancellationToken)), sent => TypedResults.Ok(Sent(sent)))
                : InvalidId("invitation"))
            .WithName("ResendInvitation").Produces<InvitationSentResponse>().ProducesProblem(StatusCodes.Status409Conflict);

        account.MapPost("/invitations/{invitation:guid}/revoke", async (Guid account, Guid invitation, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(invitation)
                ? Respond(await afterSave.SavedAsync(settings.RevokeInvitationAsync(new(account), Actor(user), new InvitationId(invitation), cancellationToken)))
                : InvalidId("invitation"))
            .WithName("RevokeInvitation").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static InvitationSentResponse Sent(InvitationDispatched sent) =>
        new(sent.Invitation.Value, sent.Email.Value, sent.Role, JsonTime(sent.ExpiresAt), sent.Delivered);
}
