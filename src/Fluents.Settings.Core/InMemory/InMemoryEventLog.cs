using Ardalis.GuardClauses;
using Fluents.Settings.Application;

namespace Fluents.Settings.InMemory;

/// <summary>An <see cref="IAccountEventHandler"/> that records every dispatched event (thread-safe), for samples, tests and diagnostics.</summary>
public sealed class InMemoryEventLog : IAccountEventHandler
{
    private readonly List<DomainEvent> _events = [];
    private readonly Lock _lock = new();

    /// <summary>Every event dispatched so far, oldest first (a copy).</summary>
    public IReadOnlyList<DomainEvent> Events
    {
        get
        {
            lock (_lock) return _events.ToArray();
        }
    }

    /// <inheritdoc />
    public Task HandleAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(domainEvent);
        lock (_lock) _events.Add(domainEvent);
        return Task.CompletedTask;
    }
}
