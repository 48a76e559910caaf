using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Actors;

/// <summary>The actor values: who acts (<see cref="Actor"/>), who acted (<see cref="ActorId"/>, <see cref="RecordedActor"/>).</summary>
public class ActorTests
{
    [Fact]
    public void Actor_FromAUserId_IsThatUser()
    {
        Actor actor = TestAccounts.Admin;

        Assert.Equal(TestAccounts.Admin, actor.User);
        Assert.Null(actor.SystemActor);
        Assert.False(actor.IsSystemActor);
        Assert.Equal(ActorId.OfUser(TestAccounts.Admin), actor.Id);
        Assert.Equal(TestAccounts.Admin.ToString(), actor.ToString());
        Assert.Equal(Actor.FromUserId(TestAccounts.Admin), actor);
    }

    [Fact]
    public void Actor_FromASystemActor_IsThatSystemActor()
    {
        Actor actor = SystemActor.Billing;

        Assert.Null(actor.User);
        Assert.Same(SystemActor.Billing, actor.SystemActor);
        Assert.True(actor.IsSystemActor);
        Assert.Equal(SystemActor.Billing.ActorId, actor.Id);
        Assert.Equal(Actor.FromSystemActor(SystemActor.Billing), actor);
        Assert.NotEqual((Actor)TestAccounts.Admin, actor);
    }

    [Fact]
    public void Actor_DefaultOrFromNothing_IsNoActor_AndEveryMethodRefusesIt()
    {
        Actor fromDefaultUser = default(UserId);
        Actor fromNull = (SystemActor?)null;
        var account = TestAccounts.Open().Account;

        Assert.Equal(default, fromDefaultUser);
        Assert.Equal(default, fromNull);
        Assert.Throws<ArgumentException>(() => account.ChangePlanLimit(fromDefaultUser, 10, TestAccounts.Now));
        Assert.Throws<ArgumentException>(() => account.IsAllowed(default, Permission.ViewEnvironments));
        Assert.Throws<ArgumentException>(() => account.ChangeRole(default, TestAccounts.Admin, Role.Member, TestAccounts.Now));
    }

    [Theory]
    [InlineData("user:0196f000-0000-7000-8000-0000000000a1")]
    [InlineData("system:billing")]
    [InlineData("system:ci-deploy.eu_west")]
    public void ActorId_ToStringThenTryParse_IsTheSameId(string text)
    {
        Assert.True(ActorId.TryParse(text, out var id));
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0196f000-0000-7000-8000-0000000000a1")]
    [InlineData("user:")]
    [InlineData("user:00000000-0000-0000-0000-000000000000")]
    [InlineData("user:{0196f000-0000-7000-8000-0000000000a1}")]
    [InlineData("USER:0196f000-0000-7000-8000-0000000000a1")]
    [InlineData("system:")]
    [InlineData("system:Billing")]
    [InlineData("system:bill ing")]
    [InlineData("billing")]
    public void ActorId_TryParse_TextThatIsNoActorId_IsRefused(string? text)
    {
        Assert.False(ActorId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void ActorId_OfUserOrSystem_SaysWhich()
    {
        ActorId user = TestAccounts.Admin;
        var system = ActorId.OfSystemActor("billing");

        Assert.Equal((TestAccounts.Admin, null, false), (user.User, user.SystemActorId, user.IsSystemActor));
        Assert.Equal((null, "billing", true), (system.User, system.SystemActorId, system.IsSystemActor));
        Assert.Equal(SystemActor.Billing.ActorId, system);
        Assert.Throws<ArgumentException>(() => ActorId.OfSystemActor("Not Valid"));
        Assert.Throws<ArgumentException>(() => ActorId.OfUser(default));
    }

    [Fact]
    public void RecordedActor_NeedsAnIdAndAName()
    {
        Assert.Throws<ArgumentException>(() => new RecordedActor(default, "Ada"));
        Assert.Throws<ArgumentException>(() => new RecordedActor(TestAccounts.Admin, ""));
        Assert.Equal("Ada Admin (user:0196f000-0000-7000-8000-0000000000a1)", new RecordedActor(TestAccounts.Admin, "Ada Admin").ToString());
    }

    [Fact]
    public void SystemActor_Equality_IsByIdNameAndPermissions()
    {
        var first = SystemActor.Automation("ci", "CI", Permission.ManageEnvironments);

        Assert.Equal(first, SystemActor.Automation("ci", "CI", Permission.ManageEnvironments));
        Assert.NotEqual(first, SystemActor.Automation("ci", "CI", Permission.ManageApiKeys));
        Assert.Equal((Actor)first, (Actor)SystemActor.Automation("ci", "CI", Permission.ManageEnvironments));
        Assert.Equal("CI (system actor ci: ManageEnvironments)", first.ToString());
    }
}
