using Fluents.Settings.Accounts;

namespace Fluents.Settings.Members;

/// <summary>A user became a member (by accepting an invitation).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The new member.</param>
/// <param name="Role">Their role.</param>
public sealed record MemberJoined(AccountId AccountId, Instant OccurredAt, UserId User, Role Role) : DomainEvent(AccountId, OccurredAt);

/// <summary>An Admin changed another member's role (R17).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The member.</param>
/// <param name="From">The old role.</param>
/// <param name="To">The new role.</param>
/// <param name="ChangedBy">The Admin.</param>
public sealed record MemberRoleChanged(AccountId AccountId, Instant OccurredAt, UserId User, Role From, Role To, UserId ChangedBy) : DomainEvent(AccountId, OccurredAt);

/// <summary>An Admin removed a member: a host ends the user's sessions for this account (R17).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The removed member.</param>
/// <param name="RemovedBy">The Admin.</param>
public sealed record MemberRemoved(AccountId AccountId, Instant OccurredAt, UserId User, UserId RemovedBy) : DomainEvent(AccountId, OccurredAt);

/// <summary>A member left the account: a host ends the user's sessions for this account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The member who left.</param>
public sealed record MemberLeft(AccountId AccountId, Instant OccurredAt, UserId User) : DomainEvent(AccountId, OccurredAt);
