namespace Fluents.Settings.Audit;

/// <summary>Why a page cursor was refused.</summary>
public enum InvalidAuditCursorReason
{
    /// <summary>The text is not a cursor this library wrote: cut, edited, or made up.</summary>
    Malformed = 1,

    /// <summary>The cursor is a position in another account's audit trail.</summary>
    AnotherAccount = 2,
}

/// <summary>
/// The cursor of an audit-trail page request is not one this account's trail gave out (R28): start again from the first page.
/// </summary>
/// <param name="Reason">Malformed, or another account's.</param>
public sealed record InvalidAuditCursor(InvalidAuditCursorReason Reason) : DomainError
{
    /// <inheritdoc />
    public override string Code => "audit.invalid_cursor";

    /// <inheritdoc />
    public override string Message => Reason == InvalidAuditCursorReason.AnotherAccount
        ? "This page cursor belongs to another account's audit trail; start again from the first page."
        : "This page cursor is not one the audit trail gave out; start again from the first page.";
}
