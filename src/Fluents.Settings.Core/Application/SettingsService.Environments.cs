using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.Application;

public sealed partial class SettingsService
{
    /// <summary>Settings → Environments: every environment with its masked key, and the plan's totals.</summary>
    /// <param name="account">The account.</param>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The table (see <see cref="Account.ViewEnvironments"/>).</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ViewResult<EnvironmentsTable>> ListEnvironmentsAsync(AccountId account, Actor viewer, CancellationToken cancellationToken = default) =>
        ViewAsync(account, viewer, (a, _) => a.ViewEnvironments(viewer), cancellationToken);

    /// <summary>The environment selector: visible environments only.</summary>
    /// <param name="account">The account.</param>
    /// <param name="viewer">The user looking, or a system actor with the permission.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The options (see <see cref="Account.ViewEnvironmentSelector"/>).</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ViewResult<IReadOnlyList<EnvironmentOption>>> ListEnvironmentSelectorAsync(AccountId account, Actor viewer, CancellationToken cancellationToken = default) =>
        ViewAsync(account, viewer, (a, _) => a.ViewEnvironmentSelector(viewer), cancellationToken);

    /// <summary>Create Environment (see <see cref="Account.CreateEnvironment"/>). The result carries the new key, shown once.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="name">The name as typed.</param>
    /// <param name="maxConcurrentCalls">Its Max Concurrent Calls.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<CreateEnvironmentResult> CreateEnvironmentAsync(
        AccountId account, Actor actor, string name, int maxConcurrentCalls, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(name);
        return ChangeAsync<CreateEnvironmentResult, CreatedEnvironment>(account, actor, (a, now) => a.CreateEnvironment(actor, name, maxConcurrentCalls, now, _secrets), cancellationToken);
    }

    /// <summary>Edit (name and/or Max Concurrent Calls; see <see cref="Account.EditEnvironment"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="newName">The new name, or <c>null</c> to keep it.</param>
    /// <param name="newMaxConcurrentCalls">The new limit, or <c>null</c> to keep it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<EditEnvironmentResult> EditEnvironmentAsync(
        AccountId account, Actor actor, EnvironmentId environment, string? newName, int? newMaxConcurrentCalls, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(environment);
        return ChangeAsync<EditEnvironmentResult, Success>(account, actor, (a, now) => a.EditEnvironment(actor, environment, newName, newMaxConcurrentCalls, now), cancellationToken);
    }

    /// <summary>Hidden toggle ON (see <see cref="Account.HideEnvironment"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<HideEnvironmentResult> HideEnvironmentAsync(
        AccountId account, Actor actor, EnvironmentId environment, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(environment);
        return ChangeAsync<HideEnvironmentResult, Success>(account, actor, (a, now) => a.HideEnvironment(actor, environment, now), cancellationToken);
    }

    /// <summary>Hidden toggle OFF (see <see cref="Account.UnhideEnvironment"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<UnhideEnvironmentResult> UnhideEnvironmentAsync(
        AccountId account, Actor actor, EnvironmentId environment, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(environment);
        return ChangeAsync<UnhideEnvironmentResult, Success>(account, actor, (a, now) => a.UnhideEnvironment(actor, environment, now), cancellationToken);
    }

    /// <summary>Delete, with the typed name as confirmation (see <see cref="Account.DeleteEnvironment"/>). Handlers get <see cref="EnvironmentDeleted"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="confirmationName">The name the user typed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<DeleteEnvironmentResult> DeleteEnvironmentAsync(
        AccountId account, Actor actor, EnvironmentId environment, string? confirmationName, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(environment);
        return ChangeAsync<DeleteEnvironmentResult, Success>(account, actor, (a, now) => a.DeleteEnvironment(actor, environment, confirmationName, now), cancellationToken);
    }

    /// <summary>Rotate an environment's API key with a grace period for the old one (see <see cref="Account.RotateApiKey"/>). The result carries the new key, shown once.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="gracePeriod">How long the previous key keeps working (zero: not at all).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<RotateApiKeyResult> RotateApiKeyAsync(
        AccountId account, Actor actor, EnvironmentId environment, Duration gracePeriod, CancellationToken cancellationToken = default)
    {
        Guard.Against.Default(environment);
        return ChangeAsync<RotateApiKeyResult, RotatedApiKey>(account, actor, (a, now) => a.RotateApiKey(actor, environment, gracePeriod, now, _secrets), cancellationToken);
    }

    /// <summary>Move capacity between environments in one step (see <see cref="Account.Reallocate"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="targets">The new limit of each environment to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ReallocateResult> ReallocateAsync(
        AccountId account, Actor actor, IReadOnlyDictionary<EnvironmentId, int> targets, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(targets);
        return ChangeAsync<ReallocateResult, Success>(account, actor, (a, now) => a.Reallocate(actor, targets, now), cancellationToken);
    }

    /// <summary>Change the plan's limit (never refused for the allocation; see <see cref="Account.ChangePlanLimit"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user (an Admin), or <see cref="SystemActor.Billing"/>: billing acts as itself (R29).</param>
    /// <param name="newPlanLimit">The new P.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ChangePlanLimitResult> ChangePlanLimitAsync(
        AccountId account, Actor actor, int newPlanLimit, CancellationToken cancellationToken = default) =>
        ChangeAsync<ChangePlanLimitResult, Success>(account, actor, (a, now) => a.ChangePlanLimit(actor, newPlanLimit, now), cancellationToken);

    /// <summary>Propose a fair reduction for an over-allocated account (read-only; see <see cref="Account.ProposeRebalance(Actor)"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="viewer">The user asking (any member).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The proposal.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ViewResult<RebalanceProposal>> ProposeRebalanceAsync(AccountId account, Actor viewer, CancellationToken cancellationToken = default) =>
        ViewAsync(account, viewer, (a, _) => a.ProposeRebalance(viewer), cancellationToken);

    /// <summary>Apply a rebalance proposal in one step (see <see cref="Account.ApplyRebalance"/>). A proposal made before another change is refused as stale; propose again.</summary>
    /// <param name="account">The account.</param>
    /// <param name="actor">The acting user or system actor.</param>
    /// <param name="proposal">The proposal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A <c>default</c> id, or (as <see cref="ArgumentNullException"/>) a null argument that is not optional.</exception>
    public Task<ApplyRebalanceResult> ApplyRebalanceAsync(
        AccountId account, Actor actor, RebalanceProposal proposal, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(proposal);
        return ChangeAsync<ApplyRebalanceResult, Success>(account, actor, (a, now) => a.ApplyRebalance(actor, proposal, now), cancellationToken);
    }
}
