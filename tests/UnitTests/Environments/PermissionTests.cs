using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Environments;

/// <summary>R3: creating, editing, hiding, unhiding, deleting environments, moving capacity, changing the plan and rotating keys need the Admin role.</summary>
public class PermissionTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // Each operation, reduced to its refusal (null when it succeeded).
    private static readonly Dictionary<string, Func<ArrangedAccount, UserId, DomainError?>> Operations = new()
    {
        ["create"] = (a, actor) => a.Account.CreateEnvironment(actor, "new", 0, Later, new SeededSecretGenerator(1)).Error,
        ["rename"] = (a, actor) => a.Account.EditEnvironment(actor, a["B"], "renamed", null, Later).Error,
        ["edit limit"] = (a, actor) => a.Account.EditEnvironment(actor, a["B"], null, 5, Later).Error,
        ["hide"] = (a, actor) => a.Account.HideEnvironment(actor, a["B"], Later).Error,
        ["unhide"] = (a, actor) => a.Account.UnhideEnvironment(actor, a["C"], Later).Error,
        ["delete"] = (a, actor) => a.Account.DeleteEnvironment(actor, a["B"], "B", Later).Error,
        ["reallocate"] = (a, actor) => a.Account.Reallocate(actor, new Dictionary<EnvironmentId, int> { [a["A"]] = 10, [a["B"]] = 20 }, Later).Error,
        ["change plan"] = (a, actor) => a.Account.ChangePlanLimit(actor, 20, Later).Error,
        ["apply rebalance"] = (a, actor) => a.Account.ApplyRebalance(actor, a.Account.ProposeRebalance(), Later).Error,
        ["rotate key"] = (a, actor) => a.Account.RotateApiKey(actor, a["B"], Duration.Zero, Later, new SeededSecretGenerator(2)).Error,
    };

    public static TheoryData<string> OperationNames => [.. Operations.Keys];

    public static TheoryData<string, string> NonAdminCases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var operation in Operations.Keys)
            {
                cases.Add(operation, "member");
                cases.Add(operation, "stranger");
            }
            return cases;
        }
    }

    // P = 40, A = 20, B = 10, C = 0 (hidden), plus a user with the Member role.
    private static ArrangedAccount Arrange()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 0));
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["C"], TestAccounts.Now).Value;
        return arranged.WithViewer();
    }

    private static UserId Actor(string name) => name == "member" ? Viewers.Viewer : TestAccounts.Stranger;

    [Theory]
    [MemberData(nameof(NonAdminCases))]
    public void Operation_ByANonAdmin_IsRefusedAndChangesNothing_R3(string operation, string actor)
    {
        var arranged = Arrange();
        var before = AccountState.Of(arranged.Account);

        var refusal = Operations[operation](arranged, Actor(actor));

        var error = Assert.IsType<NotPermitted>(refusal);
        Assert.Equal("account.not_permitted", error.Code);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void Operation_ByTheAdmin_IsAccepted_R3(string operation)
    {
        var arranged = Arrange();

        var refusal = Operations[operation](arranged, TestAccounts.Admin);

        Assert.True(refusal is null, $"{operation} was refused: {refusal}");
    }

    [Fact]
    public void Edit_ByAMember_ReportsTheirRoleAndTheMissingPermission_R3()
    {
        var arranged = Arrange();

        var result = arranged.Account.EditEnvironment(Viewers.Viewer, arranged["B"], null, 5, Later);

        Assert.Equal(new NotPermitted(Viewers.Viewer, Permission.ManageEnvironments, Role.Member), result.Error);
    }

    [Fact]
    public void Edit_ByAStranger_ReportsNoRole_R3()
    {
        var arranged = Arrange();

        var result = arranged.Account.EditEnvironment(TestAccounts.Stranger, arranged["B"], null, 5, Later);

        Assert.Equal(new NotPermitted(TestAccounts.Stranger, Permission.ManageEnvironments, null), result.Error);
    }

    [Fact]
    public void ChangePlan_ByAMember_ReportsTheChangePlanPermission_R3()
    {
        var arranged = Arrange();

        var result = arranged.Account.ChangePlanLimit(Viewers.Viewer, 20, Later);

        Assert.Equal(new NotPermitted(Viewers.Viewer, Permission.ChangePlan, Role.Member), result.Error);
    }

    [Fact]
    public void Edit_ByAMemberOfAnUnknownEnvironment_IsRefusedForThePermissionFirst_R3()
    {
        var arranged = Arrange();
        var unknown = new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

        var result = arranged.Account.EditEnvironment(Viewers.Viewer, unknown, null, 5, Later);

        Assert.IsType<NotPermitted>(result.Error);
    }

    [Fact]
    public void ViewEnvironments_ByAMember_ShowsEveryEnvironmentIncludingHidden_R4()
    {
        var arranged = Arrange();

        var table = arranged.Account.ViewEnvironments(Viewers.Viewer).Value;

        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(2, arranged.Account.ViewEnvironmentSelector(Viewers.Viewer).Value.Count);
    }

    [Fact]
    public void ViewEnvironments_ByAStranger_IsRefused_R3()
    {
        var arranged = Arrange();

        Assert.IsType<NotPermitted>(arranged.Account.ViewEnvironments(TestAccounts.Stranger).Error);
        Assert.IsType<NotPermitted>(arranged.Account.ViewEnvironmentSelector(TestAccounts.Stranger).Error);
    }
}
