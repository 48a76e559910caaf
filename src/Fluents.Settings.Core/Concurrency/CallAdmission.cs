using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using OneOf;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// What <see cref="CallGate.TryAdmit"/> decided (R13): an <see cref="AdmittedCall"/>, or one of three typed
/// refusals with the headroom at that moment — <see cref="EnvironmentAtCapacity"/>, <see cref="PlanAtCapacity"/>,
/// <see cref="UnknownEnvironment"/>.
/// </summary>
/// <remarks>
/// <para>Read it like a <c>OneOf</c>: <see cref="Match{TResult}"/> or <see cref="Switch"/> handle every case
/// (exhaustive at compile time), <see cref="TryGetCall"/> serves the common "admitted or not" test, and the
/// value converts implicitly to <c>OneOf&lt;AdmittedCall, EnvironmentAtCapacity, PlanAtCapacity, UnknownEnvironment&gt;</c>
/// for code that prefers that type.</para>
/// <para>Why not return that <c>OneOf</c> directly: it stores every case side by side (about 140 bytes), and
/// copying it out on every admission was measurably slower. This struct keeps one set of fields for all cases and
/// builds the refusal value only when asked, so admitting and refusing allocate nothing and copy little.</para>
/// </remarks>
public readonly struct CallAdmission
{
    private readonly AdmittedCall _call;
    private readonly EnvironmentId _environment;
    private readonly CallHeadroom _headroom;
    private readonly Outcome _outcome;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CallAdmission(AdmittedCall call)
    {
        _call = call;
        _outcome = Outcome.Admitted;
    }

    private CallAdmission(Outcome outcome, EnvironmentId environment, CallHeadroom headroom)
    {
        _outcome = outcome;
        _environment = environment;
        _headroom = headroom;
    }

    private enum Outcome : byte
    {
        None,
        Admitted,
        EnvironmentAtCapacity,
        PlanAtCapacity,
        UnknownEnvironment,
        EnvironmentDeleted,
    }

    /// <summary>Whether the call was admitted.</summary>
    public bool IsAdmitted => _outcome == Outcome.Admitted;

    /// <summary>Gets the admitted call, when there is one.</summary>
    /// <param name="call">The call to release when it ends; <c>default</c> when refused.</param>
    /// <returns>Whether the call was admitted.</returns>
    public bool TryGetCall(out AdmittedCall call)
    {
        call = _call;
        return _outcome == Outcome.Admitted;
    }

    /// <summary>Handles each outcome with the matching function and returns its result.</summary>
    /// <typeparam name="TResult">What each function returns.</typeparam>
    /// <param name="admitted">For an admitted call.</param>
    /// <param name="environmentAtCapacity">For a call refused by the environment's limit.</param>
    /// <param name="planAtCapacity">For a call refused by the plan's limit.</param>
    /// <param name="unknownEnvironment">For a call to an unknown or deleted environment.</param>
    /// <returns>The result of the function that matched.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(CallAdmission)</c>, which no gate returns.</exception>
    public TResult Match<TResult>(
        Func<AdmittedCall, TResult> admitted,
        Func<EnvironmentAtCapacity, TResult> environmentAtCapacity,
        Func<PlanAtCapacity, TResult> planAtCapacity,
        Func<UnknownEnvironment, TResult> unknownEnvironment)
    {
        Guard.Against.Null(admitted);
        Guard.Against.Null(environmentAtCapacity);
        Guard.Against.Null(planAtCapacity);
        Guard.Against.Null(unknownEnvironment);
        return _outcome switch
        {
            Outcome.Admitted => admitted(_call),
            Outcome.EnvironmentAtCapacity => environmentAtCapacity(new EnvironmentAtCapacity(_environment, _headroom)),
            Outcome.PlanAtCapacity => planAtCapacity(new PlanAtCapacity(_environment, _headroom)),
            Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted =>
                unknownEnvironment(new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom)),
            _ => throw NotFromAGate(),
        };
    }

    /// <summary>Runs the action that matches the outcome.</summary>
    /// <param name="admitted">For an admitted call.</param>
    /// <param name="environmentAtCapacity">For a call refused by the environment's limit.</param>
    /// <param name="planAtCapacity">For a call refused by the plan's limit.</param>
    /// <param name="unknownEnvironment">For a call to an unknown or deleted environment.</param>
    /// <exception cref="ArgumentNullException">An action is null.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(CallAdmission)</c>, which no gate returns.</exception>
    public void Switch(
        Action<AdmittedCall> admitted,
        Action<EnvironmentAtCapacity> environmentAtCapacity,
        Action<PlanAtCapacity> planAtCapacity,
        Action<UnknownEnvironment> unknownEnvironment)
    {
        Guard.Against.Null(admitted);
        Guard.Against.Null(environmentAtCapacity);
        Guard.Against.Null(planAtCapacity);
        Guard.Against.Null(unknownEnvironment);
        switch (_outcome)
        {
            case Outcome.Admitted: admitted(_call); break;
            case Outcome.EnvironmentAtCapacity: environmentAtCapacity(new EnvironmentAtCapacity(_environment, _headroom)); break;
            case Outcome.PlanAtCapacity: planAtCapacity(new PlanAtCapacity(_environment, _headroom)); break;
            case Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted:
                unknownEnvironment(new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom));
                break;
            default: throw NotFromAGate();
        }
    }

    /// <summary>The same outcome as a <c>OneOf</c>.</summary>
    /// <returns>The admitted call or the refusal.</returns>
    /// <exception cref="InvalidOperationException">This is <c>default(CallAdmission)</c>, which no gate returns.</exception>
    public OneOf<AdmittedCall, EnvironmentAtCapacity, PlanAtCapacity, UnknownEnvironment> ToOneOf() =>
        _outcome switch
        {
            Outcome.Admitted => _call,
            Outcome.EnvironmentAtCapacity => new EnvironmentAtCapacity(_environment, _headroom),
            Outcome.PlanAtCapacity => new PlanAtCapacity(_environment, _headroom),
            Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted =>
                new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom),
            _ => throw NotFromAGate(),
        };

    /// <summary>The same outcome as a <c>OneOf</c>.</summary>
    /// <param name="admission">The admission.</param>
    /// <exception cref="InvalidOperationException"><paramref name="admission"/> is <c>default(CallAdmission)</c>.</exception>
    public static implicit operator OneOf<AdmittedCall, EnvironmentAtCapacity, PlanAtCapacity, UnknownEnvironment>(CallAdmission admission) =>
        admission.ToOneOf();

    /// <summary>The outcome, for logs.</summary>
    /// <returns>For example <c>admitted call 0196… #0/1</c> or the refusal's code.</returns>
    public override string ToString() => _outcome switch
    {
        Outcome.Admitted => $"admitted {_call}",
        Outcome.None => "no admission",
        _ => Match(_ => "", r => r.Code, r => r.Code, r => r.Code),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static CallAdmission Admitted(AdmittedCall call) => new(call);

    internal static CallAdmission EnvironmentFull(EnvironmentId environment, CallHeadroom headroom) =>
        new(Outcome.EnvironmentAtCapacity, environment, headroom);

    internal static CallAdmission PlanFull(EnvironmentId environment, CallHeadroom headroom) =>
        new(Outcome.PlanAtCapacity, environment, headroom);

    internal static CallAdmission Unknown(EnvironmentId environment, bool wasDeleted, CallHeadroom headroom) =>
        new(wasDeleted ? Outcome.EnvironmentDeleted : Outcome.UnknownEnvironment, environment, headroom);

    // The same outcome through the port (ICallGate), for InProcessCallGate: structs only, so nothing is allocated.
    internal GateAdmission ToGateAdmission(InProcessCallGate gate, AccountId account, CallLeaseId lease) => _outcome switch
    {
        Outcome.Admitted => new CallLease(gate, account, lease, _call),
        Outcome.EnvironmentAtCapacity => new EnvironmentAtCapacity(_environment, _headroom),
        Outcome.PlanAtCapacity => new PlanAtCapacity(_environment, _headroom),
        Outcome.UnknownEnvironment or Outcome.EnvironmentDeleted => new UnknownEnvironment(_environment, _outcome == Outcome.EnvironmentDeleted, _headroom),
        _ => throw NotFromAGate(),
    };

    private static InvalidOperationException NotFromAGate() =>
        new("This CallAdmission is default: only CallGate.TryAdmit makes one.");
}
