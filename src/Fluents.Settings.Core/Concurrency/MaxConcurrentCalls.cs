using OneOf;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// How many calls an environment may run at the same time (R9): a whole number, 0 or more
/// (0 pauses calling). That it fits the plan is checked by <see cref="ConcurrencyAllocation"/>.
/// </summary>
public readonly record struct MaxConcurrentCalls : IComparable<MaxConcurrentCalls>
{
    private MaxConcurrentCalls(int value) => Value = value;

    /// <summary>No calls: the environment is paused.</summary>
    public static MaxConcurrentCalls Zero => default;

    /// <summary>The number of calls.</summary>
    public int Value { get; }

    /// <summary>Validates a requested limit.</summary>
    /// <param name="value">The requested number of concurrent calls.</param>
    /// <returns>The limit, or <see cref="InvalidMaxConcurrentCalls"/> when it is negative.</returns>
    public static OneOf<MaxConcurrentCalls, InvalidMaxConcurrentCalls> Create(int value) =>
        value < 0 ? new InvalidMaxConcurrentCalls(value) : new MaxConcurrentCalls(value);

    /// <inheritdoc />
    public int CompareTo(MaxConcurrentCalls other) => Value.CompareTo(other.Value);

    /// <summary>The number as text.</summary>
    /// <returns>For example <c>20</c>.</returns>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
