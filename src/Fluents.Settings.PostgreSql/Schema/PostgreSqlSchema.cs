using System.Globalization;
using System.Reflection;
using System.Text;
using Ardalis.GuardClauses;
using Npgsql;

namespace Fluents.Settings.PostgreSql.Schema;

/// <summary>
/// The package's tables under the configured schema, as versioned SQL migrations embedded in the package
/// (<c>Schema/001_accounts.sql</c>, …). A host calls <see cref="EnsureReadyAsync"/> at start, which by default
/// (<see cref="SchemaMode.Validate"/>) only checks the schema version and changes nothing; a deployment step, a host configured
/// with <see cref="SchemaMode.Migrate"/>, or a DBA creates and migrates it (<see cref="MigrateAsync"/>, or the SQL of
/// <see cref="GetMigrationScript(PostgreSqlSettingsOptions, int)"/>).
/// </summary>
/// <remarks>
/// <para><b>Several hosts at once.</b> <see cref="MigrateAsync"/> runs every pending migration in one transaction under a
/// transaction-level advisory lock keyed by the schema name, and records each in <c>schema_migrations</c>: hosts that start
/// together wait for each other, and the second finds nothing left to do. A failing migration rolls back all of them.</para>
/// <para>The <c>.sql</c> files name no schema: they run with <c>search_path</c> set to the configured one for the transaction
/// (<c>SET LOCAL</c>), so the same files serve any schema name.</para>
/// </remarks>
public sealed class PostgreSqlSchema
{
    private const string ResourcePrefix = "Fluents.Settings.PostgreSql.Schema.";

    private static readonly IReadOnlyList<SchemaMigration> Shipped = LoadMigrations();

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSettingsOptions _options;

    /// <summary>The schema of a database.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema name (<see cref="PostgreSqlSettingsOptions.Schema"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PostgreSqlSchema(NpgsqlDataSource dataSource, PostgreSqlSettingsOptions options)
    {
        _dataSource = Guard.Against.Null(dataSource);
        _options = Guard.Against.Null(options).Validated();
    }

    /// <summary>The migrations this package ships, in order.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations => Shipped;

    /// <summary>The newest migration this package ships: the version its code needs.</summary>
    public static int ExpectedVersion => Shipped[^1].Version;

