using System.Diagnostics;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Secrets;
using Npgsql;

namespace Fluents.Settings.PostgreSql.ApiKeys;

/// <summary>
/// Keeps one host's <see cref="IApiKeyIndex"/> in step with the <c>api_keys</c> table, so that a key revoked, deleted or rotated
/// away through any host is refused by this one within a bound (R31; the README gives the measured figures): verification stays
/// in memory and O(1), and this component does the I/O beside it.
/// </summary>
/// <remarks>
/// <para><b>How.</b> <see cref="StartAsync"/> opens a dedicated connection that <c>LISTEN</c>s on the schema's key channel, then
/// loads every account's keys with its version. Every save that changes keys notifies the channel from its transaction (so the
/// notice arrives on commit only) with the account id and version; on a notice, this host re-reads that account's keys and
/// replaces its entries, which the index applies only when the version is newer than what it holds. Every
/// <see cref="PostgreSqlSettingsOptions.KeyResyncInterval"/> it re-reads everything, a safety net for a missed notice. When the
/// connection breaks (a database restart, a network cut) it reconnects with a doubling delay up to
/// <see cref="PostgreSqlSettingsOptions.ReconnectDelayMax"/>, listens again, and re-reads everything before anything else.</para>
/// <para><b>Last use.</b> When the index is a <see cref="PostgreSqlApiKeyIndex"/>, a second loop writes the keys' last uses to
/// <c>api_key_usage</c> on pooled connections, in one statement per round (every quarter of
/// <see cref="PostgreSqlSettingsOptions.KeyUsageWritePeriod"/>), at most once per key per period from this host. The verification
/// path only notes the use in memory, and a slow or blocked write never delays the key loop (nor so the revocation bound).</para>
/// <para>Usable without dependency injection: construct, <see cref="StartAsync"/>, and <see cref="DisposeAsync"/> at shutdown (a
/// hosting package runs it as a hosted service).</para>
/// </remarks>
public sealed class PostgreSqlApiKeySync : IAsyncDisposable
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FinalUsageWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly IApiKeyIndex _index;
    private readonly PostgreSqlSettingsOptions _options;
    private readonly HashSet<AccountId> _notified = [];
    private readonly string _keysOf;
    private readonly string _allKeys;
    private readonly string _writeUsage;
    private readonly string _readUsage;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private Task? _usageLoop;
    private NpgsqlConnection? _listener;
    private long _nextResync;
    private int _reconnects;
    private long _notices;

    /// <summary>A sync of <paramref name="index"/> with the database; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="index">This host's index: the one its <see cref="Application.SettingsService"/> verifies with (a <see cref="PostgreSqlApiKeyIndex"/> to also write last uses).</param>
    /// <param name="options">The schema and the intervals.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PostgreSqlApiKeySync(NpgsqlDataSource dataSource, IApiKeyIndex index, PostgreSqlSettingsOptions options)
    {
        _dataSource = Guard.Against.Null(dataSource);
        _index = Guard.Against.Null(index);
        _options = Guard.Against.Null(options).Validated();
        var s = options.QuotedSchema;
        const string Columns = "SELECT a.id, a.version, k.key_hash, k.environment_id, k.valid_until FROM {0}.accounts a LEFT JOIN {0}.api_keys k ON k.account_id = a.id";
        _keysOf = string.Format(System.Globalization.CultureInfo.InvariantCulture, Columns, s) + " WHERE a.id = ANY ($1) ORDER BY a.id";
        _allKeys = string.Format(System.Globalization.CultureInfo.InvariantCulture, Columns, s) + " ORDER BY a.id";
        _writeUsage = $"""
            INSERT INTO {s}.api_key_usage (key_hash, last_used_at) SELECT * FROM unnest($1::bytea[], $2::timestamptz[])
            ON CONFLICT (key_hash) DO UPDATE SET last_used_at = greatest(api_key_usage.last_used_at, EXCLUDED.last_used_at)
            """;
        _readUsage = $"SELECT key_hash, last_used_at FROM {s}.api_key_usage WHERE key_hash = ANY ($1)";
    }

    /// <summary>Whether the listener is connected now.</summary>
    public bool IsListening => _listener is { State: System.Data.ConnectionState.Open };

    /// <summary>How many times the listener reconnected since start (each followed by a full re-read).</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>How many key notices this host received since start (its own saves included).</summary>
    public long Notices => Interlocked.Read(ref _notices);

    /// <summary>The last failure of the loop (a lost connection, a failed write), or <c>null</c>; the loop carries on.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>
    /// Listens for key changes and loads every key into the index, then keeps it in step in the background until
    /// <see cref="StopAsync"/>. Returns once the index is loaded.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the index holds every key.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached now (the host should not serve without its keys).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping is not null) throw new InvalidOperationException("The key sync is started already.");
        _listener = await ListenAsync(cancellationToken).ConfigureAwait(false);
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
        if (_index is PostgreSqlApiKeyIndex usage) _usageLoop = Task.Run(() => WriteUsageLoopAsync(usage, stopping), CancellationToken.None);
    }

    /// <summary>Re-reads every key now (the periodic safety net, on demand).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many accounts' entries were applied (newer than what the index held).</returns>
    public async Task<int> ResynchronizeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When keys last authenticated, as written by every host (at most one <see cref="PostgreSqlSettingsOptions.KeyUsageWritePeriod"/> behind).</summary>
    /// <param name="hashes">The keys' hashes (<see cref="ApiKeyIndexEntry.Hash"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The last use of each key that has one.</returns>
    public async Task<IReadOnlyDictionary<SecretHash, Instant>> ReadLastUsedAsync(IReadOnlyCollection<SecretHash> hashes, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(hashes);
        await using var command = _dataSource.CreateCommand(_readUsage);
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. hashes.Select(HashBytes)] });
        var lastUsed = new Dictionary<SecretHash, Instant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            lastUsed[SecretHash.FromBytes(reader.GetFieldValue<byte[]>(0))] = Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        return lastUsed;
    }

    /// <summary>Stops listening, and writes the last uses collected since the last write once more (trying for at most 5 seconds).</summary>
    /// <returns>A task that completes when the loops ended.</returns>
    public async Task StopAsync()
    {
        if (_stopping is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (_usageLoop is not null) await _usageLoop.ConfigureAwait(false);
        _stopping.Dispose();
        _stopping = null;
        _loop = null;
        _usageLoop = null;
        if (_index is not PostgreSqlApiKeyIndex usage) return;
        using var flush = new CancellationTokenSource(FinalUsageWriteTimeout);
        try
        {
            await WriteUsageAsync(usage, force: true, flush.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LastFailure = failure; // the database is gone at shutdown: these last uses are lost (a minute's worth at most)
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = FirstReconnectDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_listener is null)
                {
                    _listener = await ListenAsync(stopping).ConfigureAwait(false);
                    Interlocked.Increment(ref _reconnects);
                }
                delay = FirstReconnectDelay;
                var now = Stopwatch.GetTimestamp();
                var waitMilliseconds = (long)Math.Ceiling(Math.Max(0, _nextResync - now) * 1000.0 / Stopwatch.Frequency);
                // Whole milliseconds, at least one: Npgsql reads a wait of 0 ms as "no timeout" (wait for the next notice).
                // Notices that came during a read are applied first.
                if (waitMilliseconds > 0 && !HasNotices()) await _listener.WaitAsync(TimeSpan.FromMilliseconds(waitMilliseconds), stopping).ConfigureAwait(false);
                await ApplyNoticesAsync(_listener, stopping).ConfigureAwait(false);
                if (Stopwatch.GetTimestamp() >= _nextResync) await ReadAllAsync(_listener, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure)
            {
                // Lost the connection (or a statement failed): drop it, wait, reconnect, and re-read everything.
                LastFailure = failure;
                await DropListenerAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectDelayMax.Ticks));
            }
        }
        await DropListenerAsync().ConfigureAwait(false);
    }

    // A connection of its own (not from the pool's rotation: it waits for notices), listening before the full read, so that
    // no change committed in between is missed.
    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += OnNotification;
            // The listener names itself in pg_stat_activity (" (api-key listener)" after the application name) for DBAs.
            await using (var listen = new NpgsqlCommand(
                $"LISTEN \"{_options.KeyChannel}\"; SELECT set_config('application_name', left(current_setting('application_name'), 40) || ' (api-key listener)', false)",
                connection))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Notification -= OnNotification;
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task DropListenerAsync()
    {
        if (_listener is not { } listener) return;
        _listener = null;
        listener.Notification -= OnNotification;
        try
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is NpgsqlException or IOException or ObjectDisposedException)
        {
            // already broken
        }
    }

    // Raised on the loop's own thread while it waits: note the account, apply after the wait.
    private void OnNotification(object sender, NpgsqlNotificationEventArgs notice)
    {
        Interlocked.Increment(ref _notices);
        var separator = notice.Payload.IndexOf(':', StringComparison.Ordinal);
        if (separator > 0 && Guid.TryParse(notice.Payload.AsSpan(0, separator), out var account) && account != Guid.Empty)
        {
            lock (_notified) _notified.Add(new AccountId(account));
        }
    }

    private bool HasNotices()
    {
        lock (_notified) return _notified.Count > 0;
    }

    private async Task ApplyNoticesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        Guid[] accounts;
        lock (_notified)
        {
            if (_notified.Count == 0) return;
            accounts = [.. _notified.Select(a => a.Value)];
            _notified.Clear();
        }
        await using var command = new NpgsqlCommand(_keysOf, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = accounts });
        await ApplyAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = new NpgsqlCommand(_allKeys, connection);
        var applied = await ApplyAsync(command, cancellationToken).ConfigureAwait(false);
        _nextResync = started + (long)(_options.KeyResyncInterval.TotalSeconds * Stopwatch.Frequency);
        return applied;
    }

    // Rows ordered by account: each account's keys (none when the LEFT JOIN finds none) with its version, replaced in one step.
    private async Task<int> ApplyAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var applied = 0;
        var entries = new List<ApiKeyIndexEntry>();
        AccountId? current = null;
        long version = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var account = new AccountId(reader.GetGuid(0));
                if (current != account)
                {
                    if (current is { } done) applied += Replace(done, version, entries);
                    current = account;
                    version = reader.GetInt64(1);
                    entries.Clear();
                }
                if (reader.IsDBNull(2)) continue;
                Instant? validUntil = reader.IsDBNull(4) ? null : Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc));
                entries.Add(new ApiKeyIndexEntry(SecretHash.FromBytes(reader.GetFieldValue<byte[]>(2)), account, new EnvironmentId(reader.GetGuid(3)), validUntil));
            }
        }
        if (current is { } last) applied += Replace(last, version, entries);
        return applied;
    }

    private int Replace(AccountId account, long version, List<ApiKeyIndexEntry> entries)
    {
        try
        {
            return _index.ReplaceAccountKeys(account, version, entries) ? 1 : 0;
        }
        catch (ArgumentException refused)
        {
            LastFailure = refused; // a hash indexed for another account: corrupt rows; the others still apply
            return 0;
        }
    }

    // Last uses are written by a loop of their own, on pooled connections: a slow or blocked write (a lock on api_key_usage, a
    // busy server) never holds up the notices and re-reads of the key loop, so it cannot stretch the revocation bound (R31).
    private async Task WriteUsageLoopAsync(PostgreSqlApiKeyIndex usage, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, _options.KeyUsageWritePeriod.Ticks / 4)));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await WriteUsageAsync(usage, force: false, stopping).ConfigureAwait(false);
                }
                catch (Exception failure) when (!stopping.IsCancellationRequested)
                {
                    LastFailure = failure; // the uses were put back: the next round writes them
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping: StopAsync writes what is left
        }
    }

    // One statement for every key due: each used since its last write, and last written at least KeyUsageWritePeriod ago.
    private async Task WriteUsageAsync(PostgreSqlApiKeyIndex usage, bool force, CancellationToken cancellationToken)
    {
        var due = usage.TakeDue(Environment.TickCount64, force ? TimeSpan.Zero : _options.KeyUsageWritePeriod);
        if (due.Count == 0) return;
        try
        {
            await using var command = _dataSource.CreateCommand(_writeUsage);
            command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. due.Select(u => HashBytes(u.Hash))] });
            command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. due.Select(u => u.LastUsed.ToDateTimeUtc())] });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            usage.Unwritten(due);
            throw;
        }
    }

    private static byte[] HashBytes(SecretHash hash)
    {
        var bytes = new byte[SecretHash.Length];
        hash.CopyTo(bytes);
        return bytes;
    }
}
