using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.PostgreSql;
using Fluents.Settings.PostgreSql.Schema;
using Npgsql;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// The schema shipped in the package (issue 13): validate mode (the default) checks and changes nothing; migrate mode creates and
/// migrates under the configured schema name, in one transaction under an advisory lock, so that several hosts may start at once
/// and a failing migration applies none; the script printed for a DBA does the same. Each test uses a schema name of its own.
/// </summary>
public sealed class SchemaTests : IAsyncLifetime
{
    private static readonly string[] Tables = ["accounts", "api_key_usage", "api_keys", "audit", "invitation_mail", "outbox", "schema_migrations"];
    private readonly PostgreSqlSettingsOptions _options = new() { Schema = $"s_{Guid.NewGuid():N}"[..20] };
    private NpgsqlDataSource _dataSource = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(TestServers.Postgres.Connection);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (TestServers.Postgres.IsReachable)
        {
            await using var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_options.Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
        await _dataSource.DisposeAsync();
    }

    [PostgresFact]
    public async Task ValidateMode_TheDefault_OnANewDatabase_SaysMissing_RefusesToServe_AndCreatesNothing()
    {
        var schema = new PostgreSqlSchema(_dataSource, _options);

        var check = await schema.ValidateAsync();
        var refused = await Assert.ThrowsAsync<SchemaNotReadyException>(() => schema.EnsureReadyAsync());

        Assert.Equal(SchemaMode.Validate, new PostgreSqlSettingsOptions().SchemaMode);
        Assert.Equal(new SchemaCheck(SchemaState.Missing, 0, PostgreSqlSchema.ExpectedVersion), check);
        Assert.Equal((_options.Schema, check), (refused.Schema, refused.Check));
        Assert.Contains("MigrateAsync", refused.Message, StringComparison.Ordinal);
        Assert.Contains("GetMigrationScript", refused.Message, StringComparison.Ordinal);
        Assert.False(await ExistsAsync($"SELECT to_regnamespace('\"{_options.Schema}\"') IS NOT NULL"));
    }

