namespace Fluents.Settings.UnitTests;

/// <summary>Files of the repository the tests read (the README, the core's source, the golden JSON files).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository's root: the folder above the test binaries that holds Fluents.Settings.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The core's source folder, <c>src/Fluents.Settings.Core</c>.</summary>
    public static string CoreSource => Path.Combine(Root, "src", "Fluents.Settings.Core");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fluents.Settings.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (Fluents.Settings.sln) was not found above the test binaries.");
    }
}
