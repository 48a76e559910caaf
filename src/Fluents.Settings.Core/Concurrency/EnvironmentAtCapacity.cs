using System.Globalization;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

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
