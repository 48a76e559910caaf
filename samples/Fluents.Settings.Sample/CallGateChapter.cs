namespace Fluents.Settings.Sample;

/// <summary>The call gate chapter (R13): wired in once the gate lands.</summary>
internal static class CallGateChapter
{
    public static Task RunAsync(Story story, EnvironmentsOfTheStory environments)
    {
        _ = (story, environments);
        return Task.CompletedTask;
    }
}
