using System.Security.Cryptography;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Npgsql;

namespace Fluents.Settings.PostgreSql.Outbox;

/// <summary>
/// Delivers what the saves stored in the outbox (R32): each event to the <see cref="IAccountEventHandler"/>s, at least once and
/// in order per account, and each invitation email to the <see cref="IInvitationMailer"/>, whose sealed copy is deleted once
/// the mailer took it. Any number of hosts may run a relay over one database.
/// </summary>
/// <remarks>
/// <para><b>Claiming.</b> An account's entries are delivered by one relay at a time: it takes a transaction-level advisory lock on
/// the account (<c>pg_try_advisory_xact_lock</c>; another relay that holds it is skipped, not waited for), reads the account's
/// oldest undelivered entries in (version, index) order, delivers them one by one, and marks those delivered in the same
/// transaction. Mail rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>. So two relays never deliver an entry at the same time.</para>
/// <para><b>At least once.</b> A relay that dies mid-batch commits nothing: the entries are delivered again by the next relay,
/// the ones its handlers had already handled included. Handlers de-duplicate on (<see cref="DomainEvent.AccountId"/>,
/// <see cref="DomainEvent.Version"/>, <see cref="DomainEvent.Index"/>), which is unique and ordered per account. A mailer may
/// likewise be called twice for one email (the same link).</para>
/// <para><b>Failures.</b> A handler that throws stops its account's delivery there (order is kept): the entry is retried after a
/// delay that doubles from one second up to <see cref="PostgreSqlSettingsOptions.RelayRetryDelayMax"/>, with its attempts and
/// the exception's type and message in the row (<c>attempts</c>, <c>last_error</c>). Other accounts carry on. A failed email is
/// retried the same way; its row keeps only the exception's type (a message may quote the link).</para>
/// </remarks>
public sealed class PostgreSqlOutboxRelay : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSettingsOptions _options;
    private readonly IAccountEventHandler[] _handlers;
    private readonly IInvitationMailer? _mailer;
    private readonly byte[]? _mailKeyId;
    private readonly string _lockKey;
    private readonly string _dueAccounts;
    private readonly string _lockAccount;
    private readonly string _entriesOf;
    private readonly string _markDelivered;
    private readonly string _markFailed;
    private readonly string _dueMail;
    private readonly string _deleteMail;
    private readonly string _mailFailed;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private long _delivered;
    private long _mailSent;

    /// <summary>A relay; nothing runs until <see cref="Start"/> (or a call of <see cref="DeliverDueAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema, the key that opens sealed mail, batch size and delays.</param>
    /// <param name="handlers">The host's event handlers, called in this order for each event.</param>
    /// <param name="mailer">Sends invitation emails; <c>null</c> for a relay that delivers events only (another relay sends mail).</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/>, <paramref name="options"/> or <paramref name="handlers"/> is null.</exception>
    public PostgreSqlOutboxRelay(NpgsqlDataSource dataSource, PostgreSqlSettingsOptions options, IEnumerable<IAccountEventHandler> handlers, IInvitationMailer? mailer)
    {
        _dataSource = Guard.Against.Null(dataSource);
        _options = Guard.Against.Null(options).Validated();
        _handlers = [.. Guard.Against.Null(handlers)];
        _mailer = mailer;
        _mailKeyId = options.InvitationMailKey is { } key ? InvitationMailSeal.KeyId(key) : null;
        var s = options.QuotedSchema;
        _lockKey = $"{options.Schema}:outbox";
        _dueAccounts = $"SELECT DISTINCT account_id FROM {s}.outbox WHERE delivered_at IS NULL AND next_attempt_at <= now() LIMIT 64";
        _lockAccount = "SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2::text))";
        _entriesOf = $"""
            SELECT version, event_index, payload, next_attempt_at <= now(), attempts, extract(epoch FROM now() - created_at)::float8 FROM {s}.outbox
            WHERE account_id = $1 AND delivered_at IS NULL ORDER BY version, event_index LIMIT $2
            """;
        _markDelivered = $"""
            UPDATE {s}.outbox SET delivered_at = now(), last_error = NULL
            WHERE account_id = $1 AND delivered_at IS NULL AND (version, event_index) <= ($2, $3)
            """;
        _markFailed = $"""
            UPDATE {s}.outbox SET attempts = attempts + 1, next_attempt_at = now() + $4, last_error = $5
            WHERE account_id = $1 AND version = $2 AND event_index = $3
            """;
        _dueMail = $"""
            SELECT account_id, version, invitation_id, key_id, sealed, attempts FROM {s}.invitation_mail
            WHERE next_attempt_at <= now() ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
            """;
        _deleteMail = $"DELETE FROM {s}.invitation_mail WHERE account_id = $1 AND version = $2 AND invitation_id = $3";
        _mailFailed = $"""
            UPDATE {s}.invitation_mail SET attempts = attempts + 1, next_attempt_at = now() + $4, last_error = $5
            WHERE account_id = $1 AND version = $2 AND invitation_id = $3
            """;
    }

    /// <summary>How many events this relay delivered (to every handler) since it was made.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>How many invitation emails this relay handed to the mailer since it was made.</summary>
    public long MailSent => Interlocked.Read(ref _mailSent);

    /// <summary>The last failure of the background loop (a lost connection), or <c>null</c>; the loop carries on.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Starts delivering in the background: whatever is due, then again every <see cref="PostgreSqlSettingsOptions.RelayPollInterval"/> while nothing is.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        if (_stopping is not null) throw new InvalidOperationException("The relay is started already.");
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
    }

    /// <summary>Stops the background delivery; a batch in flight is abandoned (not committed: it is delivered again later).</summary>
    /// <returns>A task that completes when the loop ended.</returns>
    public async Task StopAsync()
    {
        if (_stopping is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _stopping = null;
        _loop = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Delivers what is due now, once: the events of every account that has some (up to 64 accounts), then the mail.</summary>
    /// <param name="cancellationToken">Cancels the pass; handlers and the mailer get this token.</param>
    /// <returns>How many events and emails were delivered.</returns>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var accounts = new List<Guid>();
        await using (var command = _dataSource.CreateCommand(_dueAccounts))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) accounts.Add(reader.GetGuid(0));
        }
        var delivered = 0;
        foreach (var account in accounts) delivered += await DeliverAccountAsync(account, cancellationToken).ConfigureAwait(false);
        if (_mailer is not null) delivered += await SendMailAsync(_mailer, cancellationToken).ConfigureAwait(false);
        return delivered;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await DeliverDueAsync(stopping).ConfigureAwait(false) > 0) continue;
                await Task.Delay(_options.RelayPollInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure)
            {
                LastFailure = failure; // e.g. the database restarting: try again after the poll interval
                try
                {
                    await Task.Delay(_options.RelayPollInterval, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    // One account, one transaction: its lock, its oldest undelivered entries in order, each to every handler, then one
    // update marking those delivered (or the failed one for a retry).
    private async Task<int> DeliverAccountAsync(Guid account, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var claim = new NpgsqlCommand(_lockAccount, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _lockKey });
            claim.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account });
            if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true) return 0; // another relay has it
        }

        var entries = new List<(long Version, int Index, byte[] Payload, bool Due, int Attempts, double Waited)>();
        var readAt = System.Diagnostics.Stopwatch.GetTimestamp();
        await using (var read = new NpgsqlCommand(_entriesOf, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account });
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.RelayBatchSize });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                entries.Add((reader.GetInt64(0), reader.GetInt32(1), await reader.GetFieldValueAsync<byte[]>(2, cancellationToken).ConfigureAwait(false), reader.GetBoolean(3), reader.GetInt32(4), reader.GetDouble(5)));
        }

        (long Version, int Index)? lastDelivered = null;
        (long Version, int Index, int Attempts, string Error)? failed = null;
        foreach (var entry in entries)
        {
            if (!entry.Due) break; // the oldest is waiting for its retry: the later ones wait behind it
            if (!SettingsJson.DeserializeEvent(entry.Payload).TryGetValue(out var domainEvent, out var unreadable))
            {
                failed = (entry.Version, entry.Index, entry.Attempts, $"unreadable: {unreadable.Message}");
                break;
            }
            try
            {
                foreach (var handler in _handlers) await handler.HandleAsync(domainEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                failed = (entry.Version, entry.Index, entry.Attempts, $"{failure.GetType().Name}: {failure.Message}");
                break;
            }
            lastDelivered = (entry.Version, entry.Index);
        }

        if (lastDelivered is { } last)
        {
            await using var mark = new NpgsqlCommand(_markDelivered, connection, transaction);
            mark.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account });
            mark.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last.Version });
            mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = last.Index });
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (failed is { } f)
        {
            await using var retry = new NpgsqlCommand(_markFailed, connection, transaction);
            retry.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account });
            retry.Parameters.Add(new NpgsqlParameter<long> { TypedValue = f.Version });
            retry.Parameters.Add(new NpgsqlParameter<int> { TypedValue = f.Index });
            retry.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = RetryDelay(f.Attempts) });
            retry.Parameters.Add(new NpgsqlParameter<string> { TypedValue = f.Error });
            await retry.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var count = lastDelivered is null ? 0 : entries.TakeWhile(e => (e.Version, e.Index) != lastDelivered.Value).Count() + 1;
        Interlocked.Add(ref _delivered, count);
        if (_options.Metrics is { } metrics) // the outbox lag: from the commit (the server's created_at) to this delivery
            foreach (var delivered in entries.Take(count))
                metrics.RecordOutboxLag(TimeSpan.FromSeconds(delivered.Waited) + System.Diagnostics.Stopwatch.GetElapsedTime(readAt));
        return count;
    }

    private async Task<int> SendMailAsync(IInvitationMailer mailer, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(Guid Account, long Version, Guid Invitation, byte[] KeyId, byte[] Sealed, int Attempts)>();
        await using (var read = new NpgsqlCommand(_dueMail, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.RelayBatchSize });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4), reader.GetInt32(5)));
        }
        if (rows.Count == 0) return 0;

        var sent = 0;
        foreach (var row in rows)
        {
            string? error;
            if (_options.InvitationMailKey is not { } key || !row.KeyId.AsSpan().SequenceEqual(_mailKeyId))
            {
                error = "sealed with another key than this host's PostgreSqlSettingsOptions.InvitationMailKey";
            }
            else
            {
                try
                {
                    var email = InvitationMailSeal.Open(row.Sealed, key, new AccountId(row.Account), new InvitationId(row.Invitation));
                    await mailer.SendAsync(email, cancellationToken).ConfigureAwait(false);
                    error = null;
                }
                catch (CryptographicException)
                {
                    error = "the sealed email does not open with this host's key (changed bytes?)";
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    error = failure.GetType().Name; // never the message: it may quote the invitation link (R23)
                }
            }

            await using var update = new NpgsqlCommand(error is null ? _deleteMail : _mailFailed, connection, transaction);
            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = row.Account });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Version });
            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = row.Invitation });
            if (error is not null)
            {
                update.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = RetryDelay(row.Attempts) });
                update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
            }
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (error is null) sent++;
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _mailSent, sent);
        return sent;
    }

    private TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond << Math.Min(attempts, 30), _options.RelayRetryDelayMax.Ticks));
}
