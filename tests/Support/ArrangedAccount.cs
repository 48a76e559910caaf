using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.Testing;

/// <summary>An account arranged for a test, with its environments' ids by the names they were given.</summary>
public sealed record ArrangedAccount(Account Account, IReadOnlyDictionary<string, EnvironmentId> Ids)
{
    public EnvironmentId this[string name] => Ids[name];

    /// <summary>
    /// Opens an account with plan <paramref name="planLimit"/>; the first environment is <c>default</c> renamed and
    /// resized, the others are created in order (one minute apart, so ids sort in creation order). Pending events
    /// are taken, so a test sees only the events of the operation it runs.
    /// </summary>
    public static ArrangedAccount With(int planLimit, params (string Name, int Limit)[] environments)
    {
        var random = new SeededSecretGenerator(7);
        var opened = TestAccounts.Open(planLimit);
        var account = opened.Account;
        var ids = new Dictionary<string, EnvironmentId>();
        if (environments.Length > 0)
        {
            // Lower default first so that the others fit, then raise it to its final limit last.
            var (firstName, firstLimit) = environments[0];
            _ = account.EditEnvironment(TestAccounts.Admin, opened.DefaultEnvironment, firstName, 0, TestAccounts.Now).Value;
            ids[firstName] = opened.DefaultEnvironment;
            for (var i = 1; i < environments.Length; i++)
            {
                var (name, limit) = environments[i];
                var created = account.CreateEnvironment(TestAccounts.Admin, name, limit, TestAccounts.Now + Duration.FromMinutes(i), random).Value;
                ids[name] = created.Environment;
            }
            _ = account.EditEnvironment(TestAccounts.Admin, opened.DefaultEnvironment, null, firstLimit, TestAccounts.Now).Value;
        }
        else
        {
            ids["default"] = opened.DefaultEnvironment;
        }
        account.TakeEvents();
        return new ArrangedAccount(account, ids);
    }

    /// <summary>The same account with a user of the Member role (view only) added, reloaded from its snapshot.</summary>
    public ArrangedAccount WithViewer() => this with { Account = Viewers.AddViewer(Account) };
}

/// <summary>A user with the Member role: they may view, but change nothing (R15).</summary>
public static class Viewers
{
    public static readonly UserId Viewer = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b1"));
    public const string ViewerName = "Vic Viewer";
    public const string ViewerEmail = "vic@example.com";

    /// <summary>
    /// Reloads <paramref name="account"/> from its snapshot with <see cref="Viewer"/> added as a Member (invitations
    /// are the way in for real users; this is a shortcut for tests). Pending events are dropped by the reload.
    /// </summary>
    public static Account AddViewer(Account account)
    {
        var snapshot = account.ToSnapshot();
        var viewer = new MemberSnapshot(Viewer, ViewerName, ViewerEmail, Role.Member, TestAccounts.Now);
        return Account.FromSnapshot(snapshot with { Members = [.. snapshot.Members, viewer] }).Value;
    }
}
