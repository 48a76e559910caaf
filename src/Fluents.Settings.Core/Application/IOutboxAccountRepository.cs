using Fluents.Settings.Accounts;
using Fluents.Settings.Audit;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.Application;

/// <summary>
/// An <see cref="IAccountRepository"/> that keeps, in the same transaction as each change, everything that must not be lost
/// once the change is committed (R32): the change's events for delivery to the <see cref="IAccountEventHandler"/>s, its audit
/// entries (R28), and its invitation mail. A relay of the store's own delivers the events and sends the mail after the commit,
/// at least once, in order per account; a process that dies right after the commit loses nothing.
/// </summary>
/// <remarks>
/// <para><b>What the service does differently</b> when its repository implements this interface: it passes the change's
/// invitation mail to <see cref="SaveAsync(Account, long, IReadOnlyList{InvitationEmail}, CancellationToken)"/> instead of calling
/// its <see cref="IInvitationMailer"/> (the result then says <see cref="InvitationDispatched.Queued"/>); it neither appends the
/// audit entries nor calls the event handlers itself (the store did, and its relay will: nothing is delivered twice by the
/// service); it reads the audit trail from <see cref="AuditTrail"/> unless it was given one. It still keeps its own
/// <see cref="ApiKeys.IApiKeyIndex"/> in step at once, so the host that made a change sees it without waiting.</para>
/// <para><b>What the store writes</b>, from <see cref="Account.PendingEvents"/> (stamped with actor, version and index): one
/// outbox entry per event keyed (account, version, index), one audit entry per event (<see cref="AuditEntry.Of"/>), and each
/// invitation email with its token unreadable at rest (for example encrypted with a key the host provides, and deleted once sent).
/// <see cref="IAccountRepository.AddAsync"/> writes the opening's events the same way.</para>
/// </remarks>
public interface IOutboxAccountRepository : IAccountRepository
{
    /// <summary>The audit trail the store writes in each save's transaction, for <see cref="SettingsService.ListAuditTrailAsync"/> to read.</summary>
    IAuditTrail AuditTrail { get; }

    /// <summary>
    /// Stores a changed account if nobody saved it since it was loaded, and in the same transaction its events, its audit
    /// entries and <paramref name="invitationMail"/>; nothing of it when the version is stale.
    /// </summary>
    /// <param name="account">The account, changed, its events still pending.</param>
    /// <param name="expectedVersion">The version it had when loaded.</param>
    /// <param name="invitationMail">The invitation emails the change sends (the tokens in plaintext, to be stored unreadable); often empty.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Success, or <see cref="ConcurrencyConflict"/> when the stored version is not <paramref name="expectedVersion"/>.</returns>
    Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, IReadOnlyList<InvitationEmail> invitationMail, CancellationToken cancellationToken);
}
