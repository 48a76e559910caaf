using System.Text.RegularExpressions;
using Ardalis.GuardClauses;
using Fluents.Settings.PostgreSql.Schema;

namespace Fluents.Settings.PostgreSql;

/// <summary>
/// Settings of the PostgreSQL adapters: where the tables are, the key that seals invitation mail, and how often the
/// background work runs. Every component of this package takes the same options, so every host of a deployment must use the
/// same <see cref="Schema"/> and <see cref="InvitationMailKey"/>.
/// </summary>
public sealed record PostgreSqlSettingsOptions
{
    private readonly string _schema = "fluents_settings";

    /// <summary>
    /// The PostgreSQL schema that holds the tables (default <c>fluents_settings</c>): a lower-case identifier of 1–63 letters,
    /// digits and underscores, not starting with a digit. It is always quoted in SQL.
    /// </summary>
    /// <exception cref="ArgumentException">Not such an identifier.</exception>
    public string Schema
    {
        get => _schema;
        init => _schema = IsIdentifier(value) ? value : throw new ArgumentException($"'{value}' is not a schema name this package uses: 1–63 of a–z, 0–9 and _, not starting with a digit.", nameof(Schema));
    }

    /// <summary>
    /// The AES-256 key (32 bytes) that seals invitation mail in the outbox (R23): the email and its accept token are never
    /// stored readable. Keep it with the host's other secrets; every host that saves or relays needs the same key. Required to
    /// save a change that sends an invitation; <c>null</c> otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public byte[]? InvitationMailKey
    {
        get;
        init => field = value is null || value.Length == 32 ? value : throw new ArgumentException("The invitation mail key is an AES-256 key: 32 bytes.", nameof(InvitationMailKey));
    }

    /// <summary>
    /// What <see cref="PostgreSqlSchema.EnsureReadyAsync"/> does at start: <see cref="SchemaMode.Validate"/> (the default) only
    /// checks the schema version; <see cref="SchemaMode.Migrate"/> creates and migrates it first.
    /// </summary>
    public SchemaMode SchemaMode { get; init; } = SchemaMode.Validate;

    /// <summary>How often <see cref="ApiKeys.PostgreSqlApiKeySync"/> re-reads every key, in case a notification was missed (default 30 seconds).</summary>
    public TimeSpan KeyResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts to reconnect the notification listener (default 5 seconds; it starts at 100 ms and doubles).</summary>
    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least time between two writes of one key's last use (default one minute): uses are collected in memory on the
    /// verification path and written in batches, never more often than this per key.
    /// </summary>
    public TimeSpan KeyUsageWritePeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the outbox relay looks for entries to deliver when it found none (default 250 ms).</summary>
    public TimeSpan RelayPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most outbox entries of one account the relay delivers in one transaction (default 100).</summary>
    public int RelayBatchSize { get; init; } = 100;

    /// <summary>The longest wait before the relay retries an entry whose handler failed (default 5 minutes; it starts at 1 second and doubles).</summary>
    public TimeSpan RelayRetryDelayMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The schema, quoted for SQL.</summary>
    internal string QuotedSchema => $"\"{Schema}\"";

    /// <summary>The notification channel of key changes: one per schema, so two deployments in one database do not hear each other.</summary>
    internal string KeyChannel => $"{Schema}_api_keys";

    /// <summary>
    /// Where the outbox relay records the outbox lag (the time from a change's commit to the delivery of its events, as
    /// <c>fluents.settings.outbox.lag</c>); <c>null</c> (the default) records nothing. The hosting package sets it.
    /// </summary>
    public Diagnostics.SettingsMetrics? Metrics { get; init; }

    /// <summary>Checks every interval and size against its range (what each constructor of this package does too).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range; the message names it.</exception>
    public void Validate() => Validated();

    internal PostgreSqlSettingsOptions Validated()
    {
        Guard.Against.OutOfRange(KeyResyncInterval, nameof(KeyResyncInterval), TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        Guard.Against.OutOfRange(ReconnectDelayMax, nameof(ReconnectDelayMax), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Guard.Against.OutOfRange(KeyUsageWritePeriod, nameof(KeyUsageWritePeriod), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Guard.Against.OutOfRange(RelayPollInterval, nameof(RelayPollInterval), TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Guard.Against.OutOfRange(RelayBatchSize, nameof(RelayBatchSize), 1, 10_000);
        Guard.Against.EnumOutOfRange(SchemaMode);
        Guard.Against.OutOfRange(RelayRetryDelayMax, nameof(RelayRetryDelayMax), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        return this;
    }

    private static bool IsIdentifier(string? value) => value is not null && Regex.IsMatch(value, "^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
