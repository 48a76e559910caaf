using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using Fluents.Settings.PostgreSql;
using Fluents.Settings.PostgreSql.Accounts;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Schema;
using Fluents.Settings.Secrets;
using Npgsql;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// The PostgreSQL repository against the loopback server, with its baselines in the same run (issue 13, DESIGN.md §6). Load:
/// a bare <c>SELECT 1</c> round trip is the baseline, and <c>SELECT 1</c> followed by rebuilding the account from its JSON is the
/// floor a load is held to (target: load of a 10-environment account ≤ 1.5× that). Save: a single-row primary-key <c>UPDATE</c>
/// round trip is the baseline (target: save of a 10-environment account ≤ 2×); a save writes the row, the change's outbox entry
/// and audit entry in one statement. A service edit is a whole Settings action: load, the rule, save, outbox.
/// </summary>
/// <remarks>Needs the server of <c>.ci/start-servers</c> (or <c>FLUENTS_POSTGRES</c>); each run works in a schema of its own, dropped at the end.</remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PostgreSqlBenchmarks
{
    private PostgreSqlBench _bench = null!;
    private Account _small = null!;
    private Account _large = null!;
    private Account _editedAccount = null!;
    private byte[] _smallJson = null!;
    private byte[] _largeJson = null!;
    private SettingsService _service = null!;
    private EnvironmentId _edited;
    private int _limit = 1;
    private int _rename;

    [GlobalSetup]
    public async Task Setup()
    {
        _bench = await PostgreSqlBench.StartAsync(maxPoolSize: 4);
        _small = await _bench.AddAccountAsync(environments: 10);
        _large = await _bench.AddAccountAsync(environments: 1_000);
        _smallJson = SettingsJson.SerializeToUtf8Bytes(_small.ToSnapshot());
        _largeJson = SettingsJson.SerializeToUtf8Bytes(_large.ToSnapshot());
        _editedAccount = await _bench.AddAccountAsync(environments: 10);
        _edited = _editedAccount.ToSnapshot().Environments[^1].Id;
        _service = new SettingsService(_bench.Repository, new InMemoryInvitationMailer(), new PostgreSqlApiKeyIndex(), SystemClock.Instance, CryptographicSecretGenerator.Instance);
        Console.WriteLine($"// snapshot JSON: {_smallJson.Length:N0} bytes (10 environments), {_largeJson.Length:N0} bytes (1,000 environments)");
    }

    [GlobalCleanup]
    public Task Cleanup() => _bench.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, Description = "SELECT 1")]
    [BenchmarkCategory("load")]
    public Task<object?> SelectOne() => _bench.SelectOneAsync();

    [Benchmark(Description = "SELECT 1 + rebuild (10 envs)")]
    [BenchmarkCategory("load")]
    public async Task<Account> SelectOneThenRebuild10()
    {
        _ = await _bench.SelectOneAsync();
        return Account.FromSnapshot(SettingsJson.DeserializeSnapshot(_smallJson).Value).Value;
    }

    [Benchmark(Description = "load (10 envs)")]
    [BenchmarkCategory("load")]
    public async Task<Account> Load10() => (await _bench.Repository.FindAsync(_small.Id)).Value;

    [Benchmark(Description = "SELECT 1 + rebuild (1,000 envs)")]
    [BenchmarkCategory("load")]
    public async Task<Account> SelectOneThenRebuild1000()
    {
        _ = await _bench.SelectOneAsync();
        return Account.FromSnapshot(SettingsJson.DeserializeSnapshot(_largeJson).Value).Value;
    }

    [Benchmark(Description = "load (1,000 envs)")]
    [BenchmarkCategory("load")]
    public async Task<Account> Load1000() => (await _bench.Repository.FindAsync(_large.Id)).Value;

    [Benchmark(Baseline = true, Description = "UPDATE one row by key")]
    [BenchmarkCategory("save")]
    public Task<int> UpdateRow() => _bench.UpdateRowAsync(0);

    [Benchmark(Description = "save (10 envs)")]
    [BenchmarkCategory("save")]
    public Task Save10() => _bench.SaveChangeAsync(_small);

    [Benchmark(Description = "save (1,000 envs)")]
    [BenchmarkCategory("save")]
    public Task Save1000() => _bench.SaveChangeAsync(_large);

    [Benchmark(Description = "service edit (10 envs): load + rule + save + outbox")]
    [BenchmarkCategory("save")]
    public async Task ServiceEdit10()
    {
        _limit = 3 - _limit; // 2, 1, 2, …: every edit changes the limit (and the name), so every edit saves
        var edited = await _service.EditEnvironmentAsync(_editedAccount.Id, PostgreSqlBench.Admin, _edited, $"edited-{++_rename}", _limit);
        if (!edited.Succeeded) throw new InvalidOperationException($"the edit was refused: {edited.Error}");
    }
}

