using System.Net.Sockets;

namespace Fluents.Settings.IntegrationTests.Servers;

/// <summary>
/// Where the integration tests find their servers: <c>FLUENTS_POSTGRES</c> (an Npgsql connection string) and
/// <c>FLUENTS_REDIS</c> (a StackExchange.Redis configuration string), with loopback defaults that match what
/// <c>.ci/start-servers</c> starts. The servers are never started by a test (STYLE.md).
/// </summary>
public static class TestServers
{
    /// <summary>How to start the servers, said once in every skip and failure message.</summary>
    public const string HowToStart = "run .ci/start-servers (installs and starts PostgreSQL and redis-server on loopback)";

    /// <summary>The PostgreSQL server.</summary>
    public static TestServer Postgres { get; } = new(
        "PostgreSQL",
        System.Environment.GetEnvironmentVariable("FLUENTS_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=fluents;Password=fluents;Database=fluents",
        EndpointOfConnectionString);

    /// <summary>The Redis server.</summary>
    public static TestServer Redis { get; } = new(
        "Redis",
        System.Environment.GetEnvironmentVariable("FLUENTS_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379",
        EndpointOfRedisConfiguration);

    /// <summary>Whether this run is CI's (<c>CI=true</c>): there a missing server fails the run instead of skipping.</summary>
    public static bool InCi => string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static (string Host, int Port) EndpointOfConnectionString(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var host = parts.GetValueOrDefault("Host") ?? parts.GetValueOrDefault("Server") ?? "127.0.0.1";
        return (host.Split(',')[0], int.TryParse(parts.GetValueOrDefault("Port"), out var port) ? port : 5432);
    }

    private static (string Host, int Port) EndpointOfRedisConfiguration(string configuration)
    {
        var endpoint = configuration.Split(',')[0].Trim();
        var colon = endpoint.LastIndexOf(':');
        return colon < 0 ? (endpoint, 6379) : (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>One server the tests need, and whether it answers on its port (asked once per test run).</summary>
public sealed class TestServer
{
    private readonly Lazy<bool> _reachable;

    internal TestServer(string name, string connection, Func<string, (string Host, int Port)> endpointOf)
    {
        Name = name;
        Connection = connection;
        var (host, port) = endpointOf(connection);
        Endpoint = $"{host}:{port}";
        _reachable = new Lazy<bool>(() => Answers(host, port));
    }

    /// <summary>The server's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The connection string or configuration the tests use.</summary>
    public string Connection { get; }

    /// <summary>Host and port, for messages.</summary>
    public string Endpoint { get; }

    /// <summary>Whether a TCP connection to the server succeeded within two seconds.</summary>
    public bool IsReachable => _reachable.Value;

    /// <summary>Why a test skips or fails when the server is not there: one sentence.</summary>
    public string Missing => $"{Name} is not reachable at {Endpoint}: {TestServers.HowToStart}.";

    private static bool Answers(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (Exception exception) when (exception is SocketException or AggregateException)
        {
            return false;
        }
    }
}
