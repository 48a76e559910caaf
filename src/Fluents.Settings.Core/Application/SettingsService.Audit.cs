using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;

namespace Fluents.Settings.Application;

public sealed partial class SettingsService
{
    /// <summary>
    /// Settings → Audit trail (R28): who changed what, when, newest first, one page at a time. The account checks that the
    /// viewer may read it (<see cref="Account.ViewAuditTrail"/>: Admins, and system actors given
    /// <see cref="Members.Permission.ViewAuditTrail"/>) and the cursor; the entries come from the service's
    /// <see cref="IAuditTrail"/>.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="filter">Which entries: an environment, an actor, a time range [from, to); <c>null</c> for all.</param>
    /// <param name="cursor">The previous page's <see cref="AuditPage.Next"/> as text (as the client sent it back), or <c>null</c> for the first page.</param>
    /// <param name="pageSize">1 to <see cref="AuditQuery.MaxPageSize"/> entries (default <see cref="AuditQuery.DefaultPageSize"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page (<c>trail:</c>), or <c>notPermitted:</c>, <c>invalidCursor:</c> (malformed, or another account's), <c>accountNotFound:</c>,
    /// <c>invalidSnapshot:</c> or <c>unsupportedVersion:</c> (the stored account cannot be loaded).</returns>
    /// <exception cref="ArgumentException">
    /// A <c>default</c> id or viewer, a page size out of range (<see cref="ArgumentOutOfRangeException"/>), or a time range that
    /// starts after it ends.
    /// </exception>
    /// <example>
    /// <code>
    /// var result = await settings.ListAuditTrailAsync(accountId, viewer, new AuditFilter { Environment = staging }, cursor: Request.Query["cursor"]);
    /// return result.Match(
    ///     trail: page => Results.Ok(new
    ///     {
    ///         entries = page.Entries.Select(e => new { at = e.OccurredAt, who = e.Actor.Name, system = e.Actor.IsSystemActor, what = e.Summary, type = e.Type }),
    ///         next = page.Next?.ToString(),
    ///     }),
    ///     notPermitted: error => Results.Problem(statusCode: 403, title: error.Message, type: error.Code),
    ///     invalidCursor: error => Results.Problem(statusCode: 400, title: error.Message, type: error.Code),
    ///     accountNotFound: error => Results.Problem(statusCode: 404, title: error.Message, type: error.Code),
    ///     invalidSnapshot: error => Results.Problem(statusCode: 500, title: error.Message, type: error.Code),
    ///     unsupportedVersion: error => Results.Problem(statusCode: 500, title: error.Message, type: error.Code));
    /// </code>
    /// </example>
    public Task<ViewAuditTrailResult> ListAuditTrailAsync(
        AccountId account,
        Actor viewer,
        AuditFilter? filter = null,
        string? cursor = null,
        int pageSize = AuditQuery.DefaultPageSize,
        CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        Guard.Against.Default(viewer);
        filter ??= AuditFilter.None;
        Guard.Against.OutOfRange(pageSize, nameof(pageSize), 1, AuditQuery.MaxPageSize);
        return ObservedAsync<ViewAuditTrailResult, AuditPage>(nameof(ListAuditTrailAsync), _ => ReadAuditTrailAsync(account, viewer, filter, cursor, pageSize, cancellationToken));
    }

    private async Task<ViewAuditTrailResult> ReadAuditTrailAsync(AccountId account, Actor viewer, AuditFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        var loaded = await _accounts.FindAsync(account, cancellationToken).ConfigureAwait(false);
        if (!loaded.TryGetValue(out var found, out var unreadable)) return FailWith<ViewAuditTrailResult, AuditPage>(unreadable);
        if (!found.ViewAuditTrail(viewer, filter, cursor, pageSize).TryGetValue(out var query, out var refused))
            return FailWith<ViewAuditTrailResult, AuditPage>(refused);
        return await _auditTrail.ReadAsync(query, cancellationToken).ConfigureAwait(false);
    }
}
