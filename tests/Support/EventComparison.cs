using Fluents.Settings.Concurrency;

namespace Fluents.Settings.Testing;

/// <summary>Compares events as values: record equality, except that a list compares by its elements (a read event holds a new list).</summary>
public static class EventComparison
{
    public static bool AreSame(DomainEvent expected, DomainEvent actual) => (expected, actual) switch
    {
        (AllocationChanged e, AllocationChanged a) => e with { Changes = a.Changes } == a && e.Changes.SequenceEqual(a.Changes),
        _ => expected == actual,
    };
}
