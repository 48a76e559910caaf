namespace Fluents.Settings.WebHostTests.Support;

/// <summary>Files of the repository the tests read (the README's error table).</summary>
internal static class Repository
{
    /// <summary>The repository's root: the folder above the test binaries that holds Fluents.Settings.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Fluents.Settings.sln"))) return folder.FullName;
        throw new InvalidOperationException("Fluents.Settings.sln not found above " + AppContext.BaseDirectory);
    }
}
