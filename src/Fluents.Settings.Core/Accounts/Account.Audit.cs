using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.Members;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>
    /// Settings → Audit trail (R28): checks that the viewer may read it (<see cref="Permission.ViewAuditTrail"/>: Admins, and
    /// system actors given it; not Members, R15) and turns what they ask for into the query to run against the
    /// <see cref="IAuditTrail"/>. The trail itself is not in the account: the application reads it.
    /// </summary>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="filter">Which entries: an environment, an actor, a time range; <see cref="AuditFilter.None"/> for all.</param>
    /// <param name="cursor">The text of the previous page's <see cref="AuditPage.Next"/>, or <c>null</c> (or empty) for the first page.</param>
    /// <param name="pageSize">1 to <see cref="AuditQuery.MaxPageSize"/>; <see cref="AuditQuery.DefaultPageSize"/> when not given.</param>
    /// <returns>The query, or <see cref="NotPermitted"/>, or <see cref="InvalidAuditCursor"/> for a cursor that is malformed or another account's.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A <c>default</c> viewer, a page size out of range (<see cref="ArgumentOutOfRangeException"/>: bound your input, e.g. with
    /// <c>Math.Clamp(size, 1, AuditQuery.MaxPageSize)</c>), or a time range that starts after it ends.
    /// </exception>
    public ViewAuditTrailOutcome ViewAuditTrail(Actor viewer, AuditFilter filter, string? cursor = null, int pageSize = AuditQuery.DefaultPageSize)
    {
        Guard.Against.Null(filter);
        Guard.Against.OutOfRange(pageSize, nameof(pageSize), 1, AuditQuery.MaxPageSize);
        if (filter is { From: { } from, To: { } to } && from > to)
            throw new ArgumentException($"The time range starts ({from}) after it ends ({to}).", nameof(filter));
        if (Deny(viewer, Permission.ViewAuditTrail) is { } denied) return denied;

        AuditCursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!AuditCursor.TryParse(cursor, out var position)) return new InvalidAuditCursor(InvalidAuditCursorReason.Malformed);
            if (position.Account != Id) return new InvalidAuditCursor(InvalidAuditCursorReason.AnotherAccount);
            after = position;
        }
        return new AuditQuery(Id, filter, pageSize, after);
    }
}