    [PostgresFact]
    public async Task MigrateMode_CreatesEveryTableUnderTheConfiguredSchema_RecordsEachMigrationOnce_AndIsIdempotent()
    {
        var schema = new PostgreSqlSchema(_dataSource, _options with { SchemaMode = SchemaMode.Migrate });

        var first = await schema.EnsureReadyAsync();
        var second = await schema.EnsureReadyAsync();
        var validated = await new PostgreSqlSchema(_dataSource, _options).EnsureReadyAsync();

        Assert.All(new[] { first, second, validated }, check => Assert.Equal(new SchemaCheck(SchemaState.UpToDate, 3, 3), check));
        Assert.Equal(Tables, await ListAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{_options.Schema}' ORDER BY table_name"));
        Assert.Equal(["001_accounts", "002_outbox_and_audit", "003_invitation_mail"], await ListAsync($"SELECT name FROM \"{_options.Schema}\".schema_migrations ORDER BY version"));
    }

    [PostgresFact]
    public async Task FourHostsMigrateAtOnce_EachMigrationIsAppliedOnce()
    {
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(TestServers.Postgres.Connection)).ToArray();
        try
        {
            var checks = await Task.WhenAll(sources.Select(source => Task.Run(() => new PostgreSqlSchema(source, _options).MigrateAsync())));

            Assert.All(checks, check => Assert.True(check.IsUpToDate, check.ToString()));
            Assert.Equal(["1", "2", "3"], await ListAsync($"SELECT version::text FROM \"{_options.Schema}\".schema_migrations ORDER BY version"));
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Behind_ValidateRefuses_AndMigrateAppliesOnlyWhatIsMissing()
    {
        var schema = new PostgreSqlSchema(_dataSource, _options);
        _ = await schema.MigrateAsync();
        await ExecuteAsync($"DROP TABLE \"{_options.Schema}\".invitation_mail; DELETE FROM \"{_options.Schema}\".schema_migrations WHERE version = 3");

        var behind = await Assert.ThrowsAsync<SchemaNotReadyException>(() => schema.EnsureReadyAsync());
        var migrated = await schema.MigrateAsync();

        Assert.Equal(new SchemaCheck(SchemaState.Behind, 2, 3), behind.Check);
        Assert.True(migrated.IsUpToDate);
        Assert.Contains("invitation_mail", await ListAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{_options.Schema}'"));
    }

    [PostgresFact]
    public async Task Ahead_ANewerPackageMigratedFurther_BothModesRefuseToServe()
    {
        _ = await new PostgreSqlSchema(_dataSource, _options).MigrateAsync();
        await ExecuteAsync($"INSERT INTO \"{_options.Schema}\".schema_migrations (version, name) VALUES (4, '004_from_a_newer_package')");

        var validating = await Assert.ThrowsAsync<SchemaNotReadyException>(() => new PostgreSqlSchema(_dataSource, _options).EnsureReadyAsync());
        var migrating = await Assert.ThrowsAsync<SchemaNotReadyException>(() => new PostgreSqlSchema(_dataSource, _options with { SchemaMode = SchemaMode.Migrate }).EnsureReadyAsync());

        Assert.All(new[] { validating, migrating }, refused => Assert.Equal(new SchemaCheck(SchemaState.Ahead, 4, 3), refused.Check));
        Assert.Contains("Upgrade this host", migrating.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AMigrationFails_NoneIsApplied()
    {
        // A table of the same name as one migration 001 creates, made by someone else: 001 fails half-way.
        await ExecuteAsync($"CREATE SCHEMA \"{_options.Schema}\"; CREATE TABLE \"{_options.Schema}\".api_key_usage (unrelated integer)");

        var failure = await Assert.ThrowsAsync<PostgresException>(() => new PostgreSqlSchema(_dataSource, _options).MigrateAsync());

        Assert.Equal(PostgresErrorCodes.DuplicateTable, failure.SqlState);
        Assert.Equal(["api_key_usage"], await ListAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{_options.Schema}'"));
    }

    [PostgresFact]
    public async Task TheScriptForADba_RunAsItIs_MakesTheSchemaUpToDate()
    {
        var script = PostgreSqlSchema.GetMigrationScript(_options);

        await ExecuteAsync(script);

        Assert.True((await new PostgreSqlSchema(_dataSource, _options).ValidateAsync()).IsUpToDate);
        Assert.Equal(Tables, await ListAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{_options.Schema}' ORDER BY table_name"));
    }

    [Fact]
    public void TheScriptForADba_NeedsNoServer_NamesTheSchema_AndStartsAfterTheGivenVersion()
    {
        var options = new PostgreSqlSettingsOptions { Schema = "billing_settings" };

        var all = PostgreSqlSchema.GetMigrationScript(options);
        var last = PostgreSqlSchema.GetMigrationScript(options, fromVersion: 2);

        Assert.StartsWith("-- Fluents.Settings.PostgreSql: migrations 1 to 3 of schema billing_settings.", all, StringComparison.Ordinal);
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS \"billing_settings\";", all, StringComparison.Ordinal);
        Assert.Contains("SET LOCAL search_path TO \"billing_settings\";", all, StringComparison.Ordinal);
        Assert.All(PostgreSqlSchema.Migrations, migration => Assert.Contains($"-- {migration.Name}\n", all, StringComparison.Ordinal));
        Assert.EndsWith("COMMIT;" + System.Environment.NewLine, all, StringComparison.Ordinal);
        Assert.DoesNotContain("-- 001_accounts\n", last, StringComparison.Ordinal);
        Assert.Contains("-- 003_invitation_mail\n", last, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgreSqlSchema.GetMigrationScript(options, fromVersion: 4));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> ExistsAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> ListAsync(string sql)
    {
        var values = new List<string>();
        await using var command = _dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
