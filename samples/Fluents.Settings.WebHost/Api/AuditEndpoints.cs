using System.Security.Claims;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using static Fluents.Settings.WebHost.Api.SettingsApi;

namespace Fluents.Settings.WebHost.Api;

/// <summary>The audit trail: who did what, when (R28), newest first, filterable by environment, paged by cursor.</summary>
public static class AuditEndpoints
{
    /// <summary>A page of the audit trail.</summary>
    /// <param name="Entries">Newest first.</param>
    /// <param name="Next">The next page's cursor, or <c>null</c> on the last page.</param>
    public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Entries, string? Next);

    /// <summary>One entry.</summary>
    /// <param name="At">When.</param>
    /// <param name="Who">The actor's name then (a member, or a system actor such as Billing).</param>
    /// <param name="System">Whether a system actor made the change.</param>
    /// <param name="What">A one-line summary.</param>
    /// <param name="Type">The event's type, e.g. <c>environment.renamed</c>.</param>
    /// <param name="Environments">The environments it concerns.</param>
    public sealed record AuditEntryResponse(DateTimeOffset At, string Who, bool System, string What, string Type, IReadOnlyList<Guid> Environments);

    internal static void MapAuditEndpoints(this RouteGroupBuilder account)
    {
        account.MapGet("/audit", async (Guid account, Guid? environment, string? cursor, int? pageSize, ClaimsPrincipal user, SettingsService settings, CancellationToken cancellationToken) =>
        {
            if (environment == Guid.Empty) return InvalidId("environment");
            var size = pageSize ?? AuditQuery.DefaultPageSize;
            if (size is < 1 or > AuditQuery.MaxPageSize) return Problems.Invalid($"pageSize is 1 to {AuditQuery.MaxPageSize}.");
            var filter = new AuditFilter { Environment = environment is { } id ? new EnvironmentId(id) : null };
            return Respond(await settings.ListAuditTrailAsync(new(account), Actor(user), filter, cursor, size, cancellationToken), page => TypedResults.Ok(new AuditPageResponse(
                page.Entries.Select(entry => new AuditEntryResponse(JsonTime(entry.OccurredAt), entry.Actor.Name, entry.Actor.IsSystemActor, entry.Summary, entry.Type,
                    entry.Environments.Select(e => e.Value).ToList())).ToList(),
                page.Next?.ToString())));
        }).WithName("ListAuditTrail").Produces<AuditPageResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
