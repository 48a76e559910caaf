using System.Security.Claims;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using static Fluents.Settings.WebHost.Api.SettingsApi;

namespace Fluents.Settings.WebHost.Api;

/// <summary>Settings → Environments: the table with the call gate's numbers, create, edit, hide, delete, keys, capacity.</summary>
public static class EnvironmentEndpoints
{
    /// <summary>The environments table.</summary>
    /// <param name="Rows">Every environment, hidden ones included.</param>
    /// <param name="PlanLimit">The plan's concurrent calls.</param>
    /// <param name="Allocated">The sum of the environments' limits.</param>
    /// <param name="Unallocated">What is left of the plan.</param>
    /// <param name="IsOverAllocated">Whether the limits add up to more than the plan (R12).</param>
    /// <param name="PlanInUseNow">Calls in flight in the whole account (this host's gate).</param>
    public sealed record EnvironmentsResponse(IReadOnlyList<EnvironmentResponse> Rows, int PlanLimit, int Allocated, int Unallocated, bool IsOverAllocated, int PlanInUseNow);

    /// <summary>One row of the table.</summary>
    /// <param name="Id">The environment's id.</param>
    /// <param name="Name">Environment Name.</param>
    /// <param name="ApiKey">The masked API key.</param>
    /// <param name="MaxConcurrentCalls">Max Concurrent Calls.</param>
    /// <param name="CreatedAt">Created At.</param>
    /// <param name="Hidden">Hidden from the environment selector.</param>
    /// <param name="PreviousApiKeyValidUntil">Until when the key before the last rotation still works.</param>
    /// <param name="InUseNow">Calls in flight now.</param>
    /// <param name="Remaining">Calls that may still start now (the smaller of the environment's and the plan's room).</param>
    public sealed record EnvironmentResponse(Guid Id, string Name, string ApiKey, int MaxConcurrentCalls, DateTimeOffset CreatedAt, bool Hidden, DateTimeOffset? PreviousApiKeyValidUntil, int InUseNow, int Remaining);

    /// <summary>An entry of the environment selector.</summary>
    /// <param name="Id">The environment's id.</param>
    /// <param name="Name">Its name.</param>
    public sealed record EnvironmentOptionResponse(Guid Id, string Name);

    /// <summary>A new environment.</summary>
    /// <param name="Name">Environment Name.</param>
    /// <param name="MaxConcurrentCalls">Max Concurrent Calls, within what the plan has unallocated.</param>
    public sealed record CreateEnvironmentRequest(string Name, int MaxConcurrentCalls);

    /// <summary>The created environment and its API key, shown this once.</summary>
    /// <param name="Id">The environment's id.</param>
    /// <param name="ApiKey">Its API key.</param>
    public sealed record CreatedEnvironmentResponse(Guid Id, string ApiKey);

    /// <summary>An edit: a new name, a new limit, or both (a missing one is kept).</summary>
    /// <param name="Name">The new name.</param>
    /// <param name="MaxConcurrentCalls">The new Max Concurrent Calls.</param>
    public sealed record EditEnvironmentRequest(string? Name, int? MaxConcurrentCalls);

    /// <summary>A key rotation.</summary>
    /// <param name="GracePeriodMinutes">How long the previous key keeps working (0: not at all; at most 7 days).</param>
    public sealed record RotateApiKeyRequest(int GracePeriodMinutes);

    /// <summary>The new API key, shown this once.</summary>
    /// <param name="ApiKey">The key.</param>
    /// <param name="PreviousKeyValidUntil">Until when the previous key still works.</param>
    public sealed record RotatedApiKeyResponse(string ApiKey, DateTimeOffset PreviousKeyValidUntil);

    /// <summary>New limits for several environments, applied together (R11).</summary>
    /// <param name="Limits">Environment id to its new Max Concurrent Calls.</param>
    public sealed record ReallocateRequest(IReadOnlyDictionary<Guid, int> Limits);

