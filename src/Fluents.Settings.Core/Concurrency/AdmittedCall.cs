using System.Runtime.CompilerServices;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// A call the <see cref="CallGate"/> admitted (R13): it holds one place in its environment and one in the
/// plan until <see cref="Release"/> is called, once, when the call ends.
/// </summary>
/// <remarks>
/// <para>A small struct, so admitting allocates nothing. Copies are the same admission: whichever copy is
/// released first frees the places, and every later release of any copy returns <c>false</c> and frees
/// nothing, even after the gate has admitted a new call into the same internal seat.</para>
/// <para><c>default(AdmittedCall)</c> is no admission: <see cref="IsAdmitted"/> is false and releasing it returns false.</para>
/// </remarks>
public readonly struct AdmittedCall : IEquatable<AdmittedCall>
{
    // The environment's counter also leads to the gate: one reference keeps the struct small (24 bytes).
    private readonly CallGate.EnvironmentCounter? _environment;
    private readonly int _seat;
    private readonly long _generation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal AdmittedCall(CallGate.EnvironmentCounter environment, int seat, long generation)
    {
        _environment = environment;
        _seat = seat;
        _generation = generation;
    }

    /// <summary>Whether this value came from an admission (false for <c>default</c>).</summary>
    public bool IsAdmitted => _environment is not null;

    /// <summary>The environment the call runs in; <c>default</c> when <see cref="IsAdmitted"/> is false.</summary>
    public EnvironmentId Environment => _environment?.Id ?? default;

    /// <summary>
    /// Ends the call: frees its place in the environment and in the plan (R13). Safe from any thread, and
    /// still works after the environment was deleted or its limit changed.
    /// </summary>
    /// <returns>
    /// <c>true</c> when this release freed the places; <c>false</c> when this admission was already released
    /// (a second release, or a copy of a released call) or for <c>default</c>: nothing is freed twice.
    /// </returns>
    public bool Release() => _environment is not null && _environment.Release(_seat, _generation);

    /// <summary>Whether two values are copies of the same admission.</summary>
    /// <param name="other">Another admitted call.</param>
    /// <returns>True for the same environment of the same gate, seat and admission number.</returns>
    public bool Equals(AdmittedCall other) =>
        ReferenceEquals(_environment, other._environment) && _seat == other._seat && _generation == other._generation;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AdmittedCall other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_environment, _seat, _generation);

    /// <summary>The environment and the admission's internal number, for logs.</summary>
    /// <returns>For example <c>call 0196… #3/1</c>.</returns>
    public override string ToString() => IsAdmitted ? $"call {Environment} #{_seat}/{_generation}" : "no call";

    /// <summary>Whether two values are copies of the same admission.</summary>
    /// <param name="left">One call.</param>
    /// <param name="right">Another call.</param>
    /// <returns>True when they are the same admission.</returns>
    public static bool operator ==(AdmittedCall left, AdmittedCall right) => left.Equals(right);

    /// <summary>Whether two values are different admissions.</summary>
    /// <param name="left">One call.</param>
    /// <param name="right">Another call.</param>
    /// <returns>True when they are not the same admission.</returns>
    public static bool operator !=(AdmittedCall left, AdmittedCall right) => !left.Equals(right);
}
