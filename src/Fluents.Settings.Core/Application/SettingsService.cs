using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using OneOf;

namespace Fluents.Settings.Application;

/// <summary>
/// The Settings page's actions, one method each, for a host application. Every change loads the account,
/// calls one <see cref="Account"/> method (which checks every rule and the actor's role), saves with the
/// version it loaded, then keeps the API-key index in step, sends invitation mail and dispatches events.
/// The service adds no business rules of its own.
/// </summary>
/// <remarks>
/// <para><b>Concurrency.</b> When another writer saved first, the service reloads and re-applies the action, up to
/// <see cref="SettingsServiceOptions.MaxAttempts"/> times: the rules are re-checked against the fresh state, so two
/// admins editing at once never lose an update, and no lock is needed. Only when every attempt loses does it return
/// <see cref="ConflictAfterRetries"/>; nothing was applied then.</para>
/// <para><b>Thread safety.</b> The service holds no per-call state and may be shared by any number of threads.</para>
/// </remarks>
public sealed partial class SettingsService
{
    private readonly IAccountRepository _accounts;
    private readonly IInvitationMailer _mailer;
    private readonly IApiKeyIndex _apiKeys;
    private readonly ApiKeyVerifier _verifier;
    private readonly IClock _clock;
    private readonly ISecretGenerator _secrets;
    private readonly IAccountEventHandler[] _eventHandlers;
    private readonly int _maxAttempts;
    private readonly Dictionary<AccountId, long> _indexedVersions = [];
    private readonly Lock _indexLock = new();

    /// <summary>Wires the service to its ports.</summary>
    /// <param name="accounts">Where accounts are stored.</param>
    /// <param name="mailer">Sends invitation emails.</param>
    /// <param name="apiKeys">
    /// The API-key lookup, kept in step with every saved change. The service orders concurrent writers' updates (a
    /// newer saved version always wins), so let one service instance write to a given index.
    /// </param>
    /// <param name="clock">The current time (NodaTime's <see cref="SystemClock.Instance"/> in production).</param>
    /// <param name="secrets">Randomness for ids, keys and tokens (<see cref="CryptographicSecretGenerator.Instance"/> in production).</param>
    /// <param name="eventHandlers">Called with each event after a successful save, in order.</param>
    /// <param name="options">Retry settings; defaults when <c>null</c>.</param>
    /// <exception cref="ArgumentNullException">A port is null.</exception>
    public SettingsService(
        IAccountRepository accounts,
        IInvitationMailer mailer,
        IApiKeyIndex apiKeys,
        IClock clock,
        ISecretGenerator secrets,
        IEnumerable<IAccountEventHandler>? eventHandlers = null,
        SettingsServiceOptions? options = null)
    {
        _accounts = Guard.Against.Null(accounts);
        _mailer = Guard.Against.Null(mailer);
        _apiKeys = Guard.Against.Null(apiKeys);
        _clock = Guard.Against.Null(clock);
        _secrets = Guard.Against.Null(secrets);
        _eventHandlers = eventHandlers?.ToArray() ?? [];
        _maxAttempts = Guard.Against.NegativeOrZero((options ?? new SettingsServiceOptions()).MaxAttempts);
        _verifier = new ApiKeyVerifier(apiKeys);
    }

    /// <summary>
    /// Opens a new account with its first Admin and a <c>default</c> environment holding the whole plan (R7), and
    /// stores it. The <c>default</c> environment's API key is in the result, shown this once.
    /// </summary>
    /// <param name="planLimit">The plan's concurrent calls.</param>
    /// <param name="firstAdmin">The user opening the account.</param>
    /// <param name="adminName">Their name.</param>
    /// <param name="adminEmail">Their email.</param>
    /// <param name="accountId">The id to use (e.g. the host's tenant id), or <c>null</c> for a new one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The opened account and key, or why it was refused.</returns>
    public async Task<OneOf<OpenedAccount, InvalidMaxConcurrentCalls, InvalidPersonName, InvalidEmailAddress, AccountAlreadyExists>> OpenAccountAsync(
        int planLimit, UserId firstAdmin, string adminName, string adminEmail, AccountId? accountId = null, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var opened = Account.Open(accountId ?? AccountId.New(now, _secrets), planLimit, firstAdmin, adminName, adminEmail, now, _secrets);
        if (!opened.TryPickT0(out var success, out var refused)) return refused.Match<OneOf<OpenedAccount, InvalidMaxConcurrentCalls, InvalidPersonName, InvalidEmailAddress, AccountAlreadyExists>>(e => e, e => e, e => e);

        var added = await _accounts.AddAsync(success.Account, cancellationToken).ConfigureAwait(false);
        if (added.TryPickT1(out var exists, out _)) return exists;
        await AfterSaveAsync(success.Account, success, cancellationToken).ConfigureAwait(false);
        return success;
    }