    /// <summary>A fair reduction of an over-allocated account (R12).</summary>
    /// <param name="AccountVersion">The account version it was made for: send it back to apply it.</param>
    /// <param name="PlanLimit">The plan.</param>
    /// <param name="ProposedTotal">The sum after the reduction.</param>
    /// <param name="ChangesAnything">Whether applying it changes a limit.</param>
    /// <param name="Lines">Each environment's current and proposed limit.</param>
    public sealed record RebalanceResponse(long AccountVersion, int PlanLimit, int ProposedTotal, bool ChangesAnything, IReadOnlyList<RebalanceLineResponse> Lines);

    /// <summary>One environment's line of a proposal.</summary>
    /// <param name="Environment">The environment.</param>
    /// <param name="Current">Its limit now.</param>
    /// <param name="Proposed">Its limit after the reduction.</param>
    public sealed record RebalanceLineResponse(Guid Environment, int Current, int Proposed);

    /// <summary>Applies the proposal made for an account version.</summary>
    /// <param name="AccountVersion">The version the proposal shown was made for.</param>
    public sealed record ApplyRebalanceRequest(long AccountVersion);

    internal static void MapEnvironmentEndpoints(this RouteGroupBuilder environments)
    {
        environments.MapGet("/environments", async Task<IResult> (Guid account, ClaimsPrincipal user, SettingsService settings, ICallGate gate, CancellationToken cancellationToken) =>
        {
            var id = new Accounts.AccountId(account);
            var table = await settings.ListEnvironmentsAsync(id, Actor(user), cancellationToken);
            if (!table.TryGetValue(out var view, out var error)) return Problems.For(error);
            var headroom = await gate.GetHeadroomByEnvironmentAsync(id, cancellationToken);
            var rows = view.Rows.Select(row =>
            {
                var room = headroom.TryGetValue(row.Id, out var h) ? h : new CallHeadroom(0, row.MaxConcurrentCalls, 0, view.PlanLimit);
                return new EnvironmentResponse(row.Id.Value, row.Name, row.ApiKey, row.MaxConcurrentCalls, JsonTime(row.CreatedAt), row.Hidden,
                    row.PreviousApiKeyValidUntil is { } until ? JsonTime(until) : null, room.EnvironmentInFlight, room.Remaining);
            }).ToList();
            var planInUse = headroom.Count > 0 ? headroom.Values.First().PlanInFlight : 0;
            return TypedResults.Ok(new EnvironmentsResponse(rows, view.PlanLimit, view.Allocated, view.Unallocated, view.IsOverAllocated, planInUse));
        }).WithName("ListEnvironments").Produces<EnvironmentsResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        environments.MapGet("/environments/selector", async (Guid account, ClaimsPrincipal user, SettingsService settings, CancellationToken cancellationToken) =>
            Respond(await settings.ListEnvironmentSelectorAsync(new(account), Actor(user), cancellationToken),
                options => TypedResults.Ok(options.Select(option => new EnvironmentOptionResponse(option.Id.Value, option.Name)).ToList())))
            .WithName("ListEnvironmentSelector").Produces<List<EnvironmentOptionResponse>>();

        environments.MapPost("/environments", async (Guid account, CreateEnvironmentRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
        {
            if (request.Name is null) return Problems.Invalid("name is required.");
            var created = await afterSave.SavedAsync(settings.CreateEnvironmentAsync(new(account), Actor(user), request.Name, request.MaxConcurrentCalls, cancellationToken));
            return Respond(created, environment => TypedResults.Created(
                $"/api/accounts/{account}/environments/{environment.Environment}",
                new CreatedEnvironmentResponse(environment.Environment.Value, environment.ApiKey.Reveal())));
        }).WithName("CreateEnvironment").Produces<CreatedEnvironmentResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        environments.MapPatch("/environments/{environment:guid}", async (Guid account, Guid environment, EditEnvironmentRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(environment)
                ? Respond(await afterSave.SavedAsync(settings.EditEnvironmentAsync(new(account), Actor(user), new(environment), request.Name, request.MaxConcurrentCalls, cancellationToken)))
                : InvalidId("environment"))
            .WithName("EditEnvironment").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        environments.MapPost("/environments/{environment:guid}/hide", async (Guid account, Guid environment, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(environment)
                ? Respond(await afterSave.SavedAsync(settings.HideEnvironmentAsync(new(account), Actor(user), new(environment), cancellationToken)))
                : InvalidId("environment"))
            .WithName("HideEnvironment").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);

        environments.MapPost("/environments/{environment:guid}/unhide", async (Guid account, Guid environment, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(environment)
                ? Respond(await afterSave.SavedAsync(settings.UnhideEnvironmentAsync(new(account), Actor(user), new(environment), cancellationToken)))
                : InvalidId("environment"))
            .WithName("UnhideEnvironment").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        environments.MapDelete("/environments/{environment:guid}", async (Guid account, Guid environment, string? confirmationName, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(environment)
                ? Respond(await afterSave.SavedAsync(settings.DeleteEnvironmentAsync(new(account), Actor(user), new(environment), confirmationName, cancellationToken)))
                : InvalidId("environment"))
            .WithName("DeleteEnvironment").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest);

        environments.MapPost("/environments/{environment:guid}/api-key/rotate", async (Guid account, Guid environment, RotateApiKeyRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            TryId(environment)
                ? Respond(await afterSave.SavedAsync(settings.RotateApiKeyAsync(new(account), Actor(user), new(environment), Duration.FromMinutes(request.GracePeriodMinutes), cancellationToken)),
                    rotated => TypedResults.Ok(new RotatedApiKeyResponse(rotated.ApiKey.Reveal(), JsonTime(rotated.PreviousKeyValidUntil))))
                : InvalidId("environment"))
            .WithName("RotateApiKey").Produces<RotatedApiKeyResponse>().ProducesProblem(StatusCodes.Status400BadRequest);

        environments.MapPost("/reallocation", async (Guid account, ReallocateRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
        {
            if (request.Limits is null || request.Limits.Keys.Any(key => key == Guid.Empty)) return Problems.Invalid("limits maps environment ids to limits.");
            var targets = request.Limits.ToDictionary(pair => new EnvironmentId(pair.Key), pair => pair.Value);
            return Respond(await afterSave.SavedAsync(settings.ReallocateAsync(new(account), Actor(user), targets, cancellationToken)));
        }).WithName("Reallocate").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        environments.MapGet("/rebalance", async (Guid account, ClaimsPrincipal user, SettingsService settings, CancellationToken cancellationToken) =>
            Respond(await settings.ProposeRebalanceAsync(new(account), Actor(user), cancellationToken), proposal => TypedResults.Ok(new RebalanceResponse(
                proposal.AccountVersion, proposal.PlanLimit, proposal.ProposedTotal, proposal.ChangesAnything,
                proposal.Lines.Select(line => new RebalanceLineResponse(line.Environment.Value, line.Current, line.Proposed)).ToList()))))
            .WithName("ProposeRebalance").Produces<RebalanceResponse>();

        environments.MapPost("/rebalance", async Task<IResult> (Guid account, ApplyRebalanceRequest request, ClaimsPrincipal user, SettingsService settings, AfterSaveFailures afterSave, CancellationToken cancellationToken) =>
            await RebalanceAsync(settings, afterSave, new(account), Actor(user), request.AccountVersion, cancellationToken) is { } refused
                ? Problems.For(refused)
                : TypedResults.NoContent())
            .WithName("ApplyRebalance").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// Applies the fair reduction that was shown for <paramref name="shownVersion"/>. A proposal is a function of the account
    /// version (R12: deterministic), so the one shown is the one proposed now when the versions agree; when they do not, the
    /// library refuses it as stale (<c>concurrency.stale_proposal</c>) and the client shows the new one.
    /// </summary>
    /// <returns>The refusal, or <c>null</c> when it was applied (also when a step after the save failed: see <see cref="AfterSaveFailures"/>).</returns>
    internal static async Task<DomainError?> RebalanceAsync(SettingsService settings, AfterSaveFailures afterSave, Accounts.AccountId account, Actors.Actor actor, long shownVersion, CancellationToken cancellationToken)
    {
        var proposed = await settings.ProposeRebalanceAsync(account, actor, cancellationToken);
        if (!proposed.TryGetValue(out var proposal, out var refused)) return refused;
        var applied = await afterSave.SavedAsync(settings.ApplyRebalanceAsync(account, actor, proposal with { AccountVersion = shownVersion }, cancellationToken));
        return applied.Error;
    }
}
