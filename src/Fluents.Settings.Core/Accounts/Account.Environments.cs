using Ardalis.GuardClauses;
using Fluents.Settings.Actors;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using OneOf.Types;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>The longest grace period a key rotation may give the previous key: 7 days (R26).</summary>
    public static Duration MaxApiKeyGracePeriod { get; } = Duration.FromDays(7);

    /// <summary>Creates an environment (Admin only, R3) with its own API key, shown once in the result (R24).</summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="name">The name as typed (R2).</param>
    /// <param name="maxConcurrentCalls">Its Max Concurrent Calls; must fit the unallocated calls (R9, R10).</param>
    /// <param name="now">The current instant (its Created At).</param>
    /// <param name="random">The source of its id and key.</param>
    /// <returns>The new environment and its key, or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public CreateEnvironmentOutcome CreateEnvironment(
        Actor actor, string name, int maxConcurrentCalls, Instant now, ISecretGenerator random)
    {
        Guard.Against.Null(name);
        Guard.Against.Null(random);
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        if (!EnvironmentName.Create(name).TryPickT0(out var validName, out var badName)) return badName;
        if (_environments.NameStaysUnique(validName) is { } taken) return taken; // R2
        if (!MaxConcurrentCalls.Create(maxConcurrentCalls).TryPickT0(out var limit, out var badLimit)) return badLimit;
        if (_environments.Allocation.CheckSet(null, limit.Value).TryPickT1(out var exceeds, out _)) return exceeds;

        var key = ApiKey.Issue(random);
        var environment = new AccountEnvironment(EnvironmentId.New(now, random), validName, limit, now, hidden: false, StoredApiKey.From(key, now), null);
        _environments.Add(environment);
        Record(new EnvironmentCreated(Id, now, environment.Id, validName.Value, limit.Value));
        Changed(who);
        return new CreatedEnvironment(environment.Id, key);
    }

    /// <summary>
    /// Edits an environment's name and/or Max Concurrent Calls (Admin only, R3). Both are checked before
    /// either changes. Renaming keeps the id (R2); a raise must fit the plan and is refused while the
    /// account is over-allocated (R10, R12); a lowering is always allowed.
    /// </summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="newName">The new name, or <c>null</c> to keep it.</param>
    /// <param name="newMaxConcurrentCalls">The new limit, or <c>null</c> to keep it.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when nothing changed), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public EditEnvironmentOutcome EditEnvironment(
        Actor actor, EnvironmentId environment, string? newName, int? newMaxConcurrentCalls, Instant now)
    {
        Guard.Against.Default(environment);
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        if (!_environments.TryGet(environment, out var target)) return new EnvironmentNotFound(environment);

        var name = target.Name;
        if (newName is not null)
        {
            if (!EnvironmentName.Create(newName).TryPickT0(out name, out var badName)) return badName;
            if (_environments.NameStaysUnique(name, environment) is { } taken) return taken; // R2
        }

        var limit = target.MaxConcurrentCalls;
        if (newMaxConcurrentCalls is { } requested)
        {
            if (!MaxConcurrentCalls.Create(requested).TryPickT0(out limit, out var badLimit)) return badLimit;
            if (_environments.Allocation.CheckSet(environment, limit.Value).TryPickT1(out var exceeds, out _)) return exceeds;
        }

        var renamed = !string.Equals(name.Value, target.Name.Value, StringComparison.Ordinal);
        var resized = limit != target.MaxConcurrentCalls;
        if (renamed)
        {
            Record(new EnvironmentRenamed(Id, now, environment, target.Name.Value, name.Value));
            _environments.Rename(target, name);
        }
        if (resized)
        {
            var from = target.MaxConcurrentCalls.Value;
            _environments.SetLimit(target, limit);
            Record(new AllocationChanged(Id, now, [new LimitChange(environment, name.Value, from, limit.Value)], _environments.Allocation.Allocated, PlanLimit));
        }
        if (renamed || resized) Changed(who);
        return default(Success);
    }

    /// <summary>Hides an environment from the selector list (Admin only, R3). It keeps working (R4). The last visible environment cannot be hidden (R5).</summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when it already was hidden), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public HideEnvironmentOutcome HideEnvironment(Actor actor, EnvironmentId environment, Instant now)
    {
        Guard.Against.Default(environment);
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        if (!_environments.TryGet(environment, out var target)) return new EnvironmentNotFound(environment);
        if (target.Hidden) return default(Success);
        if (_environments.LastVisibleEnvironmentStays(target) is { } lastVisible) return lastVisible; // R5

        _environments.Hide(target);
        Record(new EnvironmentHidden(Id, now, environment, target.Name.Value));
        Changed(who);
        return default(Success);
    }

    /// <summary>Shows a hidden environment in the selector list again (Admin only, R3).</summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success (also when it already was visible), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public UnhideEnvironmentOutcome UnhideEnvironment(Actor actor, EnvironmentId environment, Instant now)
    {
        Guard.Against.Default(environment);
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        if (!_environments.TryGet(environment, out var target)) return new EnvironmentNotFound(environment);
        if (!target.Hidden) return default(Success);

        _environments.Unhide(target);
        Record(new EnvironmentUnhidden(Id, now, environment, target.Name.Value));
        Changed(who);
        return default(Success);
    }

    /// <summary>
    /// Deletes an environment (Admin only, R3) once the caller has typed its name again (R6, trimmed, case
    /// ignored). Its calls return to the unallocated pool, its keys stop verifying at once, and an
    /// <see cref="EnvironmentDeleted"/> event lets the host delete its agents, campaigns and numbers.
    /// The last visible environment cannot be deleted (R5).
    /// </summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="confirmationName">The name the user typed to confirm.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Success, or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public DeleteEnvironmentOutcome DeleteEnvironment(
        Actor actor, EnvironmentId environment, string? confirmationName, Instant now)
    {
        Guard.Against.Default(environment);
        if (Deny(actor, Permission.ManageEnvironments, out var who) is { } denied) return denied;
        if (!_environments.TryGet(environment, out var target)) return new EnvironmentNotFound(environment);
        if (!target.Name.IsConfirmedBy(confirmationName)) return new DeleteConfirmationMismatch(environment, target.Name.Value); // R6
        if (_environments.LastVisibleEnvironmentStays(target) is { } lastVisible) return lastVisible; // R5

        _environments.Remove(target);
        Record(new EnvironmentDeleted(Id, now, environment, target.Name.Value, target.MaxConcurrentCalls.Value));
        Changed(who);
        return default(Success);
    }

    /// <summary>
    /// Issues a new API key for an environment (Admin only, R3, R26). The previous key keeps working
    /// strictly before <c>now + gracePeriod</c>; a zero grace period revokes it at once, and it is then refused as
    /// <see cref="UnknownApiKey"/> like every revoked key (not as expired). An environment
    /// has at most one previous key (R24): rotating again during a grace period ends the older previous
    /// key at once.
    /// </summary>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="gracePeriod">From zero to <see cref="MaxApiKeyGracePeriod"/>.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="random">The source of the new key.</param>
    /// <returns>The new key (shown once), or why it was refused.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public RotateApiKeyOutcome RotateApiKey(
        Actor actor, EnvironmentId environment, Duration gracePeriod, Instant now, ISecretGenerator random)
    {
        Guard.Against.Default(environment);
        Guard.Against.Null(random);
        if (Deny(actor, Permission.ManageApiKeys, out var who) is { } denied) return denied;
        if (!_environments.TryGet(environment, out var target)) return new EnvironmentNotFound(environment);
        if (gracePeriod < Duration.Zero || gracePeriod > MaxApiKeyGracePeriod) return new InvalidGracePeriod(gracePeriod, MaxApiKeyGracePeriod);

        var key = ApiKey.Issue(random);
        var validUntil = now + gracePeriod;
        var previousHint = target.ApiKeyHint.Masked;
        // R26: a zero grace period is a revocation, so the old key is forgotten rather than kept as expired: it then
        // verifies as unknown, like any revoked key, and its holder learns nothing about it.
        target.PreviousApiKey = gracePeriod == Duration.Zero ? null : target.ApiKey with { ValidUntil = validUntil };
        target.ApiKey = StoredApiKey.From(key, now);
        Record(new ApiKeyRotated(Id, now, environment, target.Name.Value, previousHint, key.Hint.Masked, validUntil));
        Changed(who);
        return new RotatedApiKey(environment, key, validUntil);
    }

    /// <summary>
    /// The entries an <see cref="IApiKeyIndex"/> needs to verify this account's keys (R27): every
    /// environment's current key, and its previous key with its deadline. Deleted environments have none.
    /// </summary>
    /// <returns>One entry per key.</returns>
    public IEnumerable<ApiKeyIndexEntry> ApiKeyIndexEntries()
    {
        foreach (var environment in _environments.Values)
        {
            yield return new ApiKeyIndexEntry(environment.ApiKey.Hash, Id, environment.Id, null);
            if (environment.PreviousApiKey is { } previous)
                yield return new ApiKeyIndexEntry(previous.Hash, Id, environment.Id, previous.ValidUntil);
        }
    }
}
