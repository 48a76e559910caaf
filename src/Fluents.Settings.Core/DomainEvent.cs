using Fluents.Settings.Accounts;

namespace Fluents.Settings;

/// <summary>
/// Something that happened to an account, recorded by the aggregate after each successful change
/// so that a host can react once the change is saved. Events never carry a secret.
/// </summary>
/// <param name="AccountId">The account that changed.</param>
/// <param name="OccurredAt">When the change was made.</param>
public abstract record DomainEvent(AccountId AccountId, Instant OccurredAt);
