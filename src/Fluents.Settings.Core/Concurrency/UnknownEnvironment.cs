using System.Globalization;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

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
