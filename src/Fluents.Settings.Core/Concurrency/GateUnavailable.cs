using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// The gate could not decide (R30): its store did not answer within the configured timeout, or the account's limits could
/// not be loaded. Fail-closed: the call is not admitted, and nothing was counted for it.
/// </summary>
/// <remarks>
/// Only a gate that depends on something outside the process returns it (the Redis gate; an <see cref="InProcessCallGate"/>
/// only when its limits loader fails). The headroom is unknown, so <see cref="Headroom"/> is all zeros and
/// <see cref="CallHeadroom.Remaining"/> says 0: place no call now, try again shortly.
/// </remarks>
/// <param name="Environment">The environment the call was for.</param>
/// <param name="Reason">What failed, for logs (for example <c>Redis did not answer within 00:00:01</c>); never a secret.</param>
public readonly record struct GateUnavailable(EnvironmentId Environment, string Reason) : ICallRefusal
{
    /// <inheritdoc />
    public string Code => "concurrency.gate_unavailable";

    /// <inheritdoc />
    public string Message => $"The call gate could not admit a call in environment {Environment}: {Reason}";

    /// <summary>Unknown while the gate is unavailable: all zeros.</summary>
    public CallHeadroom Headroom => default;
}
