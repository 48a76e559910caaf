namespace Fluents.Settings.PostgreSql.Schema;

/// <summary>
/// The schema is not what this package needs (missing, behind, or migrated further by a newer package), so a host must not serve
/// on it: thrown by <see cref="PostgreSqlSchema.EnsureReadyAsync"/>. The message says what was found and how to fix it.
/// </summary>
public sealed class SchemaNotReadyException : Exception
{
    /// <summary>The schema is not ready.</summary>
    /// <param name="schema">The schema's name.</param>
    /// <param name="check">What was found.</param>
    public SchemaNotReadyException(string schema, SchemaCheck check)
        : base(MessageOf(schema, check))
    {
        Schema = schema;
        Check = check;
    }

    /// <summary>The schema's name (<see cref="PostgreSqlSettingsOptions.Schema"/>).</summary>
    public string Schema { get; }

    /// <summary>What was found: the state, the migration applied and the one needed.</summary>
    public SchemaCheck Check { get; }

    private static string MessageOf(string schema, SchemaCheck check) => check?.State switch
    {
        SchemaState.Ahead => $"PostgreSQL schema {schema}: {check}. Upgrade this host to the package that migrated it.",
        _ => $"PostgreSQL schema {schema}: {check}. Migrate it first: PostgreSqlSchema.MigrateAsync from a deployment step (or SchemaMode.Migrate), "
            + "or have a DBA run the SQL of PostgreSqlSchema.GetMigrationScript.",
    };
}
