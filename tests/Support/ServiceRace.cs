using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.Testing;

/// <summary>
/// The rules every stored state must keep, whoever wrote it and however many writers raced: the shared check of the race tests
/// (one service in memory, several hosts over PostgreSQL).
/// </summary>
public static class AccountInvariants
{
    /// <summary>Asserts that <paramref name="stored"/> rebuilds, fits the plan (R10), keeps an Admin (R16), a visible environment (R5) and unique names (R2).</summary>
    public static void AssertHold(AccountSnapshot stored)
    {
        Assert.True(Account.FromSnapshot(stored).Succeeded, $"the stored account does not rebuild: {Account.FromSnapshot(stored)}");
        Assert.True(stored.Environments.Sum(e => e.MaxConcurrentCalls) <= stored.PlanLimit, "R10: the sum exceeds the plan");
        Assert.Contains(stored.Members, m => m.Role == Role.Admin); // R16
        Assert.Contains(stored.Environments, e => !e.Hidden); // R5
        Assert.Equal(stored.Environments.Count, stored.Environments.Select(e => e.Name.ToUpperInvariant()).Distinct().Count()); // R2
    }
}

/// <summary>An environment one <see cref="RaceWriter"/> created and alone changes: what the stored state must show of it.</summary>
public sealed class RaceEnvironment(EnvironmentId id, string name, int limit, ApiKey key)
{
    public EnvironmentId Id { get; } = id;

    public string Name { get; set; } = name;

    public int Limit { get; } = limit;

    public bool Hidden { get; set; }

    public ApiKey Key { get; } = key;
}

/// <summary>
/// One writer's random actions on one account, for the race tests. Each action is one that, if it succeeds, changes something:
/// a unique name, a limit no other action writes, a toggle of state only this writer touches. So successes = version increments,
/// and what the writer remembers of its successes is what the stored state must show.
/// </summary>
/// <param name="index">The writer's number: seeds its random choices and makes its names and limits unique.</param>
/// <param name="account">The account every writer races on.</param>
/// <param name="admin">This writer's Admin.</param>
/// <param name="ownMember">A Member whose role only this writer changes.</param>
/// <param name="shared">Environments every writer edits (frequent conflicts; their limits can exceed the plan, so some raises are refused).</param>
/// <param name="actionsPerWriter">How many actions each writer runs (keeps the shared limits unique across writers).</param>
public sealed class RaceWriter(int index, AccountId account, UserId admin, UserId ownMember, EnvironmentId[] shared, int actionsPerWriter)
{
    private readonly Random _random = new(index);

    public UserId OwnMember { get; } = ownMember;

    public Role OwnMemberRole { get; private set; } = Role.Member;

    public Dictionary<EnvironmentId, RaceEnvironment> Live { get; } = [];

    public List<RaceEnvironment> Deleted { get; } = [];

    public List<InvitationDispatched> Invited { get; } = [];

    public List<(EnvironmentId Environment, int Limit)> SharedLimits { get; } = [];

    public List<string> Unexpected { get; } = [];

    public int Successes { get; private set; }

    public int Refusals { get; private set; }

    public int GaveUp { get; private set; }

    public int Created { get; private set; }

    public int Renamed { get; private set; }

    public int Toggled { get; private set; }

    public int RoleChanges { get; private set; }

    public async Task RunAsync(SettingsService service, int actions)
    {
        for (var i = 0; i < actions; i++)
        {
            var roll = _random.Next(100);
            var own = Live.Count == 0 ? null : Live.Values.ElementAt(_random.Next(Live.Count));
            if (roll < 30)
            {
                // Shared environments: every writer edits them, so conflicts are frequent; the limits are unique per
                // action (never written twice) and their sum can exceed the plan, so some edits are refused (R10).
                var environment = shared[_random.Next(shared.Length)];
                var limit = 1 + index * actionsPerWriter + i;
                if (Record(await service.EditEnvironmentAsync(account, admin, environment, null, limit), allowOverPlan: true))
                    SharedLimits.Add((environment, limit));
            }
            else if (roll < 50 || own is null)
            {
                var name = $"w{index}-e{i}";
                var limit = _random.Next(4);
                var result = await service.CreateEnvironmentAsync(account, admin, name, limit);
                if (Record(result, allowOverPlan: true))
                {
                    var created = result.Value;
                    Live.Add(created.Environment, new RaceEnvironment(created.Environment, name, limit, created.ApiKey));
                    Created++;
                }
            }
            else if (roll < 60)
            {
                var name = $"w{index}-r{i}";
                if (Record(await service.EditEnvironmentAsync(account, admin, own.Id, name, null)))
                {
                    own.Name = name;
                    Renamed++;
                }
            }
            else if (roll < 75)
            {
                if (Record(await service.DeleteEnvironmentAsync(account, admin, own.Id, own.Name)))
                {
                    Live.Remove(own.Id);
                    Deleted.Add(own);
                }
            }
            else if (roll < 85)
            {
                var result = own.Hidden
                    ? (Outcome<OneOf.Types.Success>)await service.UnhideEnvironmentAsync(account, admin, own.Id)
                    : await service.HideEnvironmentAsync(account, admin, own.Id);
                if (Record(result))
                {
                    own.Hidden = !own.Hidden;
                    Toggled++;
                }
            }
            else if (roll < 90)
            {
                var result = await service.InviteAsync(account, admin, $"w{index}-{i}@example.com", Role.Member);
                if (Record(result)) Invited.Add(result.Value);
            }
            else
            {
                var role = OwnMemberRole == Role.Member ? Role.Admin : Role.Member;
                if (Record(await service.ChangeRoleAsync(account, admin, OwnMember, role)))
                {
                    OwnMemberRole = role;
                    RoleChanges++;
                }
            }
        }
    }

    private bool Record<T>(Outcome<T> result, bool allowOverPlan = false)
    {
        switch (result.Error)
        {
            case not null and not (ConflictAfterRetries or Concurrency.AllocationExceedsPlan):
            case Concurrency.AllocationExceedsPlan when !allowOverPlan:
                Unexpected.Add(result.Error.ToString());
                return false;
            case Concurrency.AllocationExceedsPlan:
                Refusals++;
                return false;
            case ConflictAfterRetries:
                GaveUp++;
                return false;
            default:
                Successes++;
                return true;
        }
    }
}
