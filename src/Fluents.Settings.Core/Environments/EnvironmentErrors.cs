namespace Fluents.Settings.Environments;

/// <summary>Another environment of the account already has this name, ignoring case (R2).</summary>
/// <param name="Name">The name that was asked for.</param>
public sealed record EnvironmentNameTaken(string Name) : DomainError
{
    /// <inheritdoc />
    public override string Code => "environment.name_taken";

    /// <inheritdoc />
    public override string Message => $"An environment named '{Name}' already exists in this account.";
}

/// <summary>No environment with this id exists in the account (never did, or was deleted).</summary>
/// <param name="Environment">The id that was asked for.</param>
public sealed record EnvironmentNotFound(EnvironmentId Environment) : DomainError
{
    /// <inheritdoc />
    public override string Code => "environment.not_found";

    /// <inheritdoc />
    public override string Message => $"No environment {Environment} exists in this account.";
}

/// <summary>Hiding or deleting this environment would leave the account with no visible environment (R5).</summary>
/// <param name="Environment">The environment that must stay.</param>
public sealed record LastVisibleEnvironment(EnvironmentId Environment) : DomainError
{
    /// <inheritdoc />
    public override string Code => "environment.last_visible";

    /// <inheritdoc />
    public override string Message => "An account must keep at least one visible environment; create or unhide another one first.";
}

/// <summary>The name typed to confirm a delete is not the environment's name (R6).</summary>
/// <param name="Environment">The environment that was not deleted.</param>
/// <param name="Expected">The environment's name, which must be typed.</param>
public sealed record DeleteConfirmationMismatch(EnvironmentId Environment, string Expected) : DomainError
{
    /// <inheritdoc />
    public override string Code => "environment.delete_not_confirmed";

    /// <inheritdoc />
    public override string Message => $"To delete this environment, type its name '{Expected}' exactly.";
}

/// <summary>A key rotation's grace period below zero or above <see cref="Accounts.Account.MaxApiKeyGracePeriod"/> (R26).</summary>
/// <param name="Requested">The grace period asked for.</param>
/// <param name="Maximum">The longest grace period allowed.</param>
public sealed record InvalidGracePeriod(Duration Requested, Duration Maximum) : DomainError
{
    /// <inheritdoc />
    public override string Code => "api_key.invalid_grace_period";

    /// <inheritdoc />
    public override string Message => $"A grace period must be between zero and {Maximum.TotalHours:0} hours.";
}
