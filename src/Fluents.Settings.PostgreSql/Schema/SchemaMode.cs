namespace Fluents.Settings.PostgreSql.Schema;

/// <summary>What <see cref="PostgreSqlSchema.EnsureReadyAsync"/> does at a host's start (<see cref="PostgreSqlSettingsOptions.SchemaMode"/>).</summary>
public enum SchemaMode
{
    /// <summary>
    /// Only check that the schema holds exactly the migrations this package needs, and change nothing (the default, for
    /// production: the schema is created and migrated by a deployment step or a DBA, with rights the application need not have).
    /// </summary>
    Validate = 1,

    /// <summary>
    /// Create the schema if needed and apply the pending migrations (in one transaction, under an advisory lock, so several hosts
    /// may start at once), then check. For development, tests, and deployments whose application role owns its schema.
    /// </summary>
    Migrate = 2,
}
