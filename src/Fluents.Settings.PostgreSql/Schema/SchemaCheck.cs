namespace Fluents.Settings.PostgreSql.Schema;

/// <summary>What <see cref="PostgreSqlSchema.ValidateAsync"/> found.</summary>
public enum SchemaState
{
    /// <summary>Every migration this package ships is applied: ready.</summary>
    UpToDate = 1,

    /// <summary>The schema, or its migration table, does not exist: create it (<see cref="PostgreSqlSchema.MigrateAsync"/> or the DBA script).</summary>
    Missing = 2,

    /// <summary>Some migrations are not applied yet: migrate before this version of the package runs.</summary>
    Behind = 3,

    /// <summary>A newer version of the package migrated the schema further: this host is older than its database; upgrade it.</summary>
    Ahead = 4,
}

/// <summary>The schema version found in the database and the one this package needs.</summary>
/// <param name="State">Whether the schema is ready.</param>
/// <param name="Found">The newest migration applied (0 when none).</param>
/// <param name="Expected">The newest migration this package ships.</param>
public sealed record SchemaCheck(SchemaState State, int Found, int Expected)
{
    /// <summary>Whether the schema is exactly what this package needs.</summary>
    public bool IsUpToDate => State == SchemaState.UpToDate;

    /// <summary>One sentence for a log or a failed health check.</summary>
    /// <returns>For example <c>schema fluents_settings is behind: migration 2 applied, 3 needed</c>.</returns>
    public override string ToString() => State switch
    {
        SchemaState.UpToDate => $"schema up to date (migration {Found})",
        SchemaState.Missing => $"schema missing: no migration applied, {Expected} needed",
        SchemaState.Behind => $"schema behind: migration {Found} applied, {Expected} needed",
        _ => $"schema ahead: migration {Found} applied by a newer package, this one knows {Expected}",
    };
}
