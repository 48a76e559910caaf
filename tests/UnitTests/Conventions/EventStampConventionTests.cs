using System.Reflection;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Actors;

namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>
/// R28: every event of every change says who made it, the account version the change produced and its index within the
/// change, so (account, version, index) is unique and ordered. Walks every operation that takes an actor (a convention
/// test keeps the walk complete), by a member and by a system actor, plus the three that take a user.
/// </summary>
public class EventStampConventionTests
{
    private static readonly RecordedActor Ada = new(TestAccounts.Admin, TestAccounts.AdminName);

    public static TheoryData<string> Changes => ActorOperations.Changes;

    public static TheoryData<string> ChangesASystemActorMayMake =>
        [.. ActorOperations.All.Where(o => o.Changes && (o.Required & RolePermissions.MemberOnly) == 0).Select(o => o.Case)];

    [Theory]
    [MemberData(nameof(Changes))]
    public void EveryChange_ByAMember_StampsEachEventWithTheMemberTheVersionItProducedAndItsIndex_R28(string operation)
    {
        AssertStamped(operation, TestAccounts.Admin, Ada);
    }

    [Theory]
    [MemberData(nameof(ChangesASystemActorMayMake))]
    public void EveryChange_ByASystemActor_StampsEachEventWithTheSystemActorAsItself_R28_R29(string operation)
    {
        AssertStamped(operation, ActorOperations.Terraform, new RecordedActor(ActorOperations.Terraform.ActorId, "Terraform"));
    }

    [Fact]
    public void TheWalk_CoversEveryAccountMethodThatTakesAnActor()
    {
        var methods = typeof(Account).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetParameters().FirstOrDefault()?.ParameterType == typeof(Actor) && m.Name != nameof(Account.IsAllowed))
            .Select(m => m.Name)
            .Distinct()
            .Order();

        Assert.Equal(methods, ActorOperations.All.Select(o => o.Method).Distinct().Order());
    }

    [Fact]
    public void Open_StampsBothEventsWithTheFirstAdminAndVersionZero_R28()
    {
        var events = TestAccounts.Open().Account.TakeEvents();

        Assert.Equal([(0L, 0), (0L, 1)], events.Select(e => (e.Version, e.Index)));
        Assert.All(events, e => Assert.Equal(Ada, e.Actor));
    }

    [Fact]
    public void AcceptInvitation_StampsBothEventsWithTheNewMemberAsTheyNamedThemselves_R28()
    {
        var account = TestAccounts.Open().Account;
        var random = new SeededSecretGenerator(5);
        var issued = account.Invite(TestAccounts.Admin, "bob@example.com", Role.Member, TestAccounts.Now, random).Value;
        var bob = new UserId(Guid.Parse("0196f000-0000-7000-8000-0000000000b2"));
        account.TakeEvents();

        _ = account.AcceptInvitation(bob, " Bob  Builder ", "BOB@example.com", issued.Token, TestAccounts.Now).Value;

        var events = account.TakeEvents();
        Assert.Equal([typeof(InvitationAccepted), typeof(MemberJoined)], events.Select(e => e.GetType()));
        Assert.Equal([(2L, 0), (2L, 1)], events.Select(e => (e.Version, e.Index)));
        Assert.All(events, e => Assert.Equal(new RecordedActor(bob, "Bob Builder"), e.Actor)); // the canonical name
    }

    [Fact]
    public void Leave_StampsTheEventWithTheMemberWhoLeft_R28()
    {
        var scene = Scene.Create();
        var version = scene.Account.Version;

        _ = scene.Account.Leave(Scene.Bob, Scene.Later).Value;

        var left = Assert.Single(scene.Account.TakeEvents());
        Assert.Equal((new RecordedActor(Scene.Bob, Scene.BobName), version + 1, 0), (left.Actor, left.Version, left.Index));
    }

    [Fact]
    public void ChangesInARow_EachHasItsOwnVersionAndIndexesFromZero_R28()
    {
        var scene = Scene.Create();
        var version = scene.Account.Version;

        _ = scene.Account.EditEnvironment(TestAccounts.Admin, scene["B"], "beta", 5, Scene.Later).Value;
        _ = scene.Account.ChangePlanLimit(SystemActor.Billing, 60, Scene.Later).Value;
        _ = scene.Account.EditEnvironment(TestAccounts.Admin, scene["A"], "alpha", 15, Scene.Later).Value;

        var events = scene.Account.TakeEvents();
        Assert.Equal([(version + 1, 0), (version + 1, 1), (version + 2, 0), (version + 3, 0), (version + 3, 1)], events.Select(e => (e.Version, e.Index)));
        Assert.Equal([Ada, Ada, new RecordedActor(SystemActor.Billing.ActorId, "Billing"), Ada, Ada], events.Select(e => e.Actor));
    }

    private static void AssertStamped(string operation, Actor actor, RecordedActor expected)
    {
        var op = ActorOperations.Named(operation);
        var scene = Scene.Create();
        if (op.Arrange is not null)
        {
            op.Arrange(scene);
            scene.Account.TakeEvents();
        }
        var version = scene.Account.Version;

        Assert.Null(op.Act(scene, actor));

        var events = scene.Account.TakeEvents();
        Assert.NotEmpty(events);
        Assert.Equal(version + 1, scene.Account.Version);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(expected, events[i].Actor);
            Assert.Equal((TestAccounts.AccountId, version + 1, i), (events[i].AccountId, events[i].Version, events[i].Index));
        }
    }
}
