using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Concurrency;

public class RebalanceTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);

    // P = 40, A = 20, B = 10, C = 10; then the plan drops to 20: over-allocated by 20.
    private static ArrangedAccount OverAllocated(int newPlan = 20)
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10), ("C", 10));
        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, newPlan, TestAccounts.Now).Value;
        arranged.Account.TakeEvents();
        return arranged;
    }

    private static int ProposedFor(RebalanceProposal proposal, EnvironmentId environment) =>
        proposal.Lines.Single(line => line.Environment == environment).Proposed;

    [Fact]
    public void Propose_WhenTheAccountFits_ChangesNothing_R12()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10));

        var proposal = arranged.Account.ProposeRebalance();

        Assert.False(proposal.ChangesAnything);
        Assert.All(proposal.Lines, line => Assert.Equal(line.Current, line.Proposed));
    }

    [Fact]
    public void Propose_OverAllocated_ScalesEveryEnvironmentProportionally_R12()
    {
        var arranged = OverAllocated();

        var proposal = arranged.Account.ProposeRebalance();

        Assert.Equal(10, ProposedFor(proposal, arranged["A"]));
        Assert.Equal(5, ProposedFor(proposal, arranged["B"]));
        Assert.Equal(5, ProposedFor(proposal, arranged["C"]));
        Assert.Equal(20, proposal.ProposedTotal);
        Assert.Equal(arranged.Account.Version, proposal.AccountVersion);
        Assert.Equal(20, proposal.PlanLimit);
    }

    [Fact]
    public void Propose_OverAllocated_GivesTheRoundingLeftoverToTheLargestRemainder_R12()
    {
        // A = 5, B = 3, C = 2 (S = 10), P = 7: exact shares 3.5, 2.1, 1.4 → 3, 2, 1 plus one for A.
        var arranged = ArrangedAccount.With(10, ("A", 5), ("B", 3), ("C", 2));
        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 7, Later).Value;

        var proposal = arranged.Account.ProposeRebalance();

        Assert.Equal(4, ProposedFor(proposal, arranged["A"]));
        Assert.Equal(2, ProposedFor(proposal, arranged["B"]));
        Assert.Equal(1, ProposedFor(proposal, arranged["C"]));
    }

    [Fact]
    public void Propose_OverAllocated_BreaksEqualRemaindersByTheOlderEnvironment_R12()
    {
        // Three equal environments of 1 and P = 2: each share is 2/3; the two oldest (smallest ids) get 1.
        var arranged = ArrangedAccount.With(3, ("A", 1), ("B", 1), ("C", 1));
        _ = arranged.Account.ChangePlanLimit(TestAccounts.Admin, 2, Later).Value;

        var proposal = arranged.Account.ProposeRebalance();

        Assert.Equal(1, ProposedFor(proposal, arranged["A"]));
        Assert.Equal(1, ProposedFor(proposal, arranged["B"]));
        Assert.Equal(0, ProposedFor(proposal, arranged["C"]));
    }

    [Fact]
    public void Propose_PlanOfZero_ProposesZeroEverywhere_R12()
    {
        var arranged = OverAllocated(newPlan: 0);

        var proposal = arranged.Account.ProposeRebalance();

        Assert.All(proposal.Lines, line => Assert.Equal(0, line.Proposed));
    }

    [Fact]
    public void Propose_IsReadOnly_R12()
    {
        var arranged = OverAllocated();
        var before = AccountState.Of(arranged.Account);

        arranged.Account.ProposeRebalance();

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Propose_Twice_GivesTheSameProposal_R12()
    {
        var arranged = OverAllocated(newPlan: 13);

        Assert.Equal(arranged.Account.ProposeRebalance().Lines, arranged.Account.ProposeRebalance().Lines);
    }

    [Fact]
    public void Apply_FreshProposal_SetsEveryLimitInOneStepAndTheAccountFits_R12()
    {
        var arranged = OverAllocated();
        var version = arranged.Account.Version;

        _ = arranged.Account.ApplyRebalance(TestAccounts.Admin, arranged.Account.ProposeRebalance(), Later).Value;

        Assert.False(arranged.Account.IsOverAllocated);
        Assert.Equal(20, arranged.Account.Allocation.Allocated);
        Assert.Equal(version + 1, arranged.Account.Version);
        var changed = Assert.IsType<AllocationChanged>(Assert.Single(arranged.Account.PendingEvents));
        Assert.Equal(3, changed.Changes.Count);
    }

    [Fact]
    public void Apply_ProposalWhenTheAccountFits_ChangesNothing_R12()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10));
        var before = AccountState.Of(arranged.Account);

        _ = arranged.Account.ApplyRebalance(TestAccounts.Admin, arranged.Account.ProposeRebalance(), Later).Value;

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Apply_ProposalMadeBeforeAnotherChange_IsRefusedAsStale_R12()
    {
        var arranged = OverAllocated();
        var proposal = arranged.Account.ProposeRebalance();
        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 19, Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.ApplyRebalance(TestAccounts.Admin, proposal, Later);

        var error = Assert.IsType<StaleRebalanceProposal>(result.Error);
        Assert.Equal(proposal.AccountVersion, error.ProposedAtVersion);
        Assert.Equal(arranged.Account.Version, error.CurrentVersion);
        Assert.Equal("concurrency.stale_proposal", error.Code);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Apply_ProposalAfterARefusedChange_IsStillFresh_R12()
    {
        var arranged = OverAllocated();
        var proposal = arranged.Account.ProposeRebalance();
        Assert.IsType<AllocationExceedsPlan>(arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 21, Later).Error);

        var result = arranged.Account.ApplyRebalance(TestAccounts.Admin, proposal, Later);

        Assert.IsType<Success>(result.Value);
    }

    [Fact]
    public void Apply_ProposalWithForgedLines_Throws_R12()
    {
        var arranged = OverAllocated();
        var genuine = arranged.Account.ProposeRebalance();
        var forged = genuine with { Lines = [.. genuine.Lines.Select(line => line with { Proposed = line.Current + 100 })] };
        var before = AccountState.Of(arranged.Account);

        Assert.Throws<ArgumentException>(() => arranged.Account.ApplyRebalance(TestAccounts.Admin, forged, Later));

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Apply_ProposalNamingAnUnknownEnvironment_Throws_R12()
    {
        var arranged = OverAllocated();
        var foreign = new RebalanceProposal(arranged.Account.Version, 20, [new RebalanceLine(new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead")), 20, 10)]);
        var before = AccountState.Of(arranged.Account);

        Assert.Throws<ArgumentException>(() => arranged.Account.ApplyRebalance(TestAccounts.Admin, foreign, Later));

        Assert.Equal(before, AccountState.Of(arranged.Account));
    }
}
