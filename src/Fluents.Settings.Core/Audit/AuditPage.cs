using Ardalis.GuardClauses;

namespace Fluents.Settings.Audit;

/// <summary>One page of an audit trail (R28): its entries, newest first, and where the next page starts.</summary>
public sealed record AuditPage
{
    /// <summary>A page.</summary>
    /// <param name="entries">The entries, newest first.</param>
    /// <param name="next">The position to read the next page after, or <c>null</c> when no older entry passes the filter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    public AuditPage(IReadOnlyList<AuditEntry> entries, AuditCursor? next)
    {
        Entries = Guard.Against.Null(entries);
        Next = next;
    }

    /// <summary>The entries, newest first (by account version, then index, both descending).</summary>
    public IReadOnlyList<AuditEntry> Entries { get; }

    /// <summary>
    /// Where the next page starts: pass <c>Next.ToString()</c> to the client, and its text back as the next request's cursor.
    /// <c>null</c> on the last page.
    /// </summary>
    public AuditCursor? Next { get; }
}
