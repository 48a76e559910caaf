using System.Security.Claims;
using Fluents.Settings.Application;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using static Fluents.Settings.WebHost.Api.SettingsApi;

namespace Fluents.Settings.WebHost.Api;

/// <summary>Opening an account, its plan, its invitation validity, and leaving it.</summary>
public static class AccountEndpoints
{
    /// <summary>A new account: its plan, and the acting user as its first Admin.</summary>
    /// <param name="PlanLimit">The plan's concurrent calls.</param>
    /// <param name="AdminName">The first Admin's name.</param>
    /// <param name="AdminEmail">The first Admin's email.</param>
    /// <param name="AccountId">An id of the caller's choosing, or none for a new one.</param>
    public sealed record OpenAccountRequest(int PlanLimit, string AdminName, string AdminEmail, Guid? AccountId = null);

    /// <summary>The opened account, with the <c>default</c> environment's API key, shown this once.</summary>
    /// <param name="AccountId">The account.</param>
    /// <param name="DefaultEnvironment">Its <c>default</c> environment.</param>
    /// <param name="ApiKey">That environment's API key.</param>
    public sealed record OpenedAccountResponse(Guid AccountId, Guid DefaultEnvironment, string ApiKey);

    /// <summary>A new plan limit.</summary>
    /// <param name="PlanLimit">The plan's concurrent calls.</param>
    public sealed record PlanRequest(int PlanLimit);

    /// <summary>How long new invitations stay open.</summary>
    /// <param name="ValidityHours">1 hour to 30 days, in hours.</param>
    public sealed record InvitationValidityRequest(int ValidityHours);

    internal static void MapAccountEndpoints(this RouteGroupBuilder api, RouteGroupBuilder account)
    {
        api.MapPost("/accounts", async (OpenAccountRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
        {
            if (request.AdminName is null || request.AdminEmail is null) return Problems.Invalid("adminName and adminEmail are required.");
            Accounts.AccountId? id = request.AccountId is { } given && given != Guid.Empty ? new Accounts.AccountId(given) : null;
            var opened = await afterSave.SavedAsync(settings.OpenAccountAsync(request.PlanLimit, Actor(user), request.AdminName, request.AdminEmail, id, cancellationToken));
            return Respond(opened, account => TypedResults.Created(
                $"/api/accounts/{account.Account.Id}/environments",
                new OpenedAccountResponse(account.Account.Id.Value, account.DefaultEnvironment.Value, account.DefaultEnvironmentKey.Reveal())));
        }).WithName("OpenAccount").Produces<OpenedAccountResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);

        account.MapPut("/plan", async (Guid account, PlanRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            Respond(await afterSave.SavedAsync(settings.ChangePlanLimitAsync(new(account), Actor(user), request.PlanLimit, cancellationToken))))
            .WithName("ChangePlanLimit").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);

        account.MapPut("/invitation-validity", async (Guid account, InvitationValidityRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            Respond(await afterSave.SavedAsync(settings.SetInvitationValidityAsync(new(account), Actor(user), Duration.FromHours(request.ValidityHours), cancellationToken))))
            .WithName("SetInvitationValidity").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest);

        account.MapPost("/leave", async (Guid account, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            Respond(await afterSave.SavedAsync(settings.LeaveAsync(new(account), Actor(user), cancellationToken))))
            .WithName("LeaveAccount").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);

        // A new user has no id yet: the identity provider would give one. Here the host mints it.
        api.MapPost("/invitations/accept", async (AcceptInvitationRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, IClock clock, ISecretGenerator secrets, CancellationToken cancellationToken) =>
        {
            if (request.Token is null || request.Name is null || request.Email is null) return Problems.Invalid("token, name and email are required.");
            if (!TryId(request.AccountId)) return InvalidId("account");
            var joining = UserId.New(clock.GetCurrentInstant(), secrets);
            var accepted = await afterSave.SavedAsync(settings.AcceptInvitationAsync(new(request.AccountId), joining, request.Name, request.Email, request.Token, cancellationToken));
            return Respond(accepted, joined => TypedResults.Ok(new JoinedResponse(joined.Member.UserId.Value, joined.Member.Role)));
        }).AllowAnonymous().WithName("AcceptInvitation").Produces<JoinedResponse>().ProducesProblem(StatusCodes.Status410Gone);
    }

    /// <summary>An invitation accepted by the person it was sent to.</summary>
    /// <param name="AccountId">The account (from the link).</param>
    /// <param name="Token">The token (from the link).</param>
    /// <param name="Name">The new member's name.</param>
    /// <param name="Email">Their email: it must be the invited one.</param>
    public sealed record AcceptInvitationRequest(Guid AccountId, string Token, string Name, string Email);

    /// <summary>The new member.</summary>
    /// <param name="UserId">Their user id (name it in <c>X-Demo-User</c> from now on).</param>
    /// <param name="Role">Their role.</param>
    public sealed record JoinedResponse(Guid UserId, Role Role);
}