    /// <summary>
    /// Makes sure the schema is what this package needs before a host serves, as <see cref="PostgreSqlSettingsOptions.SchemaMode"/>
    /// says: <see cref="SchemaMode.Validate"/> (the default) checks the version and changes nothing; <see cref="SchemaMode.Migrate"/>
    /// applies the pending migrations first (<see cref="MigrateAsync"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The check, up to date.</returns>
    /// <exception cref="SchemaNotReadyException">The schema is missing, behind or ahead of this package: the host must not serve.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached, or a migration failed (then none was applied).</exception>
    public async Task<SchemaCheck> EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        var check = _options.SchemaMode == SchemaMode.Migrate
            ? await MigrateAsync(cancellationToken).ConfigureAwait(false)
            : await ValidateAsync(cancellationToken).ConfigureAwait(false);
        return check.IsUpToDate ? check : throw new SchemaNotReadyException(_options.Schema, check);
    }

    /// <summary>Checks that the schema holds exactly the migrations this package needs; changes nothing (<see cref="SchemaMode.Validate"/>, the production default).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Up to date, missing, behind or ahead, with the versions found and expected.</returns>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public async Task<SchemaCheck> ValidateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var found = await AppliedVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return Check(found);
    }

    /// <summary>
    /// Creates the schema if needed and applies every pending migration, in one transaction under an advisory lock keyed by
    /// the schema name, recording each in <c>schema_migrations</c>. Safe to run from several hosts at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration (then nothing is applied).</param>
    /// <returns>The check after migrating: up to date, or ahead when a newer package migrated further (nothing is applied then).</returns>
    /// <exception cref="NpgsqlException">The database cannot be reached, or a migration failed (then none was applied).</exception>
    public async Task<SchemaCheck> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = new NpgsqlCommand(Preamble(_options), connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var found = await AppliedVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        foreach (var migration in Shipped.Where(m => m.Version > found))
        {
            await using var command = new NpgsqlCommand(migration.Sql + "\n" + Record(migration), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Check(Math.Max(found, ExpectedVersion));
    }

    /// <summary>
    /// The SQL that <see cref="MigrateAsync"/> runs for the schema <paramref name="options"/> name, without a database: for a DBA
    /// to review and run with psql (<c>psql -v ON_ERROR_STOP=1 -f script.sql</c>). One transaction that creates the schema, takes
    /// the advisory lock, applies the migrations after <paramref name="fromVersion"/> and records them in <c>schema_migrations</c>.
    /// </summary>
    /// <param name="options">The schema name (<see cref="PostgreSqlSettingsOptions.Schema"/>).</param>
    /// <param name="fromVersion">The migration the database has (0 for a new database): only later ones are printed.</param>
    /// <returns>The script.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromVersion"/> is negative or beyond <see cref="ExpectedVersion"/>.</exception>
    public static string GetMigrationScript(PostgreSqlSettingsOptions options, int fromVersion = 0)
    {
        Guard.Against.Null(options);
        Guard.Against.OutOfRange(fromVersion, nameof(fromVersion), 0, ExpectedVersion);
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"-- Fluents.Settings.PostgreSql: migrations {fromVersion + 1} to {ExpectedVersion} of schema {options.Schema}.");
        script.AppendLine("BEGIN;");
        script.AppendLine(Preamble(options));
        foreach (var migration in Shipped.Where(m => m.Version > fromVersion))
        {
            script.AppendLine();
            script.AppendLine(CultureInfo.InvariantCulture, $"-- {migration.Name}");
            script.AppendLine(migration.Sql.TrimEnd());
            script.AppendLine(Record(migration));
        }
        script.AppendLine("COMMIT;");
        return script.ToString();
    }

    private static SchemaCheck Check(int found) => new(
        found == 0 ? SchemaState.Missing : found < ExpectedVersion ? SchemaState.Behind : found > ExpectedVersion ? SchemaState.Ahead : SchemaState.UpToDate,
        found,
        ExpectedVersion);

    // Serialise migrators by the schema's name first (CREATE … IF NOT EXISTS is not safe against a concurrent create of the
    // same name), then create the schema and the migration table, and point search_path at the schema for this transaction only.
    private static string Preamble(PostgreSqlSettingsOptions options) => $"""
        SELECT pg_advisory_xact_lock(hashtext('fluents_settings_migrations'), hashtext('{options.Schema}'));
        CREATE SCHEMA IF NOT EXISTS {options.QuotedSchema};
        SET LOCAL search_path TO {options.QuotedSchema};
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    private static string Record(SchemaMigration migration) =>
        $"INSERT INTO schema_migrations (version, name) VALUES ({migration.Version.ToString(CultureInfo.InvariantCulture)}, '{migration.Name}');";

    private async Task<int> AppliedVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT CASE WHEN to_regclass('{_options.QuotedSchema}.schema_migrations') IS NULL THEN 0 ELSE NULL END",
            connection,
            transaction);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int missing) return missing;
        command.CommandText = $"SELECT coalesce(max(version), 0) FROM {_options.QuotedSchema}.schema_migrations";
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static SchemaMigration[] LoadMigrations()
    {
        var assembly = typeof(PostgreSqlSchema).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1) throw new InvalidOperationException($"The migrations are numbered 1, 2, 3… without gaps; {migrations[i].Name} is not {i + 1}.");
        }
        return migrations;
    }

    private static SchemaMigration Read(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new SchemaMigration(int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture), name, reader.ReadToEnd());
    }
}

/// <summary>One migration the package ships.</summary>
/// <param name="Version">Its number: 1, 2, 3…</param>
/// <param name="Name">Its file name without <c>.sql</c>, e.g. <c>001_accounts</c>.</param>
/// <param name="Sql">Its SQL, which names no schema.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql);
