using Fluents.Settings.Accounts;

namespace Fluents.Settings.Members;

/// <summary>A user became a member (by accepting an invitation; they are also the event's <see cref="DomainEvent.Actor"/>).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The new member.</param>
/// <param name="Role">Their role.</param>
public sealed record MemberJoined(AccountId AccountId, Instant OccurredAt, UserId User, Role Role) : DomainEvent(AccountId, OccurredAt);

/// <summary>An Admin (the event's <see cref="DomainEvent.Actor"/>) changed another member's role (R17).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The member.</param>
/// <param name="Name">The member's name.</param>
/// <param name="From">The old role.</param>
/// <param name="To">The new role.</param>
public sealed record MemberRoleChanged(AccountId AccountId, Instant OccurredAt, UserId User, string Name, Role From, Role To) : DomainEvent(AccountId, OccurredAt);

/// <summary>An Admin (the event's <see cref="DomainEvent.Actor"/>) removed a member: a host ends the user's sessions for this account (R17).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The removed member.</param>
/// <param name="Name">Their name.</param>
public sealed record MemberRemoved(AccountId AccountId, Instant OccurredAt, UserId User, string Name) : DomainEvent(AccountId, OccurredAt);

/// <summary>A member left the account (they are also the event's <see cref="DomainEvent.Actor"/>): a host ends the user's sessions for this account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="User">The member who left.</param>
public sealed record MemberLeft(AccountId AccountId, Instant OccurredAt, UserId User) : DomainEvent(AccountId, OccurredAt);
