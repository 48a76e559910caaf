namespace Fluents.Settings.Application;

/// <summary>
/// Port: how a host reacts to what changed, after the change was saved. For example, on
/// <see cref="Environments.EnvironmentDeleted"/> delete the environment's agents, campaigns and numbers; on
/// <see cref="Members.MemberRemoved"/> or <see cref="Members.MemberLeft"/> end the user's sessions.
/// </summary>
/// <remarks>
/// Handlers run in registration order, once per event, after a successful save. If one throws, the change stays
/// saved and the service throws <see cref="EventDispatchException"/>, which says so and names the events not yet
/// handled; a host that needs guaranteed delivery stores events in an outbox from its handler.
/// </remarks>
public interface IAccountEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when the event was handled.</returns>
    Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default);
}

/// <summary>An event handler failed after a change was saved: the change is kept (it is not rolled back).</summary>
public sealed class EventDispatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="savedVersion">The account version that was saved.</param>
    /// <param name="failedEvent">The event whose handler threw.</param>
    /// <param name="unhandled">The events not handled, the failed one first.</param>
    /// <param name="inner">The handler's exception.</param>
    /// <param name="result">The use case's result (a <see cref="SettingsResult{TSuccess}"/>), which succeeded: it may hold a one-time API key or delivery status.</param>
    public EventDispatchException(long savedVersion, DomainEvent failedEvent, IReadOnlyList<DomainEvent> unhandled, Exception inner, object? result = null)
        : base($"The change was saved (version {savedVersion}), but handling {failedEvent.GetType().Name} failed: {inner.Message}", inner)
    {
        SavedVersion = savedVersion;
        FailedEvent = failedEvent;
        Unhandled = unhandled;
        Result = result;
    }

    /// <summary>
    /// The use case's successful result, as the use case would have returned it (a <see cref="SettingsResult{TSuccess}"/>
    /// such as <see cref="CreateEnvironmentResult"/>, <see cref="RotateApiKeyResult"/> or <see cref="OpenAccountResult"/>),
    /// so that nothing shown only once is lost: for example <c>((CreateEnvironmentResult)exception.Result!).Value.ApiKey</c>.
    /// </summary>
    public object? Result { get; }

    /// <summary>The account version that was saved.</summary>
    public long SavedVersion { get; }

    /// <summary>The event whose handler threw.</summary>
    public DomainEvent FailedEvent { get; }

    /// <summary>The events not handled, the failed one first.</summary>
    public IReadOnlyList<DomainEvent> Unhandled { get; }
}
