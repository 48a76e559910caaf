using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Actors;

/// <summary>
/// An account with something for every operation to act on: Ada its Admin; environments A (20), B (10) and C (0, hidden)
/// within a plan of 40; Bob a Member; Cy invited (pending now) and Dee invited (both expired eight days on).
/// </summary>
internal sealed class Scene
{
    public static readonly Instant Now = TestAccounts.Now;
    public static readonly Instant Later = Now + Duration.FromHours(1);
    public static readonly Instant EightDaysOn = Now + Duration.FromDays(8);
    public static readonly UserId Bob = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b2"));
    public const string BobName = "Bob Builder";

    private Scene(ArrangedAccount arranged, InvitationId cy, InvitationId dee)
    {
        Arranged = arranged;
        Cy = cy;
        Dee = dee;
    }

    public ArrangedAccount Arranged { get; }

    public Account Account => Arranged.Account;

    public EnvironmentId this[string name] => Arranged[name];

    public InvitationId Cy { get; }

    public InvitationId Dee { get; }

    public SeededSecretGenerator Random { get; } = new(31);

    public static Scene Create()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 0));
        var account = arranged.Account;
        var random = new SeededSecretGenerator(29);
        _ = account.HideEnvironment(TestAccounts.Admin, arranged["C"], Now).Value;
        var bob = account.Invite(TestAccounts.Admin, "bob@example.com", Role.Member, Now, random).Value;
        _ = account.AcceptInvitation(Bob, BobName, "bob@example.com", bob.Token, Now).Value;
        var cy = account.Invite(TestAccounts.Admin, "cy@example.com", Role.Member, Now, random).Value.Invitation;
        var dee = account.Invite(TestAccounts.Admin, "dee@example.com", Role.Admin, Now, random).Value.Invitation;
        account.TakeEvents();
        return new Scene(arranged, cy, dee);
    }
}

/// <summary>
/// One operation of <see cref="Account"/> that takes an <see cref="Actor"/>: the permission it needs (R15, R29), what to set up
/// first (as the Admin, events taken), and the call itself reduced to its refusal (<c>null</c> when it succeeded).
/// </summary>
internal sealed record ActorOperation(string Method, string Case, Permission Required, bool Changes, Func<Scene, Actor, DomainError?> Act, Action<Scene>? Arrange = null)
{
    public override string ToString() => Case;

    public DomainError? Run(Scene scene, Actor actor)
    {
        if (Arrange is not null)
        {
            Arrange(scene);
            scene.Account.TakeEvents();
        }
        return Act(scene, actor);
    }
}

