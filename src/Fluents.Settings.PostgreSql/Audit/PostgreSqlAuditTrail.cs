using System.Text;
using Ardalis.GuardClauses;
using Fluents.Settings.Audit;
using Fluents.Settings.Json;
using Npgsql;
using NpgsqlTypes;

namespace Fluents.Settings.PostgreSql.Audit;

/// <summary>
/// <see cref="IAuditTrail"/> on PostgreSQL (R28): the <c>audit</c> table, one row per event keyed (account, version, index),
/// which <see cref="Accounts.PostgreSqlAccountRepository"/> writes in each save's transaction. <see cref="AppendAsync"/> is for
/// entries stored elsewhere first (it skips keys already stored); <see cref="ReadAsync"/> pages an account's trail newest first
/// with the filters in SQL (indexes by actor, by time and by environment).
/// </summary>
/// <remarks>Each row keeps the event as JSON (<see cref="SettingsJson"/>); a page reads the events back and makes each entry with
/// <see cref="AuditEntry.Of"/>, so every adapter shows the same summary. A row that no longer reads is skipped, never thrown.</remarks>
public sealed class PostgreSqlAuditTrail : IAuditTrail
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    /// <summary>The trail of a database whose schema is migrated.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PostgreSqlAuditTrail(NpgsqlDataSource dataSource, PostgreSqlSettingsOptions options)
    {
        _dataSource = Guard.Against.Null(dataSource);
        _schema = Guard.Against.Null(options).Validated().QuotedSchema;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its entries is null.</exception>
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(entries);
        foreach (var entry in entries) Guard.Against.Null(entry, nameof(entries));
        cancellationToken.ThrowIfCancellationRequested();
        if (entries.Count == 0) return;
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.audit (account_id, version, event_index, occurred_at, actor, environments, type, summary, payload)
            SELECT e.a, e.v, e.i, e.o, e.actor, string_to_array(e.env, ',')::uuid[], e.t, e.s, e.p::jsonb
            FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                AS e(a, v, i, o, actor, env, t, s, p)
            ON CONFLICT DO NOTHING
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. entries.Select(e => e.Account.Value)] });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. entries.Select(e => e.Version)] });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = [.. entries.Select(e => e.Index)] });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. entries.Select(e => e.OccurredAt.ToDateTimeUtc())] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Actor.Id.ToString())] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => string.Join(',', e.Environments.Select(x => x.Value)))] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Type)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Summary)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => SettingsJson.Serialize(e.Event))] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public async Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        var sql = new StringBuilder($"SELECT payload FROM {_schema}.audit WHERE account_id = $1");
        await using var command = _dataSource.CreateCommand();
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = query.Account.Value });
        var filter = query.Filter;
        if (filter.Environment is { } environment)
        {
            p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [environment.Value] });
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND environments @> ${p.Count}");
        }
        if (filter.Actor is { } actor)
        {
            p.Add(new NpgsqlParameter<string> { TypedValue = actor.ToString() });
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND actor = ${p.Count}");
        }
        if (filter.From is { } from)
        {
            p.Add(new NpgsqlParameter<DateTime> { TypedValue = from.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND occurred_at >= ${p.Count}");
        }
        if (filter.To is { } to)
        {
            p.Add(new NpgsqlParameter<DateTime> { TypedValue = to.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND occurred_at < ${p.Count}");
        }
        if (query.After is { } after)
        {
            p.Add(new NpgsqlParameter<long> { TypedValue = after.Version });
            p.Add(new NpgsqlParameter<int> { TypedValue = after.Index });
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND (version, event_index) < (${p.Count - 1}, ${p.Count})");
        }
        p.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize + 1 }); // one more: is there a next page?
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" ORDER BY version DESC, event_index DESC LIMIT ${p.Count}");
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>(query.PageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var json = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                if (SettingsJson.DeserializeEvent(json).TryGetValue(out var domainEvent, out _)) entries.Add(AuditEntry.Of(domainEvent));
            }
        }
        if (entries.Count <= query.PageSize) return new AuditPage(entries, null);
        entries.RemoveAt(entries.Count - 1);
        return new AuditPage(entries, entries[^1].Position);
    }
}