/// <summary>
/// Edits per second across 100 accounts (10 environments each) with 8 connections: 8 workers each rename an environment of a
/// random account 100 times through one <see cref="SettingsService"/> (load, rule, save, outbox; a conflict between two workers on
/// one account is retried by the service, as in production). The baseline is the same 800 single-row <c>UPDATE</c>s over 100 rows
/// from 8 workers. Each result is per edit: edits per second = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class PostgreSqlThroughputBenchmarks
{
    private const int Connections = 8;
    private const int EditsPerWorker = 100;
    private const int Accounts = 100;
    private PostgreSqlBench _bench = null!;
    private SettingsService _service = null!;
    private (AccountId Account, EnvironmentId Environment)[] _targets = null!;
    private int _rename;
    private int _gaveUp;

    [GlobalSetup]
    public async Task Setup()
    {
        _bench = await PostgreSqlBench.StartAsync(maxPoolSize: Connections);
        _targets = new (AccountId, EnvironmentId)[Accounts];
        for (var i = 0; i < Accounts; i++)
        {
            var account = await _bench.AddAccountAsync(environments: 10);
            _targets[i] = (account.Id, account.ToSnapshot().Environments[^1].Id);
        }
        _service = new SettingsService(_bench.Repository, new InMemoryInvitationMailer(), new PostgreSqlApiKeyIndex(), SystemClock.Instance, CryptographicSecretGenerator.Instance);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_rename > 0) Console.WriteLine($"// {_rename:N0} edits tried, {_gaveUp:N0} of them ended in ConflictAfterRetries and were tried again");
        await _bench.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Connections * EditsPerWorker, Description = "UPDATE one of 100 rows, 8 connections")]
    public Task UpdatesAcross100Rows() => RunWorkersAsync(async random => await _bench.UpdateRowAsync(random.Next(Accounts)));

    [Benchmark(OperationsPerInvoke = Connections * EditsPerWorker, Description = "service edit of one of 100 accounts, 8 connections")]
    public Task EditsAcross100Accounts() => RunWorkersAsync(async random =>
    {
        var (account, environment) = _targets[random.Next(Accounts)];
        while (true)
        {
            var edited = await _service.EditEnvironmentAsync(account, PostgreSqlBench.Admin, environment, $"renamed-{Interlocked.Increment(ref _rename)}", null);
            if (edited.Succeeded) return;
            if (edited.Error is not ConflictAfterRetries) throw new InvalidOperationException($"the edit was refused: {edited.Error}");
            Interlocked.Increment(ref _gaveUp); // two workers kept colliding on one account: the client tries again, as a host would
        }
    });

    private Task RunWorkersAsync(Func<Random, Task> edit) =>
        Task.WhenAll(Enumerable.Range(0, Connections).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < EditsPerWorker; i++) await edit(random);
        })));
}

