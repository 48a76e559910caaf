using Fluents.Settings.Accounts;

namespace Fluents.Settings.Testing;

/// <summary>
/// Everything a refused operation must leave as it was: the stored state (structural snapshot equality),
/// the version and the number of recorded events. Compare two captures with <c>Assert.Equal</c>.
/// </summary>
public sealed record AccountState(AccountSnapshot Snapshot, long Version, int PendingEventCount)
{
    public static AccountState Of(Account account) => new(account.ToSnapshot(), account.Version, account.PendingEvents.Count);
}
