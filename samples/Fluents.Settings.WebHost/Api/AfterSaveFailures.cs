using Fluents.Settings.Application;

namespace Fluents.Settings.WebHost.Api;

/// <summary>
/// A change is saved before the audit trail, the mail and the event handlers run. When one of those fails, the library
/// throws an <see cref="AfterSaveException"/> that carries the use case's result (a new API key is not lost). The user gets
/// that result, since the change stands; the failure goes to the log, for whoever runs the host.
/// </summary>
public sealed partial class AfterSaveFailures(ILogger<AfterSaveFailures> logger)
{
    /// <summary>Awaits a change; if a step after its save failed, logs that and returns the saved result all the same.</summary>
    /// <typeparam name="TResult">The use case's result.</typeparam>
    /// <param name="change">The use case's call.</param>
    /// <returns>Its result.</returns>
    public async Task<TResult> SavedAsync<TResult>(Task<TResult> change)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return await change;
        }
        catch (AfterSaveException failure) when (failure.Result is TResult result)
        {
            StepFailed(failure, failure.SavedVersion, failure.GetType().Name);
            return result;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A change was saved (account version {Version}) but a step after the save failed ({FailureType}); the user was answered with the saved result")]
    private partial void StepFailed(Exception failure, long version, string failureType);
}
