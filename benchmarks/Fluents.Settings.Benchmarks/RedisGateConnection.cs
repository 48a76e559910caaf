using Fluents.Settings.Redis.Concurrency;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Fluents.Settings.Benchmarks;

/// <summary>The Redis server the Redis gate's benchmarks run against: <c>FLUENTS_REDIS</c>, or redis-server on loopback (.ci/start-servers).</summary>
internal static class RedisGateConnection
{
    public static string Configuration =>
        Environment.GetEnvironmentVariable("FLUENTS_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379";

    public static ConnectionMultiplexer Connect()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AllowAdmin = true; // INFO commandstats, CONFIG RESETSTAT
        options.AbortOnConnectFail = true;
        try
        {
            return ConnectionMultiplexer.Connect(options);
        }
        catch (RedisConnectionException exception)
        {
            throw new InvalidOperationException($"Redis is not reachable at {Configuration}: run .ci/start-servers (installs and starts redis-server on loopback).", exception);
        }
    }

    /// <summary>The limits of the benchmarks' account and the anchor's permits: high enough that nothing is refused.</summary>
    public const int Limit = 2_000;

    public const string KeyPrefix = "fluents-bench:";

    /// <summary>The gate's settings: leases long enough that no renewal runs during a benchmark, keys gone minutes after it.</summary>
    public static RedisCallGateOptions GateOptions() => new()
    {
        KeyPrefix = KeyPrefix, LeaseTimeToLive = TimeSpan.FromMinutes(1), RenewalInterval = TimeSpan.FromSeconds(20), LimitsTimeToLive = TimeSpan.FromMinutes(3),
    };

    public static string NewAnchorName() => $"fluents-bench-anchor-{Guid.NewGuid():N}";

    /// <summary>The anchor: <c>RedisRateLimiting</c>'s concurrency limiter (one limit), no queue, as many permits as the gate's limits.</summary>
    public static RedisConcurrencyRateLimiter<string> Anchor(ConnectionMultiplexer redis, string name) =>
        new(name, new RedisConcurrencyRateLimiterOptions { ConnectionMultiplexerFactory = () => redis, PermitLimit = Limit, QueueLimit = 0 });

    /// <summary>The anchor's keys never expire (<c>rl:{name}</c>, its queue and its statistics): deleted after a run.</summary>
    public static Task DeleteAnchorKeysAsync(ConnectionMultiplexer redis, string name) =>
        redis.GetDatabase().KeyDeleteAsync([$"rl:{name}", $"rl:{name}:q", $"rl:{name}:stats"]);
}
