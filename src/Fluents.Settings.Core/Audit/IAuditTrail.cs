namespace Fluents.Settings.Audit;

/// <summary>
/// Port: where the audit trail is kept (R28): every change made through the service, who made it and when, readable newest
/// first by a viewer with <see cref="Members.Permission.ViewAuditTrail"/>. Every implementation must pass the contract
/// tests (<c>AuditTrailContract</c> in <c>tests/Contracts</c>).
/// </summary>
/// <remarks>
/// <para><b>Writing.</b> The service appends a change's entries after the change was saved, before it mails or runs event
/// handlers (<see cref="Application.SettingsService"/>; in a later version, in the save's own transaction, R32). Appending is
/// idempotent on the key (account, version, index): an entry whose key is stored already is skipped, the first one kept, so a
/// retried append (for example the entries of an <see cref="Application.AuditAppendException"/>) never duplicates.</para>
/// <para><b>Reading.</b> A page holds the account's entries that pass the query's filter, ordered by version then index,
/// both descending (newest first: by the order changes were made, not by their clocks), strictly before the query's cursor,
/// at most its page size; its <see cref="AuditPage.Next"/> is the last entry's position when another entry passes the filter,
/// and <c>null</c> otherwise. Paging with it returns every entry exactly once.</para>
/// <para><b>Storing.</b> An entry is made from its event (<see cref="AuditEntry.Of"/>). A database adapter stores the key,
/// <see cref="AuditEntry.OccurredAt"/>, the actor's id (<see cref="Actors.ActorId.ToString"/>), the environments, and the event
/// as JSON (<see cref="Json.SettingsJson"/>); it reads the event back and calls <see cref="AuditEntry.Of"/> again. No secret is
/// ever in an entry.</para>
/// </remarks>
public interface IAuditTrail
{
    /// <summary>Stores entries (of any accounts), skipping those whose key is stored already.</summary>
    /// <param name="entries">The entries, as <see cref="AuditEntry.Of"/> makes them.</param>
    /// <param name="cancellationToken">Cancels the append (then some entries may be stored and others not: append them again).</param>
    /// <returns>A task that completes when every entry is stored.</returns>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of one account's trail.</summary>
    /// <param name="query">The account, the filter, the page size and the cursor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page: entries newest first and where the next page starts.</returns>
    Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
