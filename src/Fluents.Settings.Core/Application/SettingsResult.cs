using OneOf;

namespace Fluents.Settings.Application;

/// <summary>
/// What a <see cref="SettingsService"/> use case returns: the aggregate's own outcome (its success or its typed
/// rule errors, unchanged), or one of the application's failures: the account does not exist, or other writers
/// kept winning the race for the account until the retries ran out.
/// </summary>
/// <typeparam name="TOutcome">The aggregate method's <c>OneOf</c> result.</typeparam>
/// <example>
/// <code>
/// var result = await settings.CreateEnvironmentAsync(accountId, adminId, "staging", 10);
/// var status = result.Match(
///     outcome => outcome.Match(created => 201, notPermitted => 403, badName => 400, taken => 409, badLimit => 400, exceeds => 422),
///     notFound => 404,
///     conflict => 409);
/// </code>
/// </example>
public sealed class SettingsResult<TOutcome> : OneOfBase<TOutcome, AccountNotFound, ConflictAfterRetries>
{
    private SettingsResult(OneOf<TOutcome, AccountNotFound, ConflictAfterRetries> value)
        : base(value)
    {
    }

    /// <summary>Whether the aggregate ran and its outcome is a success (not one of its rule errors).</summary>
    public bool Succeeded => IsT0 && AsT0 is IOneOf { Value: not DomainError };

    /// <summary>The error of any layer, or <c>null</c> on success: handy for logging and HTTP mapping by <see cref="DomainError.Code"/>.</summary>
    public DomainError? Error => Match(outcome => (outcome as IOneOf)?.Value as DomainError, notFound => notFound, conflict => conflict);

    /// <summary>Wraps the aggregate's outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    public static implicit operator SettingsResult<TOutcome>(TOutcome outcome) => new(outcome);

    /// <summary>Wraps a missing account.</summary>
    /// <param name="notFound">The failure.</param>
    public static implicit operator SettingsResult<TOutcome>(AccountNotFound notFound) => new(notFound);

    /// <summary>Wraps exhausted retries.</summary>
    /// <param name="conflict">The failure.</param>
    public static implicit operator SettingsResult<TOutcome>(ConflictAfterRetries conflict) => new(conflict);
}
