namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>
/// A rule lives in one place, named after what it protects (STYLE.md). For the rules about one of the account's
/// collections, the place is the class that keeps the collection, and the refusal is created there and nowhere else:
/// read from the source, so a second copy of a rule (R16 was once checked in three places) fails here.
/// </summary>
public class RuleHomeConventionTests
{
    public static TheoryData<string, string> RefusalsAndTheirHomes() => new()
    {
        { "EnvironmentNameTaken", Path.Combine("Environments", "EnvironmentRoster.cs") }, // R2: NameStaysUnique
        { "LastVisibleEnvironment", Path.Combine("Environments", "EnvironmentRoster.cs") }, // R5: LastVisibleEnvironmentStays
        { "LastAdmin", Path.Combine("Members", "MemberRoster.cs") }, // R16: LastAdminStays
        { "InvitationAlreadyOpen", Path.Combine("Invitations", "InvitationBook.cs") }, // R19: OneOpenInvitationPerEmail
    };

    [Theory]
    [MemberData(nameof(RefusalsAndTheirHomes))]
    public void Refusal_IsCreatedOnlyInItsRulesHome(string refusal, string home)
    {
        var core = CoreSource();
        var creators = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(path => File.ReadLines(path).Any(line => line.Contains($"new {refusal}(", StringComparison.Ordinal)))
            .Select(path => Path.GetRelativePath(core, path))
            .ToArray();

        Assert.Equal([home], creators);
    }

    [Fact]
    public void LastAdmin_IsCheckedInOnePlace_R16()
    {
        // The last-Admin rule guards three operations (demote, remove, leave) with one check.
        var lines = File.ReadLines(Path.Combine(CoreSource(), "Members", "MemberRoster.cs"));

        Assert.Single(lines, line => line.Contains("new LastAdmin(", StringComparison.Ordinal));
    }

    private static string CoreSource() =>
        RepositoryFiles.CoreSource;
}
