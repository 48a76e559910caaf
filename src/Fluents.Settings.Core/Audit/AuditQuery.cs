using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;

namespace Fluents.Settings.Audit;

/// <summary>
/// One page to read from an <see cref="IAuditTrail"/> (R28): an account's entries that pass <see cref="Filter"/>, newest
/// first, strictly older than <see cref="After"/>, at most <see cref="PageSize"/> of them. Made by
/// <see cref="Account.ViewAuditTrail"/> once the viewer's permission and the cursor were checked.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The page size when none is given: 50.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page: 200 entries.</summary>
    public const int MaxPageSize = 200;

    /// <summary>A query.</summary>
    /// <param name="account">The account whose trail is read.</param>
    /// <param name="filter">Which entries to show; <see cref="AuditFilter.None"/> for all.</param>
    /// <param name="pageSize">1 to <see cref="MaxPageSize"/>.</param>
    /// <param name="after">Where the previous page ended, or <c>null</c> for the first page (the newest entries).</param>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A <c>default</c> account; a page size out of range (<see cref="ArgumentOutOfRangeException"/>); a time range whose
    /// <see cref="AuditFilter.From"/> is after its <see cref="AuditFilter.To"/>; or a cursor of another account.
    /// </exception>
    public AuditQuery(AccountId account, AuditFilter filter, int pageSize = DefaultPageSize, AuditCursor? after = null)
    {
        Account = Guard.Against.Default(account);
        Filter = Guard.Against.Null(filter);
        PageSize = Guard.Against.OutOfRange(pageSize, nameof(pageSize), 1, MaxPageSize);
        if (filter is { From: { } from, To: { } to } && from > to)
            throw new ArgumentException($"The time range starts ({from}) after it ends ({to}).", nameof(filter));
        if (after is { } cursor && cursor.Account != account)
            throw new ArgumentException("The cursor is a position in another account's trail.", nameof(after));
        After = after;
    }

    /// <summary>The account whose trail is read.</summary>
    public AccountId Account { get; }

    /// <summary>Which entries to show.</summary>
    public AuditFilter Filter { get; }

    /// <summary>At most this many entries.</summary>
    public int PageSize { get; }

    /// <summary>Only entries strictly older than this position (the last entry of the previous page), or <c>null</c> for the first page.</summary>
    public AuditCursor? After { get; }
}