/// <summary>Every operation that takes an actor, once each (a convention test checks that none is missing).</summary>
internal static class ActorOperations
{
    public static readonly IReadOnlyList<ActorOperation> All =
    [
        new(nameof(Account.CreateEnvironment), "create an environment", Permission.ManageEnvironments, true,
            (s, a) => s.Account.CreateEnvironment(a, "new", 0, Scene.Later, s.Random).Error),
        new(nameof(Account.EditEnvironment), "rename an environment", Permission.ManageEnvironments, true,
            (s, a) => s.Account.EditEnvironment(a, s["B"], "beta", null, Scene.Later).Error),
        new(nameof(Account.EditEnvironment), "rename and resize an environment (two events)", Permission.ManageEnvironments, true,
            (s, a) => s.Account.EditEnvironment(a, s["B"], "beta", 5, Scene.Later).Error),
        new(nameof(Account.HideEnvironment), "hide an environment", Permission.ManageEnvironments, true,
            (s, a) => s.Account.HideEnvironment(a, s["B"], Scene.Later).Error),
        new(nameof(Account.UnhideEnvironment), "unhide an environment", Permission.ManageEnvironments, true,
            (s, a) => s.Account.UnhideEnvironment(a, s["C"], Scene.Later).Error),
        new(nameof(Account.DeleteEnvironment), "delete an environment", Permission.ManageEnvironments, true,
            (s, a) => s.Account.DeleteEnvironment(a, s["B"], "B", Scene.Later).Error),
        new(nameof(Account.RotateApiKey), "rotate an API key", Permission.ManageApiKeys, true,
            (s, a) => s.Account.RotateApiKey(a, s["B"], Duration.FromHours(1), Scene.Later, s.Random).Error),
        new(nameof(Account.Reallocate), "reallocate", Permission.ManageEnvironments, true,
            (s, a) => s.Account.Reallocate(a, new Dictionary<EnvironmentId, int> { [s["A"]] = 10, [s["B"]] = 20 }, Scene.Later).Error),
        new(nameof(Account.ChangePlanLimit), "change the plan", Permission.ChangePlan, true,
            (s, a) => s.Account.ChangePlanLimit(a, 60, Scene.Later).Error),
        new(nameof(Account.ApplyRebalance), "apply a rebalance", Permission.ManageEnvironments, true,
            (s, a) => s.Account.ApplyRebalance(a, s.Account.ProposeRebalance(TestAccounts.Admin).Value, Scene.Later).Error,
            Arrange: s => _ = s.Account.ChangePlanLimit(TestAccounts.Admin, 15, Scene.Now).Value),
        new(nameof(Account.Invite), "invite", Permission.ManageInvitations, true,
            (s, a) => s.Account.Invite(a, "eve@example.com", Role.Member, Scene.Later, s.Random).Error),
        new(nameof(Account.ResendInvitation), "resend an invitation", Permission.ManageInvitations, true,
            (s, a) => s.Account.ResendInvitation(a, s.Cy, Scene.Later, s.Random).Error),
        new(nameof(Account.RenewInvitation), "renew an invitation", Permission.ManageInvitations, true,
            (s, a) => s.Account.RenewInvitation(a, s.Dee, Scene.EightDaysOn, s.Random).Error),
        new(nameof(Account.RevokeInvitation), "revoke an invitation", Permission.ManageInvitations, true,
            (s, a) => s.Account.RevokeInvitation(a, s.Cy, Scene.Later).Error),
        new(nameof(Account.SetInvitationValidity), "set the invitation validity", Permission.ChangeSettings, true,
            (s, a) => s.Account.SetInvitationValidity(a, Duration.FromDays(3), Scene.Later).Error),
        new(nameof(Account.ChangeRole), "change a member's role", Permission.ManageMembers, true,
            (s, a) => s.Account.ChangeRole(a, Scene.Bob, Role.Admin, Scene.Later).Error),
        new(nameof(Account.RemoveMember), "remove a member", Permission.ManageMembers, true,
            (s, a) => s.Account.RemoveMember(a, Scene.Bob, Scene.Later).Error),

        new(nameof(Account.ViewEnvironments), "view the environments", Permission.ViewEnvironments, false,
            (s, a) => s.Account.ViewEnvironments(a).Error),
        new(nameof(Account.ViewEnvironmentSelector), "view the selector", Permission.ViewEnvironments, false,
            (s, a) => s.Account.ViewEnvironmentSelector(a).Error),
        new(nameof(Account.ProposeRebalance), "propose a rebalance", Permission.ViewEnvironments, false,
            (s, a) => s.Account.ProposeRebalance(a).Error),
        new(nameof(Account.ViewUsers), "view the users", Permission.ViewMembers, false,
            (s, a) => s.Account.ViewUsers(a).Error),
        new(nameof(Account.ViewPendingInvitations), "view the pending invitations", Permission.ViewInvitations, false,
            (s, a) => s.Account.ViewPendingInvitations(a, Scene.Later).Error),
        new(nameof(Account.ViewAuditTrail), "view the audit trail", Permission.ViewAuditTrail, false,
            (s, a) => s.Account.ViewAuditTrail(a, AuditFilter.None).Error),
    ];

    public static TheoryData<string> Cases => [.. All.Select(o => o.Case)];

    public static TheoryData<string> Changes => [.. All.Where(o => o.Changes).Select(o => o.Case)];

    public static ActorOperation Named(string name) => All.Single(o => o.Case == name);

    /// <summary>A service account that may do everything a system actor may (all but the member-only permissions).</summary>
    public static readonly SystemActor Terraform = SystemActor.Automation("terraform", "Terraform", Permission.All & ~RolePermissions.MemberOnly);

    /// <summary>Every single permission a system actor may hold.</summary>
    public static Permission[] Grantable =>
        [.. Enum.GetValues<Permission>().Where(p => int.IsPow2((int)p) && (p & RolePermissions.MemberOnly) == 0)];
}
