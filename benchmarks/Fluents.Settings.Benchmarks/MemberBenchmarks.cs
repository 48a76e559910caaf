using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// Members and invitations (R15, R20): the permission check (a bit test on the role, target a few ns and 0 B;
/// through the account, one dictionary lookup more) and the Pending Invitations table for 1,000 open invitations,
/// half of them expired at the instant the table is built.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MemberBenchmarks
{
    private const int Invitations = 1_000;
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 12, 0);

    // Fields, not constants, so the JIT cannot fold the checks away.
    private Role _role;
    private Permission _permission;
    private Account _account = null!;
    private UserId _admin;
    private UserId _member;
    private Instant _tableInstant;

    [GlobalSetup]
    public void Setup()
    {
        var random = CryptographicSecretGenerator.Instance;
        _role = Role.Admin;
        _permission = Permission.ManageEnvironments;
        _admin = UserId.New(Now, random);
        _account = Account.Open(AccountId.New(Now, random), 100, _admin, "Ada Admin", "ada@example.com", Now, random).Value.Account;

        var invited = _account.Invite(_admin, "bob@example.com", Role.Member, Now, random).Value;
        _member = UserId.New(Now, random);
        _account.AcceptInvitation(_member, "Bob", "bob@example.com", invited.Token, Now);

        // One invitation a minute: at the table's instant the first half has expired (Renew), the rest is pending (Resend).
        for (var i = 0; i < Invitations; i++)
        {
            _account.Invite(_admin, $"user{i}@example.com", Role.Member, Now + Duration.FromMinutes(i), random);
        }
        _tableInstant = Now + _account.InvitationValidity + Duration.FromMinutes(Invitations / 2);
        _account.TakeEvents();
    }

    [BenchmarkCategory("Permission"), Benchmark(Baseline = true)]
    public bool RoleAllows() => _role.Allows(_permission);

    [BenchmarkCategory("Permission"), Benchmark]
    public bool AccountIsAllowed_Admin() => _account.IsAllowed(_admin, _permission);

    [BenchmarkCategory("Permission"), Benchmark]
    public bool AccountIsAllowed_Member() => _account.IsAllowed(_member, _permission);

    [BenchmarkCategory("Tables"), Benchmark(Baseline = true)]
    public int PendingInvitationsTable_1000() => _account.ViewPendingInvitations(_admin, _tableInstant).Value.Count;
}
