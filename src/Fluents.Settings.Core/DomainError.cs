namespace Fluents.Settings;

/// <summary>
/// A rule the user broke, returned as a value (never thrown): every error has a stable machine
/// <see cref="Code"/> that hosts can map to a response, and a human <see cref="Message"/>.
/// </summary>
/// <remarks>
/// Errors are small immutable records that carry their context (for example the calls requested
/// and the calls still unallocated). They never carry a secret.
/// </remarks>
public abstract record DomainError
{
    /// <summary>A stable, dotted, lower-case code such as <c>environment.name_taken</c>.</summary>
    public abstract string Code { get; }

    /// <summary>A human-readable explanation, suitable to show to the user who acted.</summary>
    public abstract string Message { get; }
}
