using Fluents.Settings.Concurrency;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>What one renewal pass did (<see cref="RedisCallGate.RenewNowAsync"/>).</summary>
/// <param name="Renewed">Leases whose expiry moved to now + the time to live.</param>
/// <param name="Lost">Leases found expired or gone: never added back, reported by <see cref="RedisCallGate.LeasesLost"/>.</param>
/// <param name="FailedBatches">Batches Redis did not answer; their leases are tried again at the next pass.</param>
public readonly record struct LeaseRenewal(int Renewed, int Lost, int FailedBatches);

/// <summary>The leases one renewal found lost (R30): their calls no longer hold a place in the limits.</summary>
/// <param name="leases">The lost leases.</param>
public sealed class CallLeasesLostEventArgs(IReadOnlyList<CallLease> leases) : EventArgs
{
    /// <summary>The lost leases: each one's account, environment and id, to find and end its call.</summary>
    public IReadOnlyList<CallLease> Leases { get; } = leases;
}
