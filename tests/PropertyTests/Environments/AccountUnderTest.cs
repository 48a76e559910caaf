using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// The real aggregate, plus what a user interface would remember between clicks: the id of every environment it
/// has seen by creation slot (so deleted ones can be targeted too) and a rebalance proposal held for later.
/// </summary>
public sealed class AccountUnderTest(Account account, Dictionary<int, EnvironmentId> slots)
{
    /// <summary>An id no account ever has: operations on it must be refused as not found.</summary>
    public static readonly EnvironmentId Ghost = new(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

    public Account Account { get; } = account;

    public Dictionary<int, EnvironmentId> Slots { get; } = slots;

    public RebalanceProposal? HeldProposal { get; set; }

    public EnvironmentId IdOf(int slot) => Slots.TryGetValue(slot, out var id) ? id : Ghost;

    public static UserId UserOf(Actor actor) => actor switch
    {
        Actor.Admin => TestAccounts.Admin,
        Actor.Member => Viewers.Viewer,
        _ => TestAccounts.Stranger,
    };

    /// <summary>When slot <paramref name="slot"/> is created: one minute per slot, so ids sort in slot order.</summary>
    public static Instant CreatedAt(int slot) => TestAccounts.Now + Duration.FromMinutes(slot);
}

/// <summary>
/// Where a run starts: a plan limit and environments (slot 0 is <c>default</c>). The sum may exceed the plan
/// (an over-allocated account, as stored after a plan decrease, R12).
/// </summary>
public sealed record StartingPoint(int PlanLimit, IReadOnlyList<ModelEnvironment> Environments)
{
    public AccountModel Model() => new(PlanLimit, [.. Environments], [], Environments.Count, 0, null, Outcome.Unchanged);

    /// <summary>Builds the account through its public operations, then reloads it with a Member added and version 0.</summary>
    public AccountUnderTest Actual()
    {
        var sum = Environments.Sum(e => e.Limit);
        var opened = Account.Open(TestAccounts.AccountId, Math.Max(PlanLimit, sum), TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, TestAccounts.Now, new SeededSecretGenerator(1000)).Value;
        var account = opened.Account;
        var slots = new Dictionary<int, EnvironmentId> { [0] = opened.DefaultEnvironment };
        var admin = TestAccounts.Admin;
        _ = account.EditEnvironment(admin, opened.DefaultEnvironment, Environments[0].Name, 0, TestAccounts.Now).Value;
        foreach (var environment in Environments.Skip(1))
        {
            var created = account.CreateEnvironment(admin, environment.Name, environment.Limit, AccountUnderTest.CreatedAt(environment.Slot), new SeededSecretGenerator(1000 + environment.Slot)).Value;
            slots[environment.Slot] = created.Environment;
        }
        _ = account.EditEnvironment(admin, opened.DefaultEnvironment, null, Environments[0].Limit, TestAccounts.Now).Value;
        // Hide after every environment exists, so a visible one is always left (R5).
        foreach (var environment in Environments.Where(e => e.Hidden)) _ = account.HideEnvironment(admin, slots[environment.Slot], TestAccounts.Now).Value;
        _ = account.ChangePlanLimit(admin, PlanLimit, TestAccounts.Now).Value;

        var reloaded = Viewers.AddViewer(Account.FromSnapshot(account.ToSnapshot() with { Version = 0 }).Value);
        return new AccountUnderTest(reloaded, slots);
    }

    public override string ToString() =>
        $"P={PlanLimit} [{string.Join(", ", Environments.Select(e => $"#{e.Slot} '{e.Name}' {e.Limit}{(e.Hidden ? " hidden" : "")}"))}]";
}
