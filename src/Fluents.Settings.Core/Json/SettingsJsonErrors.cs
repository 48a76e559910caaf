namespace Fluents.Settings.Json;

/// <summary>
/// The document was written by a newer version of the format than this library reads (for example by an upgraded host
/// during a rolling deployment). Nothing was read: upgrading the library on this host is the fix, not repairing the data.
/// </summary>
/// <param name="Version">The document's <c>schemaVersion</c>.</param>
/// <param name="NewestSupported">The newest version this library reads (<see cref="SettingsJson.SnapshotSchemaVersion"/> or
/// <see cref="SettingsJson.EventSchemaVersion"/>).</param>
public sealed record UnsupportedSchemaVersion(int Version, int NewestSupported) : DomainError
{
    /// <inheritdoc />
    public override string Code => "json.unsupported_schema_version";

    /// <inheritdoc />
    public override string Message =>
        $"The document has schemaVersion {Version}, newer than this library reads ({NewestSupported}): upgrade the library on this host to read it.";
}

/// <summary>Text that cannot be read as a domain event: malformed JSON, an unknown <c>"type"</c>, a missing or wrong field.</summary>
/// <param name="Reason">What is wrong, in words (with the JSON path where there is one).</param>
public sealed record InvalidEventJson(string Reason) : DomainError
{
    /// <inheritdoc />
    public override string Code => "json.invalid_event";

    /// <inheritdoc />
    public override string Message => $"The stored event is not valid: {Reason}";
}
