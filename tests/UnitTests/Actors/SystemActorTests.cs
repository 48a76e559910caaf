using System.Reflection;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Application;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Actors;

/// <summary>
/// R29: actors that are not members. Billing may change the plan and nothing else; an automation may do exactly the
/// permissions it was given, never the member-only ones; the permission table decides inside the account, a refusal names
/// the system actor, and a system actor never becomes a member nor counts as an Admin.
/// </summary>
public class SystemActorTests
{
    public static TheoryData<string> Operations => ActorOperations.Cases;

    public static TheoryData<Permission, string> GrantableByOperation()
    {
        var data = new TheoryData<Permission, string>();
        foreach (var permission in ActorOperations.Grantable)
        {
            foreach (var operation in ActorOperations.All) data.Add(permission, operation.Case);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Billing_MayChangeThePlanAndNothingElse_R29(string operation)
    {
        var op = ActorOperations.Named(operation);
        var scene = Scene.Create();

        if (op.Required == Permission.ChangePlan)
        {
            Assert.Null(op.Run(scene, SystemActor.Billing));
            return;
        }
        var refusal = RefusedWithoutAChange(scene, op, SystemActor.Billing);
        Assert.Equal(new NotPermitted(SystemActor.Billing, op.Required, null), refusal);
        Assert.Same(SystemActor.Billing, refusal.Actor.SystemActor);
    }

    [Theory]
    [MemberData(nameof(GrantableByOperation))]
    public void Automation_WithOnePermission_MayDoExactlyWhatNeedsIt_R29(Permission granted, string operation)
    {
        var op = ActorOperations.Named(operation);
        var scene = Scene.Create();
        var automation = SystemActor.Automation("ci", "CI pipeline", granted);

        if (op.Required == granted)
        {
            Assert.Null(op.Run(scene, automation));
            return;
        }
        Assert.Equal(new NotPermitted(automation, op.Required, null), RefusedWithoutAChange(scene, op, automation));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Automation_WithEverythingItMayHold_MayDoAllButManageMembersAndInvitations_R29(string operation)
    {
        var op = ActorOperations.Named(operation);
        var scene = Scene.Create();

        if ((op.Required & RolePermissions.MemberOnly) == 0)
        {
            Assert.Null(op.Run(scene, ActorOperations.Terraform));
            return;
        }
        var refusal = RefusedWithoutAChange(scene, op, ActorOperations.Terraform);
        Assert.Contains("only members may manage members and invitations", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Billing_HasExactlyChangePlan_R29()
    {
        Assert.Equal(Permission.ChangePlan, SystemActor.Billing.Permissions);
        Assert.Equal(Permission.ChangePlan, SystemActor.Billing.Granted());
        Assert.Equal(("billing", "Billing"), (SystemActor.Billing.Id, SystemActor.Billing.Name));
        Assert.Equal("system:billing", SystemActor.Billing.ActorId.ToString());
    }

    [Fact]
    public void MemberOnly_IsManagingMembersAndInvitations_R29()
    {
        Assert.Equal(Permission.ManageMembers | Permission.ManageInvitations, RolePermissions.MemberOnly);
        Assert.True(Role.Admin.Allows(RolePermissions.MemberOnly)); // a member's role may hold them
    }

    [Theory]
    [InlineData(Permission.ManageMembers)]
    [InlineData(Permission.ManageInvitations)]
    [InlineData(Permission.All)]
    [InlineData(Permission.None)]
    [InlineData((Permission)(1 << 20))]
    public void Automation_WithAMemberOnlyNoOrAnUndefinedPermission_Throws_R29(Permission permissions)
    {
        Assert.Throws<ArgumentException>(() => SystemActor.Automation("ci", "CI", permissions));
    }

    [Theory]
    [InlineData("")]
    [InlineData("CI")]
    [InlineData("-ci")]
    [InlineData("ci pipeline")]
    [InlineData("ci:deploy")]
    [InlineData("billing")]
    [InlineData("terraform-terraform-terraform-terraform-terraform-terraform-opsx1")] // 65 characters
    public void Automation_WithAnInvalidOrReservedId_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => SystemActor.Automation(id, "CI", Permission.ManageEnvironments));
    }

    [Fact]
    public void Automation_WithAnInvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => SystemActor.Automation("ci", " ", Permission.ManageEnvironments));
        Assert.Throws<ArgumentException>(() => SystemActor.Automation("ci", "CI\u202E", Permission.ManageEnvironments));
        Assert.Throws<ArgumentNullException>(() => SystemActor.Automation("ci", null!, Permission.ManageEnvironments));
        Assert.Equal("Terraform Cloud", SystemActor.Automation("tfc", "  Terraform   Cloud ", Permission.ManageEnvironments).Name);
    }

    [Fact]
    public void SystemActor_IsNeverCountedAsAnAdmin_TheLastHumanAdminStaysProtected_R16_R29()
    {
        var scene = Scene.Create();
        var account = scene.Account;

        Assert.IsType<LastAdmin>(account.Leave(TestAccounts.Admin, Scene.Later).Error);
        Assert.IsType<NotPermitted>(account.RemoveMember(ActorOperations.Terraform, TestAccounts.Admin, Scene.Later).Error);
        Assert.IsType<NotPermitted>(account.ChangeRole(ActorOperations.Terraform, TestAccounts.Admin, Role.Member, Scene.Later).Error);
        Assert.Equal(1, account.Members.Count(m => m.Role == Role.Admin));
    }

    [Fact]
    public void ChangeRole_ByASystemActor_IsRefusedBeforeTheLastAdminRule_R29()
    {
        // The last-Admin rule (R16) comes before the actor's role for members; a system actor is not a member at all.
        var scene = Scene.Create();

        var refusal = scene.Account.ChangeRole(SystemActor.Billing, TestAccounts.Admin, Role.Member, Scene.Later).Error;

        Assert.Equal(new NotPermitted(SystemActor.Billing, Permission.ManageMembers, null), refusal);
    }

    [Fact]
    public void SystemActor_CannotAcceptAnInvitationOrLeave_ItIsNeverAMember_R29()
    {
        // Both take a user, not an actor: there is no way to pass a system actor.
        Assert.Equal(typeof(UserId), typeof(Account).GetMethod(nameof(Account.AcceptInvitation))!.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(UserId), typeof(Account).GetMethod(nameof(Account.Leave))!.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(UserId), typeof(SettingsService).GetMethod(nameof(SettingsService.AcceptInvitationAsync))!.GetParameters()[1].ParameterType);
        Assert.Equal(typeof(UserId), typeof(SettingsService).GetMethod(nameof(SettingsService.LeaveAsync))!.GetParameters()[1].ParameterType);
        Assert.DoesNotContain(typeof(Account).GetMethods(BindingFlags.Public | BindingFlags.Static), m => m.Name == nameof(Account.Open) && m.GetParameters().Any(p => p.ParameterType == typeof(Actor)));
    }

    [Fact]
    public void SystemActor_AfterEverythingItMayDo_TheMembersAreUnchanged_R29()
    {
        var scene = Scene.Create();
        var members = scene.Account.Members.Select(m => m.UserId.Value).Order().ToArray();

        foreach (var op in ActorOperations.All) _ = op.Run(scene, ActorOperations.Terraform);

        Assert.Equal(members, scene.Account.Members.Select(m => m.UserId.Value).Order());
    }

    [Fact]
    public void NotPermitted_ForASystemActor_SaysWhoAndWhatItMayDo()
    {
        var refusal = new NotPermitted(SystemActor.Billing, Permission.ManageEnvironments, null);

        Assert.Equal("account.not_permitted", refusal.Code);
        Assert.Equal("Billing is a system actor whose permissions (ChangePlan) do not include ManageEnvironments.", refusal.Message);
        Assert.True(refusal.Actor.IsSystemActor);
        Assert.Null(refusal.Actor.User);
    }

    [Theory]
    [MemberData(nameof(GrantablePermissions))]
    public void IsAllowed_SystemActor_FollowsItsSet_R29(Permission permission)
    {
        var scene = Scene.Create();

        Assert.Equal(permission == Permission.ChangePlan, scene.Account.IsAllowed(SystemActor.Billing, permission));
        Assert.True(scene.Account.IsAllowed(ActorOperations.Terraform, permission));
        Assert.True(scene.Account.IsAllowed(SystemActor.Automation("one", "One", permission), permission));
    }

    public static TheoryData<Permission> GrantablePermissions => [.. ActorOperations.Grantable];

    [Fact]
    public void IsAllowed_SystemActor_NeverAMemberOnlyPermission_R29()
    {
        var scene = Scene.Create();

        Assert.False(scene.Account.IsAllowed(ActorOperations.Terraform, Permission.ManageMembers));
        Assert.False(scene.Account.IsAllowed(ActorOperations.Terraform, Permission.ManageInvitations));
        Assert.False(scene.Account.IsAllowed(ActorOperations.Terraform, Permission.None));
    }

    private static NotPermitted RefusedWithoutAChange(Scene scene, ActorOperation op, Actor actor)
    {
        if (op.Arrange is not null)
        {
            op.Arrange(scene);
            scene.Account.TakeEvents();
        }
        var before = scene.Account.ToSnapshot();
        var version = scene.Account.Version;

        var refusal = Assert.IsType<NotPermitted>(op.Act(scene, actor));

        Assert.Equal(before, scene.Account.ToSnapshot());
        Assert.Equal(version, scene.Account.Version);
        Assert.Empty(scene.Account.PendingEvents);
        Assert.Null(refusal.ActorRole);
        return refusal;
    }
}
