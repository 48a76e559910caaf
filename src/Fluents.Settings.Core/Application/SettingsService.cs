using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Diagnostics;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Application;

/// <summary>
/// The Settings page's actions, one method each, for a host application. Every change loads the account,
/// calls one <see cref="Account"/> method (which checks every rule and what the actor may do), saves with the
/// version it loaded, then keeps the API-key index in step, appends the change to the audit trail, sends invitation mail
/// and dispatches events. The service adds no business rules of its own.
/// </summary>
/// <remarks>
/// <para><b>Concurrency.</b> When another writer saved first, the service reloads and re-applies the action, up to
/// <see cref="SettingsServiceOptions.MaxAttempts"/> times: the rules are re-checked against the fresh state, so two
/// admins editing at once never lose an update, and no lock is needed. Only when every attempt loses does it return
/// <see cref="ConflictAfterRetries"/>; nothing was applied then.</para>
/// <para><b>Cancellation and the commit point.</b> The caller's <see cref="CancellationToken"/> is honoured until the save
/// starts: cancelled before that, a use case throws <see cref="OperationCanceledException"/> and nothing was saved. The
/// save itself and everything after it (the API-key index, the audit trail, invitation mail, event handlers) never observe
/// the caller's token, so a client that disconnects at the wrong moment cannot make a saved change look unsaved, lose a
/// one-time API key, or leave a removed member's sessions running. After the save, the use case either returns its result
/// with all of that work done, or reports it unfinished: an undelivered invitation says <c>Delivered: false</c>; a failing
/// audit trail does not stop the steps after it, and the use case then raises <see cref="AuditAppendException"/> with the
/// saved result and the entries to append again; a failing event handler raises <see cref="EventDispatchException"/> with
/// the saved result and the events not handled (and the entries not audited, if the trail failed too). Both are
/// <see cref="AfterSaveException"/>s. The audit trail, the mailer and the handlers get a token of their own, cancelled after
/// <see cref="SettingsServiceOptions.AfterSaveTimeout"/> (no limit by default); a timeout counts as a failure of that step,
/// reported the same way.</para>
/// <para><b>Thread safety.</b> The service holds no per-call state and may be shared by any number of threads.</para>
/// </remarks>
public sealed partial class SettingsService
{
    private readonly IAccountRepository _accounts;
    private readonly IOutboxAccountRepository? _outbox;
    private readonly IInvitationMailer _mailer;
    private readonly IApiKeyIndex _apiKeys;
    private readonly ApiKeyVerifier _verifier;
    private readonly IClock _clock;
    private readonly ISecretGenerator _secrets;
    private readonly IAccountEventHandler[] _eventHandlers;
    private readonly IAuditTrail _auditTrail;
    private readonly int _maxAttempts;
    private readonly TimeSpan _afterSaveTimeout;
    private readonly SettingsMetrics? _metrics;

