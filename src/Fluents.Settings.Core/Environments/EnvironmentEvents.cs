using Fluents.Settings.Accounts;

namespace Fluents.Settings.Environments;

/// <summary>An environment was created (its key was issued; the key is not in the event).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Environment">The new environment.</param>
/// <param name="Name">Its name.</param>
/// <param name="MaxConcurrentCalls">Its limit.</param>
public sealed record EnvironmentCreated(AccountId AccountId, Instant OccurredAt, EnvironmentId Environment, string Name, int MaxConcurrentCalls) : DomainEvent(AccountId, OccurredAt);

/// <summary>An environment was renamed; its id did not change (R2).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Environment">The environment.</param>
/// <param name="From">The old name.</param>
/// <param name="To">The new name.</param>
public sealed record EnvironmentRenamed(AccountId AccountId, Instant OccurredAt, EnvironmentId Environment, string From, string To) : DomainEvent(AccountId, OccurredAt);

/// <summary>An environment was hidden from the selector list (Hidden went from OFF to ON); it keeps working (R4).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Name">Its name.</param>
public sealed record EnvironmentHidden(AccountId AccountId, Instant OccurredAt, EnvironmentId Environment, string Name) : DomainEvent(AccountId, OccurredAt);

/// <summary>An environment was shown in the selector list again (Hidden went from ON to OFF).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Name">Its name.</param>
public sealed record EnvironmentUnhidden(AccountId AccountId, Instant OccurredAt, EnvironmentId Environment, string Name) : DomainEvent(AccountId, OccurredAt);

/// <summary>
/// An environment was deleted (R6): its allocation is freed and its keys no longer verify. A host reacts by
/// deleting the environment's agents, campaigns and numbers.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Environment">The deleted environment.</param>
/// <param name="Name">Its name.</param>
/// <param name="FreedConcurrentCalls">The Max Concurrent Calls it held, now unallocated.</param>
public sealed record EnvironmentDeleted(AccountId AccountId, Instant OccurredAt, EnvironmentId Environment, string Name, int FreedConcurrentCalls) : DomainEvent(AccountId, OccurredAt);

/// <summary>An environment's API key was rotated (R26): from the key shown as <paramref name="PreviousKeyHint"/> to the one shown as <paramref name="NewKeyHint"/>. Neither key is in the event.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Name">Its name.</param>
/// <param name="PreviousKeyHint">The masked previous key.</param>
/// <param name="NewKeyHint">The masked new key.</param>
/// <param name="PreviousKeyValidUntil">Until when the previous key is still accepted (equal to <paramref name="OccurredAt"/> for an immediate revocation).</param>
public sealed record ApiKeyRotated(AccountId AccountId, Instant OccurredAt, EnvironmentId Environment, string Name, string PreviousKeyHint, string NewKeyHint, Instant PreviousKeyValidUntil) : DomainEvent(AccountId, OccurredAt);
