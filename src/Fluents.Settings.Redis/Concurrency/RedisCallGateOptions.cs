namespace Fluents.Settings.Redis.Concurrency;

/// <summary>Settings for <see cref="RedisCallGate"/>; every host that shares a Redis server should use the same values.</summary>
/// <remarks>
/// The lease model (R30): every admitted call is a lease that expires <see cref="LeaseTimeToLive"/> after its admission
/// or last renewal, in the Redis server's time. The host that holds it renews it every <see cref="RenewalInterval"/>, so
/// a lease lives as long as its host does; when a host dies, its calls' places come back after at most
/// <see cref="LeaseTimeToLive"/>, and never before. Shorter is a faster recovery from a dead host and more renewal traffic.
/// </remarks>
public sealed class RedisCallGateOptions
{
    /// <summary>The first part of every key (default <c>fluents:</c>); an account's keys are <c>{prefix}{account}:limits</c> and <c>{prefix}{account}:leases</c>. No braces: the account is the hash tag.</summary>
    public string KeyPrefix { get; set; } = "fluents:";

    /// <summary>The Redis database number; -1 (the default) for the multiplexer's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>How long a lease lives without renewal (default 30 seconds): how long a dead host's calls keep their places.</summary>
    public TimeSpan LeaseTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the renewal runs (default 10 seconds); less than half of <see cref="LeaseTimeToLive"/>, so that one missed renewal loses nothing.</summary>
    public TimeSpan RenewalInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most leases renewed by one script call (default 1,000, at most <see cref="MostRenewalBatchSize"/>); an account with
    /// more is renewed in several.
    /// </summary>
    public int RenewalBatchSize { get; set; } = 1_000;

    /// <summary>The largest <see cref="RenewalBatchSize"/>: a script passes a batch's leases to one Redis command, and Redis' Lua unpacks at most about 8,000 values at once (two per lease).</summary>
    public const int MostRenewalBatchSize = 2_000;

    /// <summary>
    /// How long any one Redis operation may take before the gate gives up (default 1 second): an admission then returns
    /// <c>GateUnavailable</c>, other operations throw <c>CallGateUnavailableException</c>. Never a hang.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an account's two keys (its limits and its leases) stay in Redis after its last admission, renewal or apply
    /// (default 1 day; at least twice <see cref="LeaseTimeToLive"/>, so that the keys outlive every lease): an idle account
    /// leaves no key behind, and its next admission loads the limits again through the gate's <c>GateLimitsLoader</c>.
    /// </summary>
    public TimeSpan LimitsTimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value out of range, named in the message.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Contains('{', StringComparison.Ordinal) || KeyPrefix.Contains('}', StringComparison.Ordinal))
            throw new ArgumentException($"{nameof(KeyPrefix)} must be non-empty and contain no brace (the account is the keys' hash tag): '{KeyPrefix}'.");
        if (Database < -1) throw new ArgumentException($"{nameof(Database)} must be -1 (the default database) or a database number: {Database}.");
        if (LeaseTimeToLive < TimeSpan.FromMilliseconds(10))
            throw new ArgumentException($"{nameof(LeaseTimeToLive)} must be at least 10 ms: {LeaseTimeToLive}.");
        if (LeaseTimeToLive > TimeSpan.FromDays(1))
            throw new ArgumentException($"{nameof(LeaseTimeToLive)} must be at most one day: {LeaseTimeToLive}.");
        if (RenewalInterval <= TimeSpan.Zero || RenewalInterval * 2 >= LeaseTimeToLive)
            throw new ArgumentException($"{nameof(RenewalInterval)} ({RenewalInterval}) must be positive and less than half of {nameof(LeaseTimeToLive)} ({LeaseTimeToLive}), so that one late renewal loses no lease.");
        if (RenewalBatchSize is < 1 or > MostRenewalBatchSize)
            throw new ArgumentException($"{nameof(RenewalBatchSize)} must be 1 to {MostRenewalBatchSize:N0}: {RenewalBatchSize}.");
        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout > TimeSpan.FromMinutes(1))
            throw new ArgumentException($"{nameof(OperationTimeout)} must be positive and at most one minute: {OperationTimeout}.");
        if (LimitsTimeToLive < LeaseTimeToLive * 2)
            throw new ArgumentException($"{nameof(LimitsTimeToLive)} ({LimitsTimeToLive}) must be at least twice {nameof(LeaseTimeToLive)} ({LeaseTimeToLive}).");
    }
}