    /// <summary>Wires the service to its ports.</summary>
    /// <param name="accounts">Where accounts are stored.</param>
    /// <param name="mailer">Sends invitation emails.</param>
    /// <param name="apiKeys">
    /// The API-key lookup, kept in step with every saved change. Each update names the saved version and the index keeps
    /// only the newest, so any number of service instances (in one process or on several hosts) may write to it.
    /// </param>
    /// <param name="clock">The current time (NodaTime's <see cref="SystemClock.Instance"/> in production).</param>
    /// <param name="secrets">Randomness for ids, keys and tokens (<see cref="CryptographicSecretGenerator.Instance"/> in production).</param>
    /// <param name="eventHandlers">Called with each event after a successful save, in order.</param>
    /// <param name="options">Retry settings; defaults when <c>null</c>.</param>
    /// <param name="auditTrail">
    /// Where the audit trail is kept (R28): every saved change's entries are appended to it, and
    /// <see cref="ListAuditTrailAsync"/> reads it. When <c>null</c>, the repository's own when it is an
    /// <see cref="IOutboxAccountRepository"/> (which writes the entries in the save's transaction), else an
    /// <see cref="InMemoryAuditTrail"/> of this service's own, which lives as long as the service: pass your store in production.
    /// </param>
    /// <exception cref="ArgumentNullException">A port is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds a value out of range.</exception>
    public SettingsService(
        IAccountRepository accounts,
        IInvitationMailer mailer,
        IApiKeyIndex apiKeys,
        IClock clock,
        ISecretGenerator secrets,
        IEnumerable<IAccountEventHandler>? eventHandlers = null,
        SettingsServiceOptions? options = null,
        IAuditTrail? auditTrail = null)
    {
        _accounts = TracedAccountRepository.Wrap(Guard.Against.Null(accounts));
        _outbox = _accounts as IOutboxAccountRepository;
        _mailer = TracedInvitationMailer.Wrap(Guard.Against.Null(mailer));
        _apiKeys = Guard.Against.Null(apiKeys);
        _clock = Guard.Against.Null(clock);
        _secrets = Guard.Against.Null(secrets);
        _eventHandlers = eventHandlers?.ToArray() ?? [];
        _auditTrail = TracedAuditTrail.Wrap(auditTrail ?? _outbox?.AuditTrail ?? new InMemoryAuditTrail());
        options ??= new SettingsServiceOptions();
        _metrics = options.Metrics;
        _maxAttempts = Guard.Against.NegativeOrZero(options.MaxAttempts);
        _afterSaveTimeout = options.AfterSaveTimeout == Timeout.InfiniteTimeSpan
            ? Timeout.InfiniteTimeSpan
            : Guard.Against.OutOfRange(options.AfterSaveTimeout, nameof(options.AfterSaveTimeout), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(int.MaxValue));
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
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<OpenAccountResult> OpenAccountAsync(
        int planLimit, UserId firstAdmin, string adminName, string adminEmail, AccountId? accountId = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(firstAdmin);
        Guard.Against.Null(adminName);
        Guard.Against.Null(adminEmail);
        if (accountId is { } requested) Guard.Against.Default(requested);
        return ObservedAsync<OpenAccountResult, OpenedAccount>(nameof(OpenAccountAsync), _ => OpenCoreAsync(planLimit, firstAdmin, adminName, adminEmail, accountId, cancellationToken));
    }

    private async Task<OpenAccountResult> OpenCoreAsync(
        int planLimit, UserId firstAdmin, string adminName, string adminEmail, AccountId? accountId, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var opened = Account.Open(accountId ?? AccountId.New(now, _secrets), planLimit, firstAdmin, adminName, adminEmail, now, _secrets);
        if (!opened.TryGetValue(out var success, out var refused)) return FailWith<OpenAccountResult, OpenedAccount>(refused);

        cancellationToken.ThrowIfCancellationRequested(); // the commit point: honoured until here, never after
        var added = await _accounts.AddAsync(success.Account, CancellationToken.None).ConfigureAwait(false);
        if (added.TryPickT1(out var exists, out _)) return exists;
        OpenAccountResult result = success;
        await AfterSaveAsync(success.Account, () => result, static (_, _) => Task.CompletedTask).ConfigureAwait(false);
        return result;
    }

    /// <summary>Loads an account for reading (for hosts that need more than the views below, e.g. <see cref="Account.Allocation"/> for a call gate).</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account (<c>found</c>), or <see cref="AccountNotFound"/>, or why the stored account cannot be loaded
    /// (<see cref="InvalidAccountSnapshot"/>, <see cref="Json.UnsupportedSchemaVersion"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="account"/> is <c>default</c>.</exception>
    public Task<FindAccountOutcome> FindAccountAsync(AccountId account, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(account);
        return _accounts.FindAsync(account, cancellationToken);
    }

    /// <summary>Verifies an API key presented with an API call (R27): no repository access, O(1), constant-time hash comparison.</summary>
    /// <param name="presented">The key as presented.</param>
    /// <returns>The key's account and environment, or why it is refused.</returns>
    public ApiKeyVerification VerifyApiKey(ReadOnlySpan<char> presented)
    {
        var verification = _verifier.Verify(presented, _clock.GetCurrentInstant());
        _metrics?.RecordVerification(verification);
        return verification;
    }

    // Load → one aggregate call → save with the loaded version → after-save work. On a conflict, start over
    // from fresh state, so the aggregate re-checks every rule against what the other writer saved. The caller's
    // token is honoured up to the save and never after it (see the class remarks): a saved change is never
    // reported as if it were not. `complete` is the use case's own step after the save (the invitation mail), which
    // turns the aggregate's success value into the result's.
    // With an outbox repository (IOutboxAccountRepository), `mailOf` gives the change's invitation email, which the save stores
    // in its transaction; the relay sends it.
    private Task<TResult> ChangeAsync<TResult, TSuccess, TOutcomeValue>(
        AccountId id,
        Actor actor,
        Func<Account, Instant, Outcome<TOutcomeValue>> action,
        Func<Account, TOutcomeValue, CancellationToken, Task<TSuccess>> complete,
        CancellationToken cancellationToken,
        Func<Account, TOutcomeValue, InvitationEmail>? mailOf = null,
        [CallerMemberName] string member = "")
        where TResult : SettingsResult<TSuccess>, IOutcomeOf<TResult, TSuccess>
    {
        Guard.Against.Default(id);
        Guard.Against.Default(actor);
        return ObservedAsync<TResult, TSuccess>(member, useCase => ChangeCoreAsync<TResult, TSuccess, TOutcomeValue>(id, action, complete, cancellationToken, mailOf, useCase));
    }

    private async Task<TResult> ChangeCoreAsync<TResult, TSuccess, TOutcomeValue>(
        AccountId id,
        Func<Account, Instant, Outcome<TOutcomeValue>> action,
        Func<Account, TOutcomeValue, CancellationToken, Task<TSuccess>> complete,
        CancellationToken cancellationToken,
        Func<Account, TOutcomeValue, InvitationEmail>? mailOf,
        UseCase useCase)
        where TResult : SettingsResult<TSuccess>, IOutcomeOf<TResult, TSuccess>
    {
        for (var attempt = 1; attempt <= _maxAttempts; attempt++)
        {
            var found = await _accounts.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (!found.TryGetValue(out var account, out var unreadable)) return TResult.FromError(unreadable); // not found, or a corrupt or newer row

            var loadedVersion = account.Version;
            var outcome = action(account, _clock.GetCurrentInstant());
            if (!outcome.TryGetValue(out var value, out var refused)) return TResult.FromError(refused); // refused: nothing changed
            if (account.Version == loadedVersion) return TResult.FromValue(await complete(account, value, CancellationToken.None).ConfigureAwait(false)); // nothing to change

            cancellationToken.ThrowIfCancellationRequested(); // the commit point: honoured until here, never after
            var saved = _outbox is null
                ? await _accounts.SaveAsync(account, loadedVersion, CancellationToken.None).ConfigureAwait(false)
                : await _outbox.SaveAsync(account, loadedVersion, mailOf is null ? [] : [mailOf(account, value)], CancellationToken.None).ConfigureAwait(false);
            if (saved.IsT1)
            {
                useCase.Conflicted(retried: attempt < _maxAttempts);
                continue; // another writer saved first: start over from fresh state
            }

            TResult? result = null;
            await AfterSaveAsync(account, () => result, async (a, afterSave) => result = TResult.FromValue(await complete(a, value, afterSave).ConfigureAwait(false))).ConfigureAwait(false);
            return result!;
        }
        return TResult.FromError(new ConflictAfterRetries(id, _maxAttempts));
    }

    private Task<TResult> ChangeAsync<TResult, TSuccess>(
        AccountId id, Actor actor, Func<Account, Instant, Outcome<TSuccess>> action, CancellationToken cancellationToken, [CallerMemberName] string member = "")
        where TResult : SettingsResult<TSuccess>, IOutcomeOf<TResult, TSuccess> =>
        ChangeAsync<TResult, TSuccess, TSuccess>(id, actor, action, static (_, value, _) => Task.FromResult(value), cancellationToken, member: member);

    private Task<ViewResult<TView>> ViewAsync<TView>(
        AccountId id, Actor viewer, Func<Account, Instant, ViewOutcome<TView>> view, CancellationToken cancellationToken, [CallerMemberName] string member = "")
    {
        Guard.Against.Default(id);
        Guard.Against.Default(viewer);
        return ObservedAsync<ViewResult<TView>, TView>(member, _ => ViewCoreAsync(id, viewer, view, cancellationToken));
    }

    private async Task<ViewResult<TView>> ViewCoreAsync<TView>(
        AccountId id, Actor viewer, Func<Account, Instant, ViewOutcome<TView>> view, CancellationToken cancellationToken)
    {
        var found = await _accounts.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (!found.TryGetValue(out var account, out var unreadable)) return FailWith<ViewResult<TView>, TView>(unreadable);
        return view(account, _clock.GetCurrentInstant()).TryGetValue(out var seen, out var refused) ? seen : FailWith<ViewResult<TView>, TView>(refused);
    }

    // The aggregate's refusal, unchanged, as the use case's result (which lists every error its operation can return).
    private static TResult FailWith<TResult, TSuccess>(DomainError refused)
        where TResult : SettingsResult<TSuccess>, IOutcomeOf<TResult, TSuccess> =>
        TResult.FromError(refused);

    // Two writers' after-save work can run out of order (the one that saved first finishes last). The index itself
    // refuses an older version than it holds (IApiKeyIndex), so a late writer never brings back a revoked key (R6, R26).
    private void IndexApiKeys(Account account) =>
        _apiKeys.ReplaceAccountKeys(account.Id, account.Version, account.ApiKeyIndexEntries());

    // After a successful save, in order: the API-key index, the audit trail (R28), the use case's own step (invitation
    // mail), the event handlers. With an outbox repository, the store wrote the audit entries and the events in the save's
    // transaction and its relay delivers them: the service does neither (nothing is delivered twice). None of it sees the caller's token: the trail, the mailer and the handlers get one that only
    // the after-save timeout cancels. Each step is independent of the ones before it, so a failing audit trail stops none of
    // them (a removed member's sessions still end); it is reported at the end with the entries to append again. A handler
    // that fails (a timeout included) is reported with the saved result and the events not handled; the mail step reports
    // its own failure in the result.
    private async Task AfterSaveAsync(Account account, Func<object?> result, Func<Account, CancellationToken, Task> useCaseStep)
    {
        var events = account.TakeEvents();
        if (events.Any(e => e is EnvironmentCreated or EnvironmentDeleted or ApiKeyRotated))
            IndexApiKeys(account);

        if (_outbox is not null)
        {
            await useCaseStep(account, CancellationToken.None).ConfigureAwait(false); // mail was queued by the save: nothing can fail here
            return;
        }

        using var timeout = _afterSaveTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_afterSaveTimeout);
        var afterSave = timeout?.Token ?? CancellationToken.None;
        var entries = events.Select(AuditEntry.Of).ToArray();
        Exception? auditFailure = null;
        try
        {
            await _auditTrail.AppendAsync(entries, afterSave).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            auditFailure = failure; // reported once the steps after it are done
        }
        var notAudited = auditFailure is null ? [] : entries;

        await useCaseStep(account, afterSave).ConfigureAwait(false);

        for (var i = 0; i < events.Count; i++)
        {
            foreach (var handler in _eventHandlers)
            {
                try
                {
                    await handler.HandleAsync(events[i], afterSave).ConfigureAwait(false);
                }
                catch (Exception failure)
                {
                    throw new EventDispatchException(account.Version, events[i], events.Skip(i).ToArray(), failure, result(), notAudited);
                }
            }
        }

        if (auditFailure is not null) throw new AuditAppendException(account.Version, notAudited, auditFailure, result());
    }
}

/// <summary>Settings for <see cref="SettingsService"/>.</summary>
public sealed record SettingsServiceOptions
{
    /// <summary>How many times an action is applied to fresh state when other writers keep saving first (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// How long the work after a successful save (the audit trail, invitation mail, event handlers) may take before the token
    /// they are given is cancelled; <see cref="Timeout.InfiniteTimeSpan"/> (the default) for no limit. The caller's own token
    /// is never passed to that work (see <see cref="SettingsService"/>). An audit trail that runs out of time is reported with
    /// <see cref="AuditAppendException"/>; a mail step that does reports <c>Delivered: false</c>; a handler that does throws
    /// <see cref="EventDispatchException"/>.
    /// </summary>
    public TimeSpan AfterSaveTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Where the service records its metrics (use-case durations and outcomes, concurrency conflicts, API-key verifications;
    /// see <see cref="SettingsTelemetry"/>); <c>null</c> (the default) records none. The hosting package sets it from the
    /// host's <c>IMeterFactory</c>. Spans need no setting: they are started whenever a listener samples
    /// <see cref="SettingsTelemetry.Name"/>.
    /// </summary>
    public SettingsMetrics? Metrics { get; init; }
}