    /// <summary>Loads an account for reading (for hosts that need more than the views below, e.g. <see cref="Account.Allocation"/> for a call gate).</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account, or <c>null</c> when it does not exist.</returns>
    public Task<Account?> FindAccountAsync(AccountId account, CancellationToken cancellationToken = default) =>
        _accounts.FindAsync(account, cancellationToken);

    /// <summary>Verifies an API key presented with an API call (R27): no repository access, O(1), constant-time hash comparison.</summary>
    /// <param name="presented">The key as presented.</param>
    /// <returns>The key's account and environment, or why it is refused.</returns>
    public OneOf<VerifiedApiKey, MalformedApiKey, ApiKeyChecksumMismatch, UnknownApiKey, ExpiredApiKey> VerifyApiKey(ReadOnlySpan<char> presented) =>
        _verifier.Verify(presented, _clock.GetCurrentInstant());

    // Load → one aggregate call → save with the loaded version → after-save work. On a conflict, start over
    // from fresh state, so the aggregate re-checks every rule against what the other writer saved.
    private async Task<SettingsResult<TResult>> ChangeAsync<TOutcome, TResult>(
        AccountId id, Func<Account, Instant, TOutcome> action, Func<Account, TOutcome, Task<TResult>> complete, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _maxAttempts; attempt++)
        {
            var account = await _accounts.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (account is null) return new AccountNotFound(id);

            var loadedVersion = account.Version;
            var outcome = action(account, _clock.GetCurrentInstant());
            if (account.Version == loadedVersion) return await complete(account, outcome).ConfigureAwait(false); // refused, or nothing to change

            var saved = await _accounts.SaveAsync(account, loadedVersion, cancellationToken).ConfigureAwait(false);
            if (saved.IsT1) continue;

            SettingsResult<TResult> result = await complete(account, outcome).ConfigureAwait(false);
            await AfterSaveAsync(account, result, cancellationToken).ConfigureAwait(false);
            return result;
        }
        return new ConflictAfterRetries(id, _maxAttempts);
    }

    private Task<SettingsResult<TOutcome>> ChangeAsync<TOutcome>(AccountId id, Func<Account, Instant, TOutcome> action, CancellationToken cancellationToken) =>
        ChangeAsync(id, action, static (_, outcome) => Task.FromResult(outcome), cancellationToken);

    private async Task<SettingsResult<OneOf<TView, NotPermitted>>> ViewAsync<TView>(
        AccountId id, Func<Account, Instant, OneOf<TView, NotPermitted>> view, CancellationToken cancellationToken)
    {
        var account = await _accounts.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (account is null) return new AccountNotFound(id);
        return view(account, _clock.GetCurrentInstant());
    }

    // Two writers' after-save work can run out of order (the one that saved first finishes last). Writing the older
    // version's keys then would bring back a key that the newer version revoked (R6, R26), so only a version newer
    // than the one already indexed may replace the account's entries. One long per account, for the service's life.
    private void IndexApiKeys(Account account)
    {
        lock (_indexLock)
        {
            if (_indexedVersions.TryGetValue(account.Id, out var indexed) && indexed >= account.Version) return;
            _apiKeys.ReplaceAccountKeys(account.Id, account.ApiKeyIndexEntries());
            _indexedVersions[account.Id] = account.Version;
        }
    }

    private async Task AfterSaveAsync(Account account, object result, CancellationToken cancellationToken)
    {
        var events = account.TakeEvents();
        if (events.Any(e => e is EnvironmentCreated or EnvironmentDeleted or ApiKeyRotated))
            IndexApiKeys(account);

        for (var i = 0; i < events.Count; i++)
        {
            foreach (var handler in _eventHandlers)
            {
                try
                {
                    await handler.HandleAsync(events[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    throw new EventDispatchException(account.Version, events[i], events.Skip(i).ToArray(), failure, result);
                }
            }
        }
    }
}

/// <summary>Settings for <see cref="SettingsService"/>.</summary>
public sealed record SettingsServiceOptions
{
    /// <summary>How many times an action is applied to fresh state when other writers keep saving first (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;
}
