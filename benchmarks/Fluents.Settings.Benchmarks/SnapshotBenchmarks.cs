using BenchmarkDotNet.Attributes;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// DESIGN.md §6: snapshot round trip of a 1,000-environment, 1,000-member account (what every repository load and save costs),
/// in memory and through the JSON format (<see cref="SettingsJson"/>, what a PostgreSQL jsonb column stores). The setup
/// prints the document's size.
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private Account _account = null!;
    private AccountSnapshot _snapshot = null!;
    private byte[] _json = null!;

    [Params(10, 1_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = CryptographicSecretGenerator.Instance;
        var now = Instant.FromUtc(2026, 11, 28, 9, 0);
        var environments = Enumerable.Range(0, Size).Select(i =>
        {
            var key = ApiKey.Issue(random);
            return new EnvironmentSnapshot(EnvironmentId.New(now, random), $"environment-{i}", 1, now + Duration.FromSeconds(i), Hidden: i % 3 == 0,
                new ApiKeySnapshot(key.Hash.ToHex(), key.Hint.Masked, now, null), null);
        }).ToArray();
        var members = Enumerable.Range(0, Size).Select(i =>
            new MemberSnapshot(UserId.New(now, random), $"User {i}", $"user{i}@example.com", i == 0 ? Role.Admin : Role.Member, now + Duration.FromSeconds(i))).ToArray();
        _snapshot = new AccountSnapshot(AccountId.New(now, random), 1, Size, InvitationPolicy.DefaultValidity, environments, members, []);
        _account = Account.FromSnapshot(_snapshot).Value;
        _json = SettingsJson.SerializeToUtf8Bytes(_snapshot);
        Console.WriteLine($"// {Size} environments and members: the snapshot's JSON is {_json.Length:N0} bytes of UTF-8.");
    }

    [Benchmark]
    public AccountSnapshot ToSnapshot() => _account.ToSnapshot();

    [Benchmark]
    public Account FromSnapshot() => Account.FromSnapshot(_snapshot).Value;

    [Benchmark]
    public Account RoundTrip() => Account.FromSnapshot(_account.ToSnapshot()).Value;

    [Benchmark]
    public byte[] SerializeJson() => SettingsJson.SerializeToUtf8Bytes(_snapshot);

    [Benchmark]
    public AccountSnapshot DeserializeJson() => SettingsJson.DeserializeSnapshot(_json).Value;

    /// <summary>A save and a load through JSON: ToSnapshot, serialize, deserialize, FromSnapshot (every invariant checked).</summary>
    [Benchmark]
    public Account JsonRoundTrip() => Account.FromSnapshot(SettingsJson.DeserializeSnapshot(SettingsJson.SerializeToUtf8Bytes(_account.ToSnapshot())).Value).Value;
}
