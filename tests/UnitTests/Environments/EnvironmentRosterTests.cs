using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using static Fluents.Settings.Testing.TestParts;

namespace Fluents.Settings.UnitTests.Environments;

/// <summary>
/// The class that keeps an account's environments (<see cref="EnvironmentRoster"/>): its ids, its name index, its
/// visible count and its allocation change together, and it is the home of R2 (names unique ignoring case,
/// <see cref="EnvironmentRoster.NameStaysUnique"/>) and R5 (the last visible environment stays,
/// <see cref="EnvironmentRoster.LastVisibleEnvironmentStays"/>).
/// </summary>
public class EnvironmentRosterTests
{
    private static EnvironmentRoster With(int planLimit, params AccountEnvironment[] environments)
    {
        var roster = new EnvironmentRoster(planLimit);
        foreach (var environment in environments) roster.Add(environment);
        return roster;
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("STAGING")]
    [InlineData("  Staging ")]
    public void NameStaysUnique_AnotherEnvironmentsNameIgnoringCase_IsTaken_R2(string name)
    {
        var roster = With(10, AnEnvironment(0, "default"), AnEnvironment(1, "Staging"));

        Assert.Equal(new EnvironmentNameTaken(Name(name).Value), roster.NameStaysUnique(Name(name)));
        Assert.Equal(new EnvironmentNameTaken(Name(name).Value), roster.NameStaysUnique(Name(name), EnvironmentNumber(0)));
    }

    [Fact]
    public void NameStaysUnique_AHiddenEnvironmentsName_IsTaken_R2()
    {
        var roster = With(10, AnEnvironment(0, "default"), AnEnvironment(1, "old", hidden: true));

        Assert.NotNull(roster.NameStaysUnique(Name("OLD")));
    }

    [Fact]
    public void NameStaysUnique_RenamedEnvironmentsOwnNameInAnotherCase_IsFree_R2()
    {
        var roster = With(10, AnEnvironment(0, "default"), AnEnvironment(1, "Staging"));

        Assert.Null(roster.NameStaysUnique(Name("staging"), EnvironmentNumber(1)));
    }

    [Fact]
    public void NameStaysUnique_UnusedName_IsFree_R2()
    {
        var roster = With(10, AnEnvironment(0, "default"));

        Assert.Null(roster.NameStaysUnique(Name("production")));
    }

    [Fact]
    public void Rename_FreesTheOldNameAndTakesTheNew_R2()
    {
        var staging = AnEnvironment(1, "staging");
        var roster = With(10, AnEnvironment(0, "default"), staging);

        roster.Rename(staging, Name("Preview"));

        Assert.Equal("Preview", staging.Name.Value);
        Assert.Null(roster.NameStaysUnique(Name("staging")));
        Assert.NotNull(roster.NameStaysUnique(Name("preview")));
        Assert.Null(roster.NameStaysUnique(Name("PREVIEW"), staging.Id));
        Assert.Same(staging, roster.Find(staging.Id));
    }

    [Fact]
    public void Rename_ToItsOwnNameInAnotherCase_KeepsOneEntry_R2()
    {
        var staging = AnEnvironment(1, "staging");
        var roster = With(10, AnEnvironment(0, "default"), staging);

        roster.Rename(staging, Name("STAGING"));

        Assert.Equal("STAGING", staging.Name.Value);
        Assert.NotNull(roster.NameStaysUnique(Name("Staging")));
        Assert.Null(roster.NameStaysUnique(Name("Staging"), staging.Id));
    }

    [Fact]
    public void LastVisibleEnvironmentStays_TheOnlyEnvironment_IsRefused_R5()
    {
        var only = AnEnvironment(0, "default");
        var roster = With(10, only);

        Assert.Equal(new LastVisibleEnvironment(only.Id), roster.LastVisibleEnvironmentStays(only));
    }

    [Fact]
    public void LastVisibleEnvironmentStays_TheLastVisibleWhileOthersAreHidden_IsRefused_R5()
    {
        var visible = AnEnvironment(0, "default");
        var roster = With(10, visible, AnEnvironment(1, "a", hidden: true), AnEnvironment(2, "b", hidden: true));

        Assert.Equal(new LastVisibleEnvironment(visible.Id), roster.LastVisibleEnvironmentStays(visible));
    }

