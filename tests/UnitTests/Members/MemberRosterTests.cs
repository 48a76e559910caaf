using Fluents.Settings.Members;
using static Fluents.Settings.Testing.TestParts;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>
/// The class that keeps an account's members (<see cref="MemberRoster"/>): its ids, its email index and its Admin
/// count change together, and it is the one home of R16 (the last Admin cannot be demoted, removed, or leave,
/// <see cref="MemberRoster.LastAdminStays"/>), which <c>ChangeRole</c>, <c>RemoveMember</c> and <c>Leave</c> all ask.
/// </summary>
public class MemberRosterTests
{
    private static MemberRoster With(params Member[] members)
    {
        var roster = new MemberRoster();
        foreach (var member in members) roster.Add(member);
        return roster;
    }

    [Fact]
    public void LastAdminStays_LastAdminDemoted_IsRefused_R16()
    {
        var ada = AMember(0, "ada@example.com", Role.Admin);
        var roster = With(ada, AMember(1, "bob@example.com"));

        Assert.Equal(new LastAdmin(ada.UserId, LastAdminAction.Demote), roster.LastAdminStays(ada, LastAdminAction.Demote, Role.Member));
    }

    [Theory]
    [InlineData(LastAdminAction.Remove)]
    [InlineData(LastAdminAction.Leave)]
    public void LastAdminStays_LastAdminRemovedOrLeaving_IsRefused_R16(LastAdminAction action)
    {
        var ada = AMember(0, "ada@example.com", Role.Admin);
        var roster = With(ada, AMember(1, "bob@example.com"));

        Assert.Equal(new LastAdmin(ada.UserId, action), roster.LastAdminStays(ada, action));
    }

    [Fact]
    public void LastAdminStays_LastAdminKeepsTheAdminRole_IsNoDemotion_R16()
    {
        var ada = AMember(0, "ada@example.com", Role.Admin);
        var roster = With(ada);

        Assert.Null(roster.LastAdminStays(ada, LastAdminAction.Demote, Role.Admin));
    }

    [Theory]
    [InlineData(LastAdminAction.Demote)]
    [InlineData(LastAdminAction.Remove)]
    [InlineData(LastAdminAction.Leave)]
    public void LastAdminStays_WhileAnotherAdminRemains_AdminMayGo_R16(LastAdminAction action)
    {
        var ada = AMember(0, "ada@example.com", Role.Admin);
        var roster = With(ada, AMember(1, "bob@example.com", Role.Admin));

        Assert.Null(roster.LastAdminStays(ada, action, action == LastAdminAction.Demote ? Role.Member : null));
    }

    [Theory]
    [InlineData(LastAdminAction.Demote)]
    [InlineData(LastAdminAction.Remove)]
    [InlineData(LastAdminAction.Leave)]
    public void LastAdminStays_AMemberWhoIsNoAdmin_MayGo_R16(LastAdminAction action)
    {
        var bob = AMember(1, "bob@example.com");
        var roster = With(AMember(0, "ada@example.com", Role.Admin), bob);

        Assert.Null(roster.LastAdminStays(bob, action, action == LastAdminAction.Demote ? Role.Member : null));
    }

    [Fact]
    public void LastAdminStays_TheOtherAdminWasDemoted_TheRemainingOneIsLast_R16()
    {
        var ada = AMember(0, "ada@example.com", Role.Admin);
        var bob = AMember(1, "bob@example.com", Role.Admin);
        var roster = With(ada, bob);

        roster.ChangeRole(bob, Role.Member);

        Assert.Equal(new LastAdmin(ada.UserId, LastAdminAction.Leave), roster.LastAdminStays(ada, LastAdminAction.Leave));
    }

    [Fact]
    public void LastAdminStays_TheOtherAdminWasRemoved_TheRemainingOneIsLast_R16()
    {
        var ada = AMember(0, "ada@example.com", Role.Admin);
        var bob = AMember(1, "bob@example.com", Role.Admin);
        var roster = With(ada, bob);

        roster.Remove(bob);

        Assert.Equal(new LastAdmin(ada.UserId, LastAdminAction.Remove), roster.LastAdminStays(ada, LastAdminAction.Remove));
    }

    [Fact]
    public void ChangeRole_PromotionAndDemotion_MoveTheAdminCount_R16()
    {
        var bob = AMember(1, "bob@example.com");
        var roster = With(AMember(0, "ada@example.com", Role.Admin), bob);

        roster.ChangeRole(bob, Role.Admin);
        Assert.Equal(Role.Admin, bob.Role);
        Assert.Equal(2, roster.AdminCount);

        roster.ChangeRole(bob, Role.Member);
        Assert.Equal(Role.Member, bob.Role);
        Assert.Equal(1, roster.AdminCount);
    }

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Member)]
    public void ChangeRole_ToTheSameRole_ChangesNothing(Role role)
    {
        var bob = AMember(1, "bob@example.com", role);
        var roster = With(AMember(0, "ada@example.com", Role.Admin), bob);
        var admins = roster.AdminCount;

        roster.ChangeRole(bob, role);

        Assert.Equal(role, bob.Role);
        Assert.Equal(admins, roster.AdminCount);
    }

    [Fact]
    public void Add_IndexesTheIdAndTheEmailAndCountsAdmins()
    {
        var roster = With(AMember(0, "ada@example.com", Role.Admin), AMember(1, "bob@example.com"), AMember(2, "cleo@example.org", Role.Admin));

        Assert.Equal(3, roster.Count);
        Assert.Equal(2, roster.AdminCount);
        Assert.True(roster.Contains(UserNumber(1)));
        Assert.True(roster.ContainsEmail(Email("BOB@Example.com")));
        Assert.Equal("bob@example.com", roster[UserNumber(1)].Email.Value);
    }

    [Fact]
    public void Remove_FreesTheIdTheEmailAndTheAdminPlace()
    {
        var bob = AMember(1, "bob@example.com", Role.Admin);
        var roster = With(AMember(0, "ada@example.com", Role.Admin), bob);

        roster.Remove(bob);

        Assert.False(roster.Contains(bob.UserId));
        Assert.False(roster.TryGet(bob.UserId, out _));
        Assert.Null(roster.Find(bob.UserId));
        Assert.False(roster.ContainsEmail(bob.Email));
        Assert.Equal(1, roster.Count);
        Assert.Equal(1, roster.AdminCount);
        Assert.Null(roster.NotYetAMember(bob.UserId, bob.Email));
    }

    [Fact]
    public void NotYetAMember_TheSameUserOrTheSameEmail_IsAlreadyMember_R22()
    {
        var roster = With(AMember(0, "ada@example.com", Role.Admin), AMember(1, "bob@example.com"));

        Assert.Equal(new AlreadyMember("new@example.com"), roster.NotYetAMember(UserNumber(1), Email("new@example.com")));
        Assert.Equal(new AlreadyMember("bob@example.com"), roster.NotYetAMember(UserNumber(7), Email(" Bob@EXAMPLE.com")));
        Assert.Null(roster.NotYetAMember(UserNumber(7), Email("new@example.com")));
    }
}
