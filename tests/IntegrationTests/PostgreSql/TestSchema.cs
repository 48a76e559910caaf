using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.PostgreSql;
using Fluents.Settings.PostgreSql.Schema;
using Npgsql;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// A schema of its own for one test or one test class (a random name), migrated, and dropped at the end: tests never see each
/// other's rows and never depend on their order. The server is the one <see cref="TestServers.Postgres"/> names.
/// </summary>
public sealed class TestSchema : IAsyncDisposable, IDisposable
{
    private static readonly Lazy<NpgsqlDataSource> Admin = new(() => NpgsqlDataSource.Create(TestServers.Postgres.Connection));

    private TestSchema(string name, byte[] mailKey)
    {
        Name = name;
        Options = new PostgreSqlSettingsOptions
        {
            Schema = name,
            InvitationMailKey = mailKey,
            KeyResyncInterval = TimeSpan.FromSeconds(30),
            RelayPollInterval = TimeSpan.FromMilliseconds(20),
            RelayRetryDelayMax = TimeSpan.FromMilliseconds(200),
            ReconnectDelayMax = TimeSpan.FromMilliseconds(500),
        };
        DataSource = NewDataSource();
    }

    /// <summary>The schema's name, e.g. <c>t_3f2a…</c>.</summary>
    public string Name { get; }

    /// <summary>Options naming the schema, with a random mail key and short delays for tests.</summary>
    public PostgreSqlSettingsOptions Options { get; }

    /// <summary>A data source of this test's own (its own pool).</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates and migrates a fresh schema.</summary>
    public static async Task<TestSchema> CreateAsync()
    {
        Assert.True(TestServers.Postgres.IsReachable, TestServers.Postgres.Missing);
        var schema = new TestSchema($"t_{Guid.NewGuid():N}"[..20], System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var check = await new PostgreSqlSchema(schema.DataSource, schema.Options).MigrateAsync();
        Assert.True(check.IsUpToDate, check.ToString());
        return schema;
    }

    /// <summary>Another host's data source: a pool of its own, as another process would have.</summary>
    /// <param name="host">A name for its connections in <c>pg_stat_activity</c> (<c>fluents-{schema}-{host}</c>); <c>fluents-{schema}</c> when <c>null</c>.</param>
    public NpgsqlDataSource NewDataSource(string? host = null) =>
        new NpgsqlDataSourceBuilder(TestServers.Postgres.Connection) { ConnectionStringBuilder = { ApplicationName = host is null ? $"fluents-{Name}" : $"fluents-{Name}-{host}" } }.Build();

    /// <summary>Runs SQL against the schema (search_path set), for arranging rows a test cannot make through the API.</summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await Admin.Value.OpenConnectionAsync();
        await using (var path = new NpgsqlCommand($"SET search_path TO \"{Name}\"", connection)) await path.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value with SQL against the schema.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await Admin.Value.OpenConnectionAsync();
        await using (var path = new NpgsqlCommand($"SET search_path TO \"{Name}\"", connection)) await path.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Closes the idle connections of the pool the tests arrange and drop schemas with, after the server restarted: Npgsql does
    /// not check an idle pooled connection before handing it out, so the first command on one the restart closed would fail.
    /// </summary>
    public static void ForgetPooledConnections()
    {
        if (Admin.IsValueCreated) Admin.Value.Clear();
    }

    /// <summary>Drops the schema and closes the pools.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var connection = await Admin.Value.OpenConnectionAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