    [Fact]
    public void LastVisibleEnvironmentStays_AHiddenEnvironment_MayGo_R5()
    {
        var hidden = AnEnvironment(1, "a", hidden: true);
        var roster = With(10, AnEnvironment(0, "default"), hidden);

        Assert.Null(roster.LastVisibleEnvironmentStays(hidden));
    }

    [Fact]
    public void LastVisibleEnvironmentStays_OneOfTwoVisible_MayGo_R5()
    {
        var first = AnEnvironment(0, "default");
        var second = AnEnvironment(1, "a");
        var roster = With(10, first, second);

        Assert.Null(roster.LastVisibleEnvironmentStays(first));
        Assert.Null(roster.LastVisibleEnvironmentStays(second));
    }

    [Fact]
    public void HideAndUnhide_CountEachEnvironmentOnce_R5()
    {
        var first = AnEnvironment(0, "default");
        var second = AnEnvironment(1, "a");
        var roster = With(10, first, second);

        roster.Hide(second);
        roster.Hide(second);
        Assert.Equal(1, roster.VisibleCount);
        Assert.True(second.Hidden);
        Assert.NotNull(roster.LastVisibleEnvironmentStays(first));

        roster.Unhide(second);
        roster.Unhide(second);
        Assert.Equal(2, roster.VisibleCount);
        Assert.False(second.Hidden);
        Assert.Null(roster.LastVisibleEnvironmentStays(first));
    }

    [Fact]
    public void Add_CountsTheVisibleAndSumsTheLimits_R10()
    {
        var roster = With(40, AnEnvironment(0, "A", 20), AnEnvironment(1, "B", 10, hidden: true), AnEnvironment(2, "C", 10));

        Assert.Equal(3, roster.Count);
        Assert.Equal(2, roster.VisibleCount);
        Assert.Equal(40, roster.Allocation.Allocated);
        Assert.Equal(40, roster.Allocation.PlanLimit);
        Assert.Equal(10, roster.Allocation.LimitOf(EnvironmentNumber(1)));
    }

    [Fact]
    public void SetLimit_ChangesTheEnvironmentAndTheAllocatedSumTogether_R10()
    {
        var b = AnEnvironment(1, "B", 10);
        var roster = With(40, AnEnvironment(0, "A", 20), b);

        roster.SetLimit(b, MaxConcurrentCallsOf(4));

        Assert.Equal(4, b.MaxConcurrentCalls.Value);
        Assert.Equal(4, roster.Allocation.LimitOf(b.Id));
        Assert.Equal(24, roster.Allocation.Allocated);
        Assert.Equal(16, roster.Allocation.Unallocated);
    }

    [Fact]
    public void Remove_FreesTheIdTheNameTheLimitAndTheVisiblePlace_R5_R6()
    {
        var b = AnEnvironment(1, "B", 10);
        var roster = With(40, AnEnvironment(0, "A", 20), b);

        roster.Remove(b);

        Assert.False(roster.Contains(b.Id));
        Assert.Null(roster.Find(b.Id));
        Assert.Equal(1, roster.Count);
        Assert.Equal(1, roster.VisibleCount);
        Assert.Null(roster.NameStaysUnique(Name("b")));
        Assert.False(roster.Allocation.Limits.ContainsKey(b.Id));
        Assert.Equal(20, roster.Allocation.Allocated);
    }

    [Fact]
    public void Remove_AHiddenEnvironment_LeavesTheVisibleCount_R5()
    {
        var hidden = AnEnvironment(1, "B", 10, hidden: true);
        var roster = With(40, AnEnvironment(0, "A", 20), hidden);

        roster.Remove(hidden);

        Assert.Equal(1, roster.VisibleCount);
    }

    [Fact]
    public void ChangePlanLimit_KeepsTheLimits_R12()
    {
        var roster = With(40, AnEnvironment(0, "A", 20), AnEnvironment(1, "B", 10));

        roster.ChangePlanLimit(25);

        Assert.Equal(25, roster.Allocation.PlanLimit);
        Assert.Equal(30, roster.Allocation.Allocated);
        Assert.True(roster.Allocation.IsOverAllocated);
    }

    private static MaxConcurrentCalls MaxConcurrentCallsOf(int value) => MaxConcurrentCalls.Create(value).AsT0;
}
