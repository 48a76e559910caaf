using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>(c) Storing and loading an account changes nothing, whatever sequence of operations built it.</summary>
public class SnapshotRoundTripProperties
{
    private static bool RoundTrips(Account account)
    {
        var snapshot = account.ToSnapshot();
        return Account.FromSnapshot(snapshot).Match(reloaded => reloaded.ToSnapshot() == snapshot && reloaded.Version == account.Version, _ => false);
    }

    [Property(MaxTest = 100)]
    public Property Snapshot_round_trip_is_the_identity_after_every_step()
    {
        var runs = StateMachine.Generate(new AccountMachine()).ToArbitrary();
        return Prop.ForAll(runs, run =>
        {
            var actual = run.Setup.Item2.Actual();
            var failedAt = RoundTrips(actual.Account) ? null : "the starting point";
            foreach (var (operation, _) in run.Operations)
            {
                ((AccountOperation)operation).Execute(actual);
                if (failedAt is null && !RoundTrips(actual.Account)) failedAt = operation.ToString();
            }
            var final = actual.Account.ToSnapshot();
            return (failedAt is null).ToProperty()
                .Label($"the round trip changed the account after {failedAt}")
                .Classify(final.Environments.Any(e => e.Hidden), "with a hidden environment")
                .Classify(final.PlanLimit < final.Environments.Sum(e => e.MaxConcurrentCalls), "over-allocated")
                .Classify(final.Environments.Any(e => e.PreviousApiKey is not null), "with a rotated key");
        });
    }
}
