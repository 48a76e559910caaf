using System.Globalization;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// Why the <see cref="CallGate"/> refused a call, with the headroom at that moment (R13). Implemented by
/// <see cref="EnvironmentAtCapacity"/>, <see cref="PlanAtCapacity"/> and <see cref="UnknownEnvironment"/>.
/// </summary>
/// <remarks>
/// Refusals are small structs rather than <see cref="DomainError"/> records because they are produced on
/// the call path, where nothing may be allocated; <see cref="Message"/> builds its text only when read.
/// A host can map every refusal in one generic method constrained to this interface without boxing.
/// </remarks>
public interface ICallRefusal
{
    /// <summary>A stable, dotted, lower-case code such as <c>concurrency.environment_at_capacity</c>.</summary>
    string Code { get; }

    /// <summary>A human-readable explanation with the numbers.</summary>
    string Message { get; }

    /// <summary>The environment the call was for.</summary>
    EnvironmentId Environment { get; }

    /// <summary>Calls in flight and limits, for the environment and the plan, when the call was refused.</summary>
    CallHeadroom Headroom { get; }
}

/// <summary>
/// The environment already runs as many calls as its Max Concurrent Calls allows (R13), or more after its
/// limit was lowered, or its limit is 0 (paused, R9).
/// </summary>
/// <param name="Environment">The environment the call was for.</param>
/// <param name="Headroom">The counts when the call was refused; <see cref="CallHeadroom.EnvironmentRemaining"/> is 0.</param>
public readonly record struct EnvironmentAtCapacity(EnvironmentId Environment, CallHeadroom Headroom) : ICallRefusal
{
    /// <inheritdoc />
    public string Code => "concurrency.environment_at_capacity";

    /// <inheritdoc />
    public string Message => Headroom.EnvironmentLimit == 0
        ? string.Create(CultureInfo.InvariantCulture, $"Environment {Environment} is paused: its Max Concurrent Calls is 0.")
        : string.Create(CultureInfo.InvariantCulture,
            $"Environment {Environment} is at capacity: {Headroom.EnvironmentInFlight} calls in flight, Max Concurrent Calls {Headroom.EnvironmentLimit}; "
            + $"a new call can start when fewer than {Headroom.EnvironmentLimit} are in flight.");
}

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

/// <summary>
/// The gate does not know the environment, or it was deleted (R6): no call is admitted there. Calls that
/// were running when it was deleted still count (<see cref="CallHeadroom.EnvironmentInFlight"/>) until released.
/// </summary>
/// <param name="Environment">The environment the call was for.</param>
/// <param name="WasDeleted">
/// Whether the environment was deleted from an allocation applied to this gate: true while its calls run and, once the
/// gate has forgotten it, while it is among the 32 environments forgotten last (see <see cref="CallGate.Apply"/>).
/// </param>
/// <param name="Headroom">The counts when the call was refused; the environment's limit is 0.</param>
public readonly record struct UnknownEnvironment(EnvironmentId Environment, bool WasDeleted, CallHeadroom Headroom) : ICallRefusal
{
    /// <inheritdoc />
    public string Code => WasDeleted ? "concurrency.environment_deleted" : "concurrency.unknown_environment";

    /// <inheritdoc />
    public string Message => WasDeleted
        ? string.Create(CultureInfo.InvariantCulture,
            $"Environment {Environment} was deleted and admits no calls ({Headroom.EnvironmentInFlight} still in flight).")
        : $"Environment {Environment} is not part of this account.";
}
