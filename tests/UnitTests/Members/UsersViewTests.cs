using Fluents.Settings.Accounts;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>Settings → Users: every member, their role and email (R14, R15).</summary>
public class UsersViewTests
{
    [Fact]
    public void ViewUsers_ByAdmin_ListsEveryMemberWithRoleAndEmailByName_R14()
    {
        var team = new Team();
        var cleo = team.Join(Team.CleoName, Team.CleoEmail, Role.Admin);
        var bob = team.Join(Team.BobName, "BOB@example.com");

        var rows = team.Account.ViewUsers(Team.Ada).Value;

        Assert.Equal(
            [
                new UserRow(Team.Ada, TestAccounts.AdminName, Role.Admin, TestAccounts.AdminEmail),
                new UserRow(bob, Team.BobName, Role.Member, Team.BobEmail),
                new UserRow(cleo, Team.CleoName, Role.Admin, Team.CleoEmail),
            ],
            rows.ToArray());
    }

    [Fact]
    public void ViewUsers_ByMember_IsAllowed_R15()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);

        Assert.Equal(2, team.Account.ViewUsers(bob).Value.Count);
    }

    [Fact]
    public void ViewUsers_ByStranger_IsNotPermitted_R15()
    {
        var team = new Team();

        var error = Assert.IsType<NotPermitted>(team.Account.ViewUsers(TestAccounts.Stranger).Error);

        Assert.Equal(Permission.ViewMembers, error.Required);
    }

    [Fact]
    public void ViewUsers_AfterRoleChangeAndRemoval_ShowsTheCurrentRolesOnly_R17()
    {
        var team = new Team();
        var bob = team.Join(Team.BobName, Team.BobEmail);
        var cleo = team.Join(Team.CleoName, Team.CleoEmail);
        _ = team.Account.ChangeRole(Team.Ada, bob, Role.Admin, Team.Now).Value;
        _ = team.Account.RemoveMember(Team.Ada, cleo, Team.Now).Value;

        var rows = team.Account.ViewUsers(Team.Ada).Value;

        Assert.Equal([(Team.Ada, Role.Admin), (bob, Role.Admin)], rows.Select(r => (r.User, r.Role)).ToArray());
    }

    [Fact]
    public void ViewUsers_ChangesNothing()
    {
        var team = new Team();
        var before = team.Account.ToSnapshot();

        team.Account.ViewUsers(Team.Ada);

        Assert.Equal(before, team.Account.ToSnapshot());
        Assert.Empty(team.Account.PendingEvents);
    }

    [Fact]
    [Trait("Category", "Globalization")]
    public void ViewUsers_NamesThatOnlyCaseFoldingOrders_TheSameOrderOnEveryHost_R33()
    {
        // U+017F LONG S folds to "s": ICU's OrdinalIgnoreCase agreed, invariant mode did not (it sorted ſ after z).
        var team = new Team();
        var tom = team.Join("Tom Tailor", "tom@example.com");
        var sara = team.Join("\u017Fara Smith", "sara@example.com");

        var rows = team.Account.ViewUsers(Team.Ada).Value;

        Assert.Equal([Team.Ada, sara, tom], rows.Select(row => row.User));
    }
}
