namespace Fluents.Settings.Concurrency;

/// <summary>
/// How full an environment and its account's plan are at one moment (R13): calls in flight and the
/// limit, for both. This is what a Settings page or an API response shows as "in use now / remaining"
/// (cf. Vapi's <c>remainingConcurrentCalls</c>, here <see cref="Remaining"/>).
/// </summary>
/// <remarks>
/// Each count is read once, atomically; the four are not one transaction, so under concurrent calls
/// they describe a moment to within a few nanoseconds. The plan's count is never below the calls that ran
/// throughout its read (see <see cref="CallGate.PlanInFlight"/>), so the remainders never show more room than
/// there is; they may show less, briefly, while calls start and end. An in-flight count can exceed its limit
/// after the limit was lowered: running calls are never cut (R13).
/// </remarks>
/// <param name="EnvironmentInFlight">Calls running in the environment.</param>
/// <param name="EnvironmentLimit">The environment's Max Concurrent Calls (0 for an unknown or deleted environment).</param>
/// <param name="PlanInFlight">Calls running in the whole account.</param>
/// <param name="PlanLimit">The plan's maximum concurrent calls, P.</param>
public readonly record struct CallHeadroom(int EnvironmentInFlight, int EnvironmentLimit, int PlanInFlight, int PlanLimit)
{
    /// <summary>How many more calls the environment's own limit allows; 0 when at or over it.</summary>
    public int EnvironmentRemaining => Math.Max(0, EnvironmentLimit - EnvironmentInFlight);

    /// <summary>How many more calls the plan allows across the account; 0 when at or over it.</summary>
    public int PlanRemaining => Math.Max(0, PlanLimit - PlanInFlight);

    /// <summary>How many more calls could start in this environment now: the smaller of the two remainders (R13 checks both).</summary>
    public int Remaining => Math.Min(EnvironmentRemaining, PlanRemaining);
}
