using System.Data;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.Json;
using Fluents.Settings.PostgreSql.Audit;
using Fluents.Settings.PostgreSql.Outbox;
using Npgsql;
using NpgsqlTypes;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.PostgreSql.Accounts;

/// <summary>
/// <see cref="IAccountRepository"/> on PostgreSQL, with the outbox (<see cref="IOutboxAccountRepository"/>, R32): an account is
/// one row of <c>accounts</c>, the core's JSON snapshot in a <c>jsonb</c> column next to its <c>version</c>. Load is one round
/// trip. Add and save are one statement each, so one transaction and one round trip: the row (a save updates it
/// <c>WHERE id = … AND version = expected</c>, an add inserts it unless the id is taken), and with it everything the change
/// derives: its events into <c>outbox</c>, its audit entries into <c>audit</c>, its API keys into <c>api_keys</c> with a
/// notification to every host (R31), its invitation mail sealed into <c>invitation_mail</c>. A stale version or a taken id
/// writes none of it.
/// </summary>
/// <remarks>
/// <para><b>Reading.</b> A row that does not read as a snapshot, breaks an invariant, or says another version than its
/// <c>version</c> column is <see cref="InvalidAccountSnapshot"/>; one a newer library wrote is
/// <see cref="UnsupportedSchemaVersion"/>: values, never exceptions.</para>
/// <para><b>Failures.</b> A connection lost mid-statement throws <see cref="NpgsqlException"/> and, the statement being one
/// transaction, leaves nothing half-written: the service reports the exception, and the next attempt loads the state as it was.</para>
/// <para>Thread-safe: every call takes a connection from the data source's pool.</para>
/// </remarks>
public sealed class PostgreSqlAccountRepository : IOutboxAccountRepository
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSettingsOptions _options;
    private readonly byte[]? _mailKeyId;
    private readonly string _find;
    private readonly string _currentVersion;
    private readonly Statements _add;
    private readonly Statements _save;

    /// <summary>A repository over a database whose schema is migrated (<see cref="Schema.PostgreSqlSchema"/>).</summary>
    /// <param name="dataSource">The database (its pool).</param>
    /// <param name="options">The schema, and the key that seals invitation mail.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PostgreSqlAccountRepository(NpgsqlDataSource dataSource, PostgreSqlSettingsOptions options)
    {
        _dataSource = Guard.Against.Null(dataSource);
        _options = Guard.Against.Null(options).Validated();
        _mailKeyId = options.InvitationMailKey is { } key ? InvitationMailSeal.KeyId(key) : null;
        AuditTrail = new PostgreSqlAuditTrail(dataSource, options);
        var s = options.QuotedSchema;
        _find = $"SELECT version, snapshot FROM {s}.accounts WHERE id = $1";
        _currentVersion = $"SELECT version FROM {s}.accounts WHERE id = $1";
        _add = new Statements(s, $"INSERT INTO {s}.accounts (id, version, snapshot) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id");
        _save = new Statements(s, $"UPDATE {s}.accounts SET version = $2, snapshot = $3, updated_at = now() WHERE id = $1 AND version = $4 RETURNING id");
    }

    /// <summary>The audit trail, written in each save's transaction (the <c>audit</c> table).</summary>
    public IAuditTrail AuditTrail { get; }

    /// <inheritdoc />
    public async Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(id);
        await using var command = _dataSource.CreateCommand(_find);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id.Value });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return new AccountNotFound(id);
        var version = reader.GetInt64(0);
        var json = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
        return Rebuild(id, version, json);
    }

    /// <inheritdoc />
    public async Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        cancellationToken.ThrowIfCancellationRequested();
        var written = await WriteAsync(_add, account, expectedVersion: null, [], cancellationToken).ConfigureAwait(false);
        return written ? default(Success) : new AccountAlreadyExists(account.Id);
    }

    /// <inheritdoc />
    public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken) =>
        SaveAsync(account, expectedVersion, [], cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The change sends invitation mail and <see cref="PostgreSqlSettingsOptions.InvitationMailKey"/> is not set.</exception>
    public async Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, IReadOnlyList<InvitationEmail> invitationMail, CancellationToken cancellationToken)
    {
        Guard.Against.Null(account);
        Guard.Against.Null(invitationMail);
        cancellationToken.ThrowIfCancellationRequested();
        if (await WriteAsync(_save, account, expectedVersion, invitationMail, cancellationToken).ConfigureAwait(false)) return default(Success);

        // Lost: read the version that won, in a statement of its own (the save's snapshot may predate the winner's commit).
        await using var command = _dataSource.CreateCommand(_currentVersion);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account.Id.Value });
        var actual = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long stored ? stored : -1;
        return new ConcurrencyConflict(account.Id, expectedVersion, actual);
    }

    // A row as an account: a refusal for anything that is not exactly a snapshot of this id at this version.
    private static FindAccountOutcome Rebuild(AccountId id, long version, byte[] json) =>
        SettingsJson.DeserializeSnapshot(json).Match<FindAccountOutcome>(
            snapshot: snapshot =>
                snapshot.Id != id ? new InvalidAccountSnapshot($"the row of account {id} holds the snapshot of account {snapshot.Id}")
                : snapshot.Version != version ? new InvalidAccountSnapshot($"the row's version is {version}, its snapshot's {snapshot.Version}")
                : Account.FromSnapshot(snapshot).Match<FindAccountOutcome>(loaded => loaded, invalid => invalid),
            invalidSnapshot: invalid => invalid,
            unsupportedVersion: newer => newer);

    // One statement: the row, then (only if the row was written) the outbox, the audit entries, the keys with their
    // notification, the sealed mail. Returns whether the row was written.
    private async Task<bool> WriteAsync(Statements statements, Account account, long? expectedVersion, IReadOnlyList<InvitationEmail> mail, CancellationToken cancellationToken)
    {
        if (mail.Count > 0 && _options.InvitationMailKey is null)
            throw new InvalidOperationException("This change sends an invitation email, which the outbox stores sealed: set PostgreSqlSettingsOptions.InvitationMailKey (32 bytes, the same on every host).");

        var events = account.PendingEvents;
        var keysChanged = expectedVersion is null || events.Any(e => e is EnvironmentCreated or EnvironmentDeleted or ApiKeyRotated);
        await using var command = _dataSource.CreateCommand(statements.For(keysChanged, mail.Count > 0));
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = account.Id.Value });                                      // $1
        p.Add(new NpgsqlParameter<long> { TypedValue = account.Version });                                       // $2
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = SettingsJson.SerializeToUtf8Bytes(account.ToSnapshot()), NpgsqlDbType = NpgsqlDbType.Jsonb }); // $3
        p.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion ?? -1 });                                 // $4 (unused by an add)

        var entries = events.Select(AuditEntry.Of).ToArray();
        p.Add(new NpgsqlParameter<int[]> { TypedValue = [.. events.Select(e => e.Index)] });                      // $5
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Type)] });                   // $6
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(SettingsJson.Serialize)] });         // $7
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. events.Select(e => e.OccurredAt.ToDateTimeUtc())] }); // $8
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Actor.Id.ToString())] });   // $9
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => string.Join(',', e.Environments.Select(x => x.Value)))] }); // $10
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Summary)] });                // $11
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Version)] });                    // $12 (an account added with changes after opening has several)

        if (keysChanged)
        {
            var keys = account.ApiKeyIndexEntries().ToArray();
            p.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. keys.Select(k => HashBytes(k.Hash))] });        // $13
            p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. keys.Select(k => k.Environment.Value)] });        // $14
            p.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [.. keys.Select(k => k.ValidUntil?.ToDateTimeUtc())] }); // $15
            p.Add(new NpgsqlParameter<string> { TypedValue = _options.KeyChannel });                                // $16
        }

        if (mail.Count > 0)
        {
            var key = _options.InvitationMailKey!;
            p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. mail.Select(m => m.Invitation.Value)] });          // $17 (or $13)
            p.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. mail.Select(m => InvitationMailSeal.Seal(m, key))] });
            p.Add(new NpgsqlParameter<byte[]> { TypedValue = _mailKeyId! });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(0) > 0;
    }

    private static byte[] HashBytes(Secrets.SecretHash hash)
    {
        var bytes = new byte[Secrets.SecretHash.Length];
        hash.CopyTo(bytes);
        return bytes;
    }

    /// <summary>The statement of an add or a save, in its four shapes (keys changed or not, mail or not), built once.</summary>
    private sealed class Statements
    {
        private readonly string[] _shapes = new string[4];

        public Statements(string s, string row)
        {
            for (var shape = 0; shape < 4; shape++)
            {
                var keys = (shape & 1) != 0;
                var mail = (shape & 2) != 0;
                var mailFirst = keys ? 17 : 13;
                _shapes[shape] = $"""
                    WITH changed AS (
                        {row}
                    ), outbox_rows AS (
                        INSERT INTO {s}.outbox (account_id, version, event_index, type, payload)
                        SELECT $1, e.v, e.i, e.t, e.p::jsonb FROM unnest($12::bigint[], $5::int[], $6::text[], $7::text[]) AS e(v, i, t, p)
                        WHERE EXISTS (SELECT FROM changed)
                    ), audit_rows AS (
                        INSERT INTO {s}.audit (account_id, version, event_index, occurred_at, actor, environments, type, summary, payload)
                        SELECT $1, e.v, e.i, e.o, e.a, string_to_array(e.env, ',')::uuid[], e.t, e.s, e.p::jsonb
                        FROM unnest($12::bigint[], $5::int[], $8::timestamptz[], $9::text[], $10::text[], $6::text[], $11::text[], $7::text[]) AS e(v, i, o, a, env, t, s, p)
                        WHERE EXISTS (SELECT FROM changed)
                        ON CONFLICT DO NOTHING
                    ){(keys ? $"""
                    , kept_keys AS (
                        INSERT INTO {s}.api_keys (key_hash, account_id, environment_id, valid_until, account_version)
                        SELECT k.h, $1, k.e, k.u, $2 FROM unnest($13::bytea[], $14::uuid[], $15::timestamptz[]) AS k(h, e, u)
                        WHERE EXISTS (SELECT FROM changed)
                        ON CONFLICT (key_hash) DO UPDATE SET environment_id = EXCLUDED.environment_id, valid_until = EXCLUDED.valid_until, account_version = EXCLUDED.account_version
                        WHERE api_keys.account_id = EXCLUDED.account_id
                    ), dropped_keys AS (
                        DELETE FROM {s}.api_keys WHERE account_id = $1 AND key_hash <> ALL ($13::bytea[]) AND EXISTS (SELECT FROM changed)
                    ), key_notice AS (
                        SELECT pg_notify($16, $1::text || ':' || $2::text) FROM changed
                    )
                    """ : "")}{(mail ? $"""
                    , superseded_mail AS (
                        DELETE FROM {s}.invitation_mail WHERE invitation_id = ANY (${mailFirst}::uuid[]) AND EXISTS (SELECT FROM changed)
                    ), queued_mail AS (
                        INSERT INTO {s}.invitation_mail (account_id, version, invitation_id, key_id, sealed)
                        SELECT $1, $2, m.i, ${mailFirst + 2}, m.s FROM unnest(${mailFirst}::uuid[], ${mailFirst + 1}::bytea[]) AS m(i, s)
                        WHERE EXISTS (SELECT FROM changed)
                    )
                    """ : "")}
                    SELECT count(*){(keys ? ", (SELECT count(*) FROM key_notice)" : "")} FROM changed
                    """;
            }
        }

        public string For(bool keysChanged, bool mail) => _shapes[(keysChanged ? 1 : 0) | (mail ? 2 : 0)];
    }
}
