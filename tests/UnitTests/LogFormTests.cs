using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Members;

namespace Fluents.Settings.UnitTests;

/// <summary>
/// What the domain's types say of themselves in logs (their <c>ToString</c>): the forms their XML docs give, which say who
/// and what, and never a secret (DESIGN.md §1).
/// </summary>
public class LogFormTests
{
    [Fact]
    public void Account_ShowsItsIdAndVersion()
    {
        var account = TestAccounts.Open().Account;
        _ = account.ChangePlanLimit(TestAccounts.Admin, 39, TestAccounts.Now).Value;

        Assert.Equal($"Account {TestAccounts.AccountId} v{account.Version}", account.ToString());
        Assert.Equal(1, account.Version);
    }

    [Fact]
    public void Member_ShowsNameRoleAndId()
    {
        var ada = TestAccounts.Open().Account.FindMember(TestAccounts.Admin)!;

        Assert.Equal($"Ada Admin (Admin, {TestAccounts.Admin})", ada.ToString());
    }

    [Fact]
    public void Environment_ShowsNameAndId()
    {
        var opened = TestAccounts.Open();

        Assert.Equal($"default ({opened.DefaultEnvironment})", opened.Account.FindEnvironment(opened.DefaultEnvironment)!.ToString());
    }

    [Fact]
    public void Invitation_ShowsIdEmailRoleAndStateButNotTheToken()
    {
        var team = new Team();
        var issued = team.Invite(" Bob@Example.com ", Role.Admin);

        var text = team.Account.FindInvitation(issued.Invitation)!.ToString();

        Assert.Equal($"Invitation {issued.Invitation} to bob@example.com as Admin (Open)", text);
        Assert.DoesNotContain(issued.Token.Reveal(), text, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemActor_ShowsNameIdAndPermissions()
    {
        Assert.Equal("Billing (system actor billing: ChangePlan)", SystemActor.Billing.ToString());
    }
}
