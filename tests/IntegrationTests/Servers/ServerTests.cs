using Npgsql;
using StackExchange.Redis;

namespace Fluents.Settings.IntegrationTests.Servers;

/// <summary>The servers are there (in CI they must be); a failure here says in one sentence how to start them.</summary>
public class ServerTests
{
    [PostgresFact]
    public async Task Postgres_AnswersOnLoopback()
    {
        Assert.True(TestServers.Postgres.IsReachable, TestServers.Postgres.Missing);
        await using var connection = new NpgsqlConnection(TestServers.Postgres.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", connection);

        var version = (int)(await command.ExecuteScalarAsync())!;

        Assert.True(version >= 150000, $"PostgreSQL 15 or later is needed, found {version}");
    }

    [RedisFact]
    public async Task Redis_AnswersOnLoopback()
    {
        Assert.True(TestServers.Redis.IsReachable, TestServers.Redis.Missing);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis.Connection);

        var latency = await redis.GetDatabase().PingAsync();

        Assert.True(latency < TimeSpan.FromSeconds(5));
    }
}
