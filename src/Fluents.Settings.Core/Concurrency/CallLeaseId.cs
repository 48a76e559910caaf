using Ardalis.GuardClauses;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// Identifies one admitted call in an <see cref="ICallGate"/> (R13, R30): the lease the call holds. An admission that
/// names a lease id counts once however often it is retried (say, after a timeout), and the lease is what a host's
/// renewal keeps alive and what release removes.
/// </summary>
/// <remarks>
/// A GUID; <c>default</c> is not a valid id. Use the platform's own call id if it is a GUID, or <see cref="New"/>. Unlike the
/// account's ids, a lease id is runtime state, not settings: <see cref="New"/> draws it from <see cref="Guid.CreateVersion7()"/>
/// rather than from an <c>ISecretGenerator</c>, because no test of the domain needs to reproduce it.
/// </remarks>
public readonly record struct CallLeaseId
{
    /// <summary>Wraps an existing id.</summary>
    /// <param name="value">A non-empty GUID.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public CallLeaseId(Guid value) => Value = Guard.Against.Default(value);

    /// <summary>The GUID.</summary>
    public Guid Value { get; }

    /// <summary>A new time-ordered (version 7) id.</summary>
    /// <returns>A fresh id, different from every other.</returns>
    public static CallLeaseId New() => new(Guid.CreateVersion7());

    /// <summary>Parses the GUID text written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The id, when the text is a non-empty GUID.</param>
    /// <returns>Whether the text was a non-empty GUID.</returns>
    public static bool TryParse(string? text, out CallLeaseId id)
    {
        id = default;
        if (!Guid.TryParse(text, out var value) || value == Guid.Empty) return false;
        id = new CallLeaseId(value);
        return true;
    }

    /// <summary>The GUID in its standard form.</summary>
    /// <returns>The id as text.</returns>
    public override string ToString() => Value.ToString();
}
