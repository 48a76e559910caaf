using Fluents.Settings.Members;

namespace Fluents.Settings.Accounts;

/// <summary>
/// A new account was opened with its first Admin and its <c>default</c> environment (R7). The first Admin is also the
/// event's <see cref="DomainEvent.Actor"/>; <paramref name="FirstAdmin"/> names whom the account's first Admin role went to.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="PlanLimit">The plan's concurrent calls.</param>
/// <param name="FirstAdmin">The user who opened it and became its Admin.</param>
public sealed record AccountOpened(AccountId AccountId, Instant OccurredAt, int PlanLimit, UserId FirstAdmin) : DomainEvent(AccountId, OccurredAt);
