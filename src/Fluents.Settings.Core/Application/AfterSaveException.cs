using Fluents.Settings.Audit;

namespace Fluents.Settings.Application;

/// <summary>
/// Work after a successful save did not all finish (see <see cref="SettingsService"/>): the change is saved, not rolled back.
/// <see cref="Result"/> holds the use case's successful result (a one-time API key is not lost), and the exception says what
/// remains to be done. Catch this type to handle every such case at once; its kinds are <see cref="AuditAppendException"/>
/// (the audit trail did not store the change's entries) and <see cref="EventDispatchException"/> (an event handler failed).
/// </summary>
public abstract class AfterSaveException : Exception
{
    private protected AfterSaveException(string message, Exception inner, long savedVersion, object? result, IReadOnlyList<AuditEntry>? notAudited)
        : base(message, inner)
    {
        SavedVersion = savedVersion;
        Result = result;
        NotAudited = notAudited ?? [];
    }

    /// <summary>The account version that was saved.</summary>
    public long SavedVersion { get; }

    /// <summary>
    /// The use case's successful result, as the use case would have returned it (a <see cref="SettingsResult{TSuccess}"/>
    /// such as <see cref="CreateEnvironmentResult"/>, <see cref="RotateApiKeyResult"/> or <see cref="OpenAccountResult"/>),
    /// so that nothing shown only once is lost: for example <c>((CreateEnvironmentResult)exception.Result!).Value.ApiKey</c>.
    /// </summary>
    public object? Result { get; }

    /// <summary>
    /// The change's audit entries that the audit trail may not have stored (empty when it stored them all): append them
    /// again with <see cref="IAuditTrail.AppendAsync"/>, which skips those it already has (R28).
    /// </summary>
    public IReadOnlyList<AuditEntry> NotAudited { get; }
}

/// <summary>
/// The audit trail failed to store a saved change's entries (R28): the change is kept, and every other step after the save
/// (the API-key index, invitation mail, event handlers) was done. <see cref="AfterSaveException.NotAudited"/> lists the entries
/// to append again; <see cref="AfterSaveException.Result"/> holds the use case's result.
/// </summary>
public sealed class AuditAppendException : AfterSaveException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="savedVersion">The account version that was saved.</param>
    /// <param name="notAudited">The change's entries, which the trail may not have stored.</param>
    /// <param name="inner">The audit trail's exception.</param>
    /// <param name="result">The use case's successful result.</param>
    public AuditAppendException(long savedVersion, IReadOnlyList<AuditEntry> notAudited, Exception inner, object? result = null)
        : base($"The change was saved (version {savedVersion}), but the audit trail did not store its {notAudited?.Count ?? 0} entries: {inner?.Message}", inner!, savedVersion, result, notAudited)
    {
    }
}