/// <summary>A benchmark's database: a schema of its own on the loopback server, migrated, with a one-row-per-key table for the baselines.</summary>
internal sealed class PostgreSqlBench : IAsyncDisposable
{
    public static readonly UserId Admin = new(Guid.Parse("0196f000-0000-7000-8000-0000000000a1"));
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 9, 0);
    private readonly string _schema;
    private readonly string _update;
    private readonly Dictionary<AccountId, EnvironmentId> _firstEnvironment = [];

    private PostgreSqlBench(NpgsqlDataSource dataSource, PostgreSqlSettingsOptions options)
    {
        DataSource = dataSource;
        _schema = options.Schema;
        _update = $"UPDATE \"{_schema}\".baseline_rows SET n = n + 1 WHERE id = $1";
        Repository = new PostgreSqlAccountRepository(dataSource, options);
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgreSqlAccountRepository Repository { get; }

    public static async Task<PostgreSqlBench> StartAsync(int maxPoolSize)
    {
        var connection = System.Environment.GetEnvironmentVariable("FLUENTS_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=fluents;Password=fluents;Database=fluents";
        var dataSource = new NpgsqlDataSourceBuilder(connection) { ConnectionStringBuilder = { MaxPoolSize = maxPoolSize, ApplicationName = "fluents-benchmarks" } }.Build();
        var options = new PostgreSqlSettingsOptions { Schema = $"bench_{Guid.NewGuid():N}"[..22] };
        var check = await new PostgreSqlSchema(dataSource, options).MigrateAsync();
        if (!check.IsUpToDate) throw new InvalidOperationException($"the benchmark schema did not migrate: {check}");
        var bench = new PostgreSqlBench(dataSource, options);
        await using var rows = dataSource.CreateCommand($"""
            CREATE TABLE "{options.Schema}".baseline_rows (id integer PRIMARY KEY, n bigint NOT NULL);
            INSERT INTO "{options.Schema}".baseline_rows SELECT i, 0 FROM generate_series(0, 99) i;
            """);
        await rows.ExecuteNonQueryAsync();
        return bench;
    }

    /// <summary>Stores an account of <paramref name="environments"/> environments (the first holds 1 call of a plan of 10,000) and 5 members.</summary>
    public async Task<Account> AddAccountAsync(int environments)
    {
        var random = CryptographicSecretGenerator.Instance;
        var snapshot = new AccountSnapshot(
            AccountId.New(Now, random),
            1,
            10_000,
            InvitationPolicy.DefaultValidity,
            [.. Enumerable.Range(0, environments).Select(i =>
            {
                var key = ApiKey.Issue(random);
                return new EnvironmentSnapshot(EnvironmentId.New(Now, random), $"environment-{i}", 1, Now + Duration.FromSeconds(i), Hidden: false,
                    new ApiKeySnapshot(key.Hash.ToHex(), key.Hint.Masked, Now, null), null);
            })],
            [.. Enumerable.Range(0, 5).Select(i => new MemberSnapshot(i == 0 ? Admin : UserId.New(Now, random), $"User {i}", $"user{i}@example.com", i == 0 ? Role.Admin : Role.Member, Now))],
            []);
        var account = Account.FromSnapshot(snapshot).Value;
        if (!(await Repository.AddAsync(account)).IsT0) throw new InvalidOperationException("the account exists already");
        _firstEnvironment[account.Id] = snapshot.Environments[0].Id;
        return account;
    }

    public async Task<object?> SelectOneAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT 1");
        return await command.ExecuteScalarAsync();
    }

    public async Task<int> UpdateRowAsync(int id)
    {
        await using var command = DataSource.CreateCommand(_update);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>One change to the account (its first environment's limit, 1 ↔ 2: one event), saved with the version it had.</summary>
    public async Task SaveChangeAsync(Account account)
    {
        var limit = account.Version % 2 == 1 ? 2 : 1; // stored at version 1 with limit 1
        if (!account.EditEnvironment(Admin, _firstEnvironment[account.Id], null, limit, Now).Succeeded) throw new InvalidOperationException("the edit was refused");
        var saved = await Repository.SaveAsync(account, account.Version - 1, CancellationToken.None);
        if (!saved.IsT0) throw new InvalidOperationException($"the save conflicted: {saved.AsT1}");
        _ = account.TakeEvents();
    }

    public async ValueTask DisposeAsync()
    {
        await using (var drop = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE")) await drop.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
    }
}
