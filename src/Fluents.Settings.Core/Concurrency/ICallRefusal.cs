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
