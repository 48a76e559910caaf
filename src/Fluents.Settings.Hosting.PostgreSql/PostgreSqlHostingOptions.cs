using Fluents.Settings.Diagnostics;
using Fluents.Settings.PostgreSql;
using Fluents.Settings.PostgreSql.Schema;

namespace Fluents.Settings.Hosting.PostgreSql;

/// <summary>
/// The PostgreSQL adapters' settings in a host, bound from the <c>"FluentsSettings:PostgreSql"</c> section and validated at
/// start; each becomes the <see cref="PostgreSqlSettingsOptions"/> property of the same name (see there for what it does).
/// </summary>
/// <example>
/// <code language="json">
/// "FluentsSettings": {
///   "PostgreSql": {
///     "ConnectionString": "Host=db;Username=app;Password=…;Database=app",
///     "SchemaMode": "Validate",
///     "InvitationMailKey": "base64 of 32 random bytes, the same on every host"
///   }
/// }
/// </code>
/// </example>
public sealed class PostgreSqlHostingOptions
{
    /// <summary>The configuration section: <c>FluentsSettings:PostgreSql</c>.</summary>
    public const string SectionName = "FluentsSettings:PostgreSql";

    private static readonly PostgreSqlSettingsOptions Defaults = new();

    /// <summary>An Npgsql connection string, used only when the host registered no <c>NpgsqlDataSource</c> of its own.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema the tables live in (default <c>fluents_settings</c>).</summary>
    public string Schema { get; set; } = Defaults.Schema;

    /// <summary><c>Validate</c> (the default: the host does not start unless the schema is at the package's version) or <c>Migrate</c> (creates and migrates it at start).</summary>
    public SchemaMode SchemaMode { get; set; } = Defaults.SchemaMode;

    /// <summary>The AES-256 key (base64 of 32 bytes, the same on every host) that seals invitation mail in the outbox; required to invite.</summary>
    public string? InvitationMailKey { get; set; }

    /// <summary>How often the API-key index is re-read in full, as a safety net for a missed notification.</summary>
    public TimeSpan KeyResyncInterval { get; set; } = Defaults.KeyResyncInterval;

    /// <summary>The longest wait between two attempts to reconnect the key listener.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = Defaults.ReconnectDelayMax;

    /// <summary>How often a key's last use is written at most.</summary>
    public TimeSpan KeyUsageWritePeriod { get; set; } = Defaults.KeyUsageWritePeriod;

    /// <summary>How often the outbox relay looks for entries while none are due.</summary>
    public TimeSpan RelayPollInterval { get; set; } = Defaults.RelayPollInterval;

    /// <summary>How many entries of an account the relay delivers in one transaction.</summary>
    public int RelayBatchSize { get; set; } = Defaults.RelayBatchSize;

    /// <summary>The longest wait before a failing entry is tried again.</summary>
    public TimeSpan RelayRetryDelayMax { get; set; } = Defaults.RelayRetryDelayMax;

    /// <summary>Whether this host runs the outbox relay (default <c>true</c>; any number of hosts may run it).</summary>
    public bool RunOutboxRelay { get; set; } = true;

    /// <summary>The adapters' options, checked; <see cref="ArgumentException"/> (with the property's name) for a bad value.</summary>
    /// <param name="metrics">Where the relay records the outbox lag.</param>
    /// <returns>The options.</returns>
    internal PostgreSqlSettingsOptions ToSettingsOptions(SettingsMetrics? metrics)
    {
        byte[]? key = null;
        if (!string.IsNullOrWhiteSpace(InvitationMailKey))
        {
            key = new byte[32];
            if (!Convert.TryFromBase64String(InvitationMailKey, key, out var written) || written != 32)
                throw new ArgumentException("InvitationMailKey must be the base64 of 32 bytes (an AES-256 key).", nameof(InvitationMailKey));
        }

        var options = new PostgreSqlSettingsOptions
        {
            Schema = Schema,
            SchemaMode = SchemaMode,
            InvitationMailKey = key,
            KeyResyncInterval = KeyResyncInterval,
            ReconnectDelayMax = ReconnectDelayMax,
            KeyUsageWritePeriod = KeyUsageWritePeriod,
            RelayPollInterval = RelayPollInterval,
            RelayBatchSize = RelayBatchSize,
            RelayRetryDelayMax = RelayRetryDelayMax,
            Metrics = metrics,
        };
        options.Validate();
        return options;
    }
}
