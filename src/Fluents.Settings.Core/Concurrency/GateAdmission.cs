using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;
using Fluents.Settings.Environments;
using OneOf;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// What <see cref="ICallGate.TryAdmitAsync"/> decided (R13, R30): a <see cref="CallLease"/>, or one of four typed refusals —
/// <see cref="EnvironmentAtCapacity"/>, <see cref="PlanAtCapacity"/>, <see cref="UnknownEnvironment"/> with the headroom at
/// that moment, or <see cref="GateUnavailable"/> when the gate could not decide (fail-closed).
/// </summary>
/// <remarks>
/// <para>Read it by name, as every result of the library: <see cref="Match{TResult}"/> and <see cref="Switch"/> take one
/// function per case (<c>admitted:</c>, <c>environmentAtCapacity:</c>, <c>planAtCapacity:</c>, <c>unknownEnvironment:</c>,
/// <c>gateUnavailable:</c>), exhaustive at compile time; <see cref="TryGetValue"/> and <see cref="Error"/> (with its stable
/// <see cref="ICallRefusal.Code"/>) serve the common path. A gate's adapter builds it from a case by implicit conversion.</para>
/// <para>A struct, so that the in-process gate admits and refuses without allocating; <see cref="Error"/> boxes the refusal
/// when read.</para>
/// </remarks>
public readonly struct GateAdmission
{
    private readonly CallLease _lease;
    private readonly GateUnavailable _unavailable;
    private readonly CallHeadroom _headroom;
    private readonly EnvironmentId _environment;
    private readonly Outcome _outcome;

    private GateAdmission(CallLease lease)
    {
        _lease = lease;
        _outcome = Outcome.Admitted;
    }

    private GateAdmission(Outcome outcome, EnvironmentId environment, CallHeadroom headroom)
    {
        _outcome = outcome;
        _environment = environment;
        _headroom = headroom;
    }

    private GateAdmission(GateUnavailable unavailable)
    {
        _outcome = Outcome.GateUnavailable;
        _unavailable = unavailable;
        _environment = unavailable.Environment;
    }

    private enum Outcome : byte
    {
        None,
        Admitted,
        EnvironmentAtCapacity,
        PlanAtCapacity,
        UnknownEnvironment,
        EnvironmentDeleted,
        GateUnavailable,
    }

    /// <summary>Whether the call was admitted.</summary>
    public bool IsAdmitted => _outcome == Outcome.Admitted;

    /// <summary>Why the call was refused (boxed when read), or <c>null</c> when it was admitted. Map its <see cref="ICallRefusal.Code"/> to a response.</summary>
    public ICallRefusal? Error => _outcome switch
    {
        Outcome.Admitted => null,
        Outcome.EnvironmentAtCapacity => new EnvironmentAtCapacity(_environment, _headroom),
        Outcome.PlanAtCapacity => new PlanAtCapacity(_environment, _headroom),
        Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted => new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom),
        Outcome.GateUnavailable => _unavailable,
        _ => throw NotFromAGate(),
    };

    /// <summary>Gets the lease, or else the refusal.</summary>
    /// <param name="lease">The lease to release when the call ends; <c>default</c> when refused.</param>
    /// <param name="refusal">Why the call was refused; <c>null</c> when it was admitted.</param>
    /// <returns>Whether the call was admitted.</returns>
    /// <exception cref="InvalidOperationException">This is <c>default(GateAdmission)</c>, which no gate returns.</exception>
    public bool TryGetValue(out CallLease lease, [NotNullWhen(false)] out ICallRefusal? refusal)
    {
        lease = _lease;
        refusal = Error;
        return _outcome == Outcome.Admitted;
    }

    /// <summary>Gets the lease, when the call was admitted (no refusal is built).</summary>
    /// <param name="lease">The lease; <c>default</c> when refused.</param>
    /// <returns>Whether the call was admitted.</returns>
    public bool TryGetLease(out CallLease lease)
    {
        lease = _lease;
        return _outcome == Outcome.Admitted;
    }

    /// <summary>Handles each case with its function, named after the case, and returns what that function returns.</summary>
    /// <typeparam name="TResult">What each function returns.</typeparam>
    /// <param name="admitted">For an admitted call: its lease.</param>
    /// <param name="environmentAtCapacity">For a call refused by the environment's limit.</param>
    /// <param name="planAtCapacity">For a call refused by the plan's limit.</param>
    /// <param name="unknownEnvironment">For a call to an unknown or deleted environment, or an account the gate does not know.</param>
    /// <param name="gateUnavailable">For a call the gate could not decide on (its store did not answer).</param>
    /// <returns>The result of the function that matched.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(GateAdmission)</c>, which no gate returns.</exception>
    public TResult Match<TResult>(
        Func<CallLease, TResult> admitted,
        Func<EnvironmentAtCapacity, TResult> environmentAtCapacity,
        Func<PlanAtCapacity, TResult> planAtCapacity,
        Func<UnknownEnvironment, TResult> unknownEnvironment,
        Func<GateUnavailable, TResult> gateUnavailable)
    {
        Guard.Against.Null(admitted);
        Guard.Against.Null(environmentAtCapacity);
        Guard.Against.Null(planAtCapacity);
        Guard.Against.Null(unknownEnvironment);
        Guard.Against.Null(gateUnavailable);
        return _outcome switch
        {
            Outcome.Admitted => admitted(_lease),
            Outcome.EnvironmentAtCapacity => environmentAtCapacity(new EnvironmentAtCapacity(_environment, _headroom)),
            Outcome.PlanAtCapacity => planAtCapacity(new PlanAtCapacity(_environment, _headroom)),
            Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted =>
                unknownEnvironment(new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom)),
            Outcome.GateUnavailable => gateUnavailable(_unavailable),
            _ => throw NotFromAGate(),
        };
    }

    /// <summary>Runs the action of the case, named after it.</summary>
    /// <param name="admitted">For an admitted call: its lease.</param>
    /// <param name="environmentAtCapacity">For a call refused by the environment's limit.</param>
    /// <param name="planAtCapacity">For a call refused by the plan's limit.</param>
    /// <param name="unknownEnvironment">For a call to an unknown or deleted environment, or an account the gate does not know.</param>
    /// <param name="gateUnavailable">For a call the gate could not decide on (its store did not answer).</param>
    /// <exception cref="ArgumentNullException">An action is null.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(GateAdmission)</c>, which no gate returns.</exception>
    public void Switch(
        Action<CallLease> admitted,
        Action<EnvironmentAtCapacity> environmentAtCapacity,
        Action<PlanAtCapacity> planAtCapacity,
        Action<UnknownEnvironment> unknownEnvironment,
        Action<GateUnavailable> gateUnavailable)
    {
        Guard.Against.Null(admitted);
        Guard.Against.Null(environmentAtCapacity);
        Guard.Against.Null(planAtCapacity);
        Guard.Against.Null(unknownEnvironment);
        Guard.Against.Null(gateUnavailable);
        switch (_outcome)
        {
            case Outcome.Admitted: admitted(_lease); break;
            case Outcome.EnvironmentAtCapacity: environmentAtCapacity(new EnvironmentAtCapacity(_environment, _headroom)); break;
            case Outcome.PlanAtCapacity: planAtCapacity(new PlanAtCapacity(_environment, _headroom)); break;
            case Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted:
                unknownEnvironment(new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom));
                break;
            case Outcome.GateUnavailable: gateUnavailable(_unavailable); break;
            default: throw NotFromAGate();
        }
    }

    /// <summary>The same outcome as a <c>OneOf</c>.</summary>
    /// <returns>The lease or the refusal.</returns>
    /// <exception cref="InvalidOperationException">This is <c>default(GateAdmission)</c>, which no gate returns.</exception>
    public OneOf<CallLease, EnvironmentAtCapacity, PlanAtCapacity, UnknownEnvironment, GateUnavailable> ToOneOf() =>
        Match<OneOf<CallLease, EnvironmentAtCapacity, PlanAtCapacity, UnknownEnvironment, GateUnavailable>>(
            admitted: lease => lease,
            environmentAtCapacity: refusal => refusal,
            planAtCapacity: refusal => refusal,
            unknownEnvironment: refusal => refusal,
            gateUnavailable: refusal => refusal);

    /// <summary>An admission.</summary>
    /// <param name="admitted">The lease.</param>
    /// <exception cref="ArgumentException">The lease is <c>default</c>.</exception>
    public static implicit operator GateAdmission(CallLease admitted) =>
        admitted.IsAdmitted ? new(admitted) : throw new ArgumentException("A default CallLease is no admission.", nameof(admitted));

    /// <summary>A refusal by the environment's limit.</summary>
    /// <param name="environmentAtCapacity">The refusal.</param>
    public static implicit operator GateAdmission(EnvironmentAtCapacity environmentAtCapacity) =>
        new(Outcome.EnvironmentAtCapacity, environmentAtCapacity.Environment, environmentAtCapacity.Headroom);

    /// <summary>A refusal by the plan's limit.</summary>
    /// <param name="planAtCapacity">The refusal.</param>
    public static implicit operator GateAdmission(PlanAtCapacity planAtCapacity) =>
        new(Outcome.PlanAtCapacity, planAtCapacity.Environment, planAtCapacity.Headroom);

    /// <summary>A refusal for an unknown or deleted environment.</summary>
    /// <param name="unknownEnvironment">The refusal.</param>
    public static implicit operator GateAdmission(UnknownEnvironment unknownEnvironment) =>
        new(unknownEnvironment.WasDeleted ? Outcome.EnvironmentDeleted : Outcome.UnknownEnvironment, unknownEnvironment.Environment, unknownEnvironment.Headroom);

    /// <summary>A refusal because the gate could not decide.</summary>
    /// <param name="gateUnavailable">The refusal.</param>
    public static implicit operator GateAdmission(GateUnavailable gateUnavailable) => new(gateUnavailable);

    /// <summary>The outcome, for logs.</summary>
    /// <returns>For example <c>admitted lease 0196… in environment 0196…</c> or the refusal's code.</returns>
    public override string ToString() => _outcome switch
    {
        Outcome.Admitted => $"admitted {_lease}",
        Outcome.None => "no admission",
        _ => Error!.Code,
    };

    private static InvalidOperationException NotFromAGate() =>
        new("This GateAdmission is default: only a call gate makes one.");
}
