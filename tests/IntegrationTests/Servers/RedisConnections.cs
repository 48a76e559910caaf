using Fluents.Settings.Contracts;
using StackExchange.Redis;

namespace Fluents.Settings.IntegrationTests.Servers;

/// <summary>Connections to the test Redis server (<see cref="TestServers.Redis"/>), each a "host" of its own.</summary>
public static class RedisConnections
{
    private static readonly Lazy<ConnectionMultiplexer> SharedConnection = new(() => Connect());

    /// <summary>One multiplexer for the tests that need no host of their own (never disposed).</summary>
    public static ConnectionMultiplexer Shared => SharedConnection.Value;

    /// <summary>A new multiplexer, as a new host would open: the caller disposes it.</summary>
    /// <param name="clientName">The connection's name in <c>CLIENT LIST</c>.</param>
    public static ConnectionMultiplexer Connect(string? clientName = null)
    {
        var options = ConfigurationOptions.Parse(TestServers.Redis.Connection);
        options.AllowAdmin = true; // SCRIPT FLUSH, CLIENT KILL, INFO, DBSIZE
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5_000;
        if (clientName is not null) options.ClientName = clientName;
        return ConnectionMultiplexer.Connect(options);
    }

    /// <summary>The server behind a multiplexer, for admin commands.</summary>
    public static IServer ServerOf(IConnectionMultiplexer redis) => redis.GetServer(redis.GetEndPoints()[0]);
}

/// <summary>On a contract test class that needs Redis: skipped with one sentence outside CI when Redis is not reachable.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RedisRequiredAttribute : ContractConditionAttribute
{
    /// <inheritdoc />
    public override string? SkipReason => !TestServers.InCi && !TestServers.Redis.IsReachable ? TestServers.Redis.Missing : null;
}
