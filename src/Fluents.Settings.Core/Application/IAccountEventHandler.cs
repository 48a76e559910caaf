namespace Fluents.Settings.Application;

/// <summary>
/// Port: how a host reacts to what changed, after the change was saved. For example, on
/// <see cref="Environments.EnvironmentDeleted"/> delete the environment's agents, campaigns and numbers; on
/// <see cref="Members.MemberRemoved"/> or <see cref="Members.MemberLeft"/> end the user's sessions.
/// </summary>
/// <remarks>
/// Handlers run in registration order, once per event, after a successful save (and after the change's entries were
/// appended to the audit trail). If one throws, the change stays saved and the service throws
/// <see cref="EventDispatchException"/>, which says so and names the events not yet handled; a host that needs guaranteed
/// delivery stores events in an outbox from its handler. Each event says who made the change, the version it produced and
/// its index within it (<see cref="DomainEvent.Actor"/>, <see cref="DomainEvent.Version"/>, <see cref="DomainEvent.Index"/>):
/// (account, version, index) is the key to de-duplicate on.
/// </remarks>
public interface IAccountEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when the event was handled.</returns>
    Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default);
}

/// <summary>
/// An event handler failed after a change was saved: the change is kept (it is not rolled back). <see cref="Unhandled"/> lists
/// the events not handled; <see cref="AfterSaveException.NotAudited"/> is not empty when the audit trail failed too.
/// </summary>
public sealed class EventDispatchException : AfterSaveException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="savedVersion">The account version that was saved.</param>
    /// <param name="failedEvent">The event whose handler threw.</param>
    /// <param name="unhandled">The events not handled, the failed one first.</param>
    /// <param name="inner">The handler's exception.</param>
    /// <param name="result">The use case's result (a <see cref="SettingsResult{TSuccess}"/>), which succeeded: it may hold a one-time API key or delivery status.</param>
    /// <param name="notAudited">The change's audit entries the audit trail may not have stored, when it failed too; empty or <c>null</c> when it stored them.</param>
    public EventDispatchException(long savedVersion, DomainEvent failedEvent, IReadOnlyList<DomainEvent> unhandled, Exception inner, object? result = null, IReadOnlyList<Audit.AuditEntry>? notAudited = null)
        : base(
            $"The change was saved (version {savedVersion}), but handling {failedEvent?.GetType().Name} failed: {inner?.Message}"
                + (notAudited is { Count: > 0 } ? $" The audit trail did not store its {notAudited.Count} entries either." : string.Empty),
            inner!,
            savedVersion,
            result,
            notAudited)
    {
        FailedEvent = failedEvent!;
        Unhandled = unhandled;
    }

    /// <summary>The event whose handler threw.</summary>
    public DomainEvent FailedEvent { get; }

    /// <summary>The events not handled, the failed one first.</summary>
    public IReadOnlyList<DomainEvent> Unhandled { get; }
}
