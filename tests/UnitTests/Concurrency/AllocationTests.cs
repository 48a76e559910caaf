using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Concurrency;

public class AllocationTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);
    private static readonly EnvironmentId X = new(Guid.Parse("0196f000-0000-7000-8000-000000000e01"));
    private static readonly EnvironmentId Y = new(Guid.Parse("0196f000-0000-7000-8000-000000000e02"));

    [Fact]
    public void Sum_IncludesHiddenEnvironments_R10()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 20));
        _ = arranged.Account.HideEnvironment(TestAccounts.Admin, arranged["B"], Later).Value;
        var before = AccountState.Of(arranged.Account);

        var result = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["A"], null, 21, Later);

        Assert.Equal(new AllocationExceedsPlan(arranged["A"], 21, 20, 0, 40), result.Error);
        Assert.Equal(before, AccountState.Of(arranged.Account));
    }

    [Fact]
    public void Table_ShowsAllocatedAndUnallocatedTotals_R10()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 5));

        var table = arranged.Account.ViewEnvironments(TestAccounts.Admin).Value;

        Assert.Equal(25, table.Allocated);
        Assert.Equal(15, table.Unallocated);
        Assert.Equal(40, table.PlanLimit);
    }

    [Fact]
    public void Error_ForANewEnvironment_ReportsUnallocatedAsAllowed_R10()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 17));

        var result = arranged.Account.CreateEnvironment(TestAccounts.Admin, "C", 4, Later, new SeededSecretGenerator(1));

        var error = Assert.IsType<AllocationExceedsPlan>(result.Error);
        Assert.Null(error.Environment);
        Assert.Equal(4, error.Requested);
        Assert.Equal(3, error.Allowed);
        Assert.Equal(3, error.Unallocated);
        Assert.Equal(40, error.PlanLimit);
        Assert.Contains("at most 3", error.Message);
    }

    [Fact]
    public void Allocation_CopyHandedOut_DoesNotChangeWithTheAccount_R10()
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), ("B", 10));
        var copy = arranged.Account.Allocation;

        _ = arranged.Account.EditEnvironment(TestAccounts.Admin, arranged["B"], null, 20, Later).Value;

        Assert.Equal(10, copy.LimitOf(arranged["B"]));
        Assert.Equal(30, copy.Allocated);
        Assert.Equal(20, arranged.Account.Allocation.LimitOf(arranged["B"]));
    }

    [Fact]
    public void CheckSet_Lowering_IsAlwaysAllowed_R10()
    {
        var allocation = ConcurrencyAllocation.Create(10, [new(X, 30)]);

        Assert.IsType<Success>(allocation.CheckSet(X, 29).Value);
    }

    [Fact]
    public void CheckSet_RaisingToExactlyThePlan_IsAllowed_R10()
    {
        var allocation = ConcurrencyAllocation.Create(10, [new(X, 4), new(Y, 2)]);

        Assert.IsType<Success>(allocation.CheckSet(X, 8).Value);
        Assert.Equal(new AllocationExceedsPlan(X, 9, 8, 4, 10), allocation.CheckSet(X, 9).Value);
    }

    [Fact]
    public void AllowedFor_IsCurrentPlusUnallocated_R10()
    {
        var allocation = ConcurrencyAllocation.Create(10, [new(X, 4), new(Y, 2)]);

        Assert.Equal(8, allocation.AllowedFor(X));
        Assert.Equal(4, allocation.AllowedFor(null));
        Assert.Equal(4, allocation.Unallocated);
    }

    [Fact]
    public void Create_NegativeLimit_Throws_R9()
    {
        Assert.Throws<ArgumentException>(() => ConcurrencyAllocation.Create(10, [new(X, -1)]));
    }

    [Fact]
    public void Create_NegativePlan_Throws_R8()
    {
        Assert.Throws<ArgumentException>(() => ConcurrencyAllocation.Create(-1, []));
    }

    [Fact]
    public void Create_SameEnvironmentTwice_ThrowsNamingTheLimitsAndTheEnvironment()
    {
        // The guard's own message, not a dictionary's: it names the argument and the environment.
        var error = Assert.Throws<ArgumentException>("limits", () => ConcurrencyAllocation.Create(10, [new(X, 1), new(X, 2)]));

        Assert.Contains($"{X} appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LimitsSummingBeyondInt32_Throws_R10()
    {
        // The sum R10 compares with P must not wrap around to a negative number.
        var error = Assert.Throws<ArgumentException>("limits", () => ConcurrencyAllocation.Create(10, [new(X, int.MaxValue), new(Y, 1)]));

        Assert.Contains("sum beyond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LimitsSummingToExactlyInt32Max_IsOverAllocatedByTheExactAmount_R12()
    {
        var allocation = ConcurrencyAllocation.Create(10, [new(X, int.MaxValue - 1), new(Y, 1)]);

        Assert.Equal(int.MaxValue, allocation.Allocated);
        Assert.Equal(int.MaxValue - 10, allocation.OverAllocatedBy);
    }

    [Fact]
    public void Create_SumAbovePlan_IsOverAllocated_R12()
    {
        var allocation = ConcurrencyAllocation.Create(10, [new(X, 8), new(Y, 5)]);

        Assert.True(allocation.IsOverAllocated);
        Assert.Equal(3, allocation.OverAllocatedBy);
        Assert.Equal(0, allocation.Unallocated);
    }
}
