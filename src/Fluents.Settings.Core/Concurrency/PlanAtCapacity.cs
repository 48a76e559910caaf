using System.Globalization;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// The account already runs as many calls as its plan allows (R13), across all environments; the
/// environment itself had room. Typical of an over-allocated account (R12), or after a plan decrease.
/// </summary>
/// <param name="Environment">The environment the call was for.</param>
/// <param name="Headroom">The counts when the call was refused; <see cref="CallHeadroom.PlanRemaining"/> is 0.</param>
public readonly record struct PlanAtCapacity(EnvironmentId Environment, CallHeadroom Headroom) : ICallRefusal
{
    /// <inheritdoc />
    public string Code => "concurrency.plan_at_capacity";

    /// <inheritdoc />
    public string Message => string.Create(CultureInfo.InvariantCulture,
        $"The plan is at capacity: {Headroom.PlanInFlight} calls in flight across the account, plan limit {Headroom.PlanLimit}; "
        + $"environment {Environment} has {Headroom.EnvironmentRemaining} of its own {Headroom.EnvironmentLimit} free.");
}
