using Fluents.Settings.Accounts;

namespace Fluents.Settings.Application;

/// <summary>No account is stored under this id.</summary>
/// <param name="Account">The id asked for.</param>
public sealed record AccountNotFound(AccountId Account) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.not_found";

    /// <inheritdoc />
    public override string Message => $"No account {Account} exists.";
}

/// <summary>An account with this id is already stored.</summary>
/// <param name="Account">The id.</param>
public sealed record AccountAlreadyExists(AccountId Account) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.already_exists";

    /// <inheritdoc />
    public override string Message => $"An account {Account} already exists.";
}

/// <summary>A save named a version that is no longer the stored one: someone else saved first.</summary>
/// <param name="Account">The account.</param>
/// <param name="ExpectedVersion">The version the saver loaded.</param>
/// <param name="ActualVersion">The version stored now.</param>
public sealed record ConcurrencyConflict(AccountId Account, long ExpectedVersion, long ActualVersion) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.conflict";

    /// <inheritdoc />
    public override string Message => $"The account changed while you worked (version {ExpectedVersion} is now {ActualVersion}).";
}

/// <summary>Every attempt lost the race to another writer; the action was not applied. Try again.</summary>
/// <param name="Account">The account.</param>
/// <param name="Attempts">How many times the action was re-applied to fresh state.</param>
public sealed record ConflictAfterRetries(AccountId Account, int Attempts) : DomainError
{
    /// <inheritdoc />
    public override string Code => "account.conflict_after_retries";

    /// <inheritdoc />
    public override string Message => $"The account is being changed by others right now; the change was not applied after {Attempts} attempts. Try again.";
}
