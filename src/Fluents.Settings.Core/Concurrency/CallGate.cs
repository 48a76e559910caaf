using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// Enforces Max Concurrent Calls when a call starts (R13): a call may start in environment E only if E's
/// calls in flight are below its limit m(E) <b>and</b> the account's calls in flight are below the plan
/// limit P. One gate per account; the host keeps it for as long as it serves the account.
/// </summary>
/// <remarks>
/// <para><b>Use.</b> On call start, <see cref="TryAdmit"/>; keep the <see cref="AdmittedCall"/> with the call and
/// <see cref="AdmittedCall.Release"/> it on hang-up (once; a repeat returns false and frees nothing). After
/// every saved change to the account's allocation (limit edited, environment created or deleted, plan
/// changed), <see cref="Apply"/> the new allocation.</para>
/// <para><b>Lock-free and allocation-free.</b> Admission, release and refusal take no lock and allocate nothing (the
/// result, the admitted call and the refusals are structs); only <see cref="Apply"/> locks, against other
/// <see cref="Apply"/> calls. In the usual account, up to 16 environments whose limits fit the plan, admission is one
/// compare-and-swap on the environment's own 64-bit word (its calls in flight and its first 32 seats) and release two
/// interlocked operations; the plan needs no shared counter then, because every environment stays within its limit
/// and the limits fit P. An account whose plan is counted (its calls could exceed the plan, or it has more than 16
/// environments) pays one more each way, on a counter its environments share, and a call beyond an environment's 32nd
/// at once one more on admission. A refusal costs the same at any number of environments.</para>
/// <para><b>How it works.</b> The protocol, its invariants G1–G7 (which the code and the tests cite), its cost model and
/// its benchmarks are in <see href="https://github.com/fluents/Fluents.Settings/blob/main/docs/call-gate.md">docs/call-gate.md</see>.
/// In short: each environment's state is one 64-bit word that admission raises by one compare-and-swap from a count
/// below the limit, re-checking afterwards that the limit was not replaced meanwhile (G1, G2); each admission holds a
/// seat whose generation only grows, so that it is released once (G3); <see cref="Apply"/> decides whether the plan
/// must be counted (G4, G5), switches that without a reader ever seeing a half-switched counter (G6), and forgets
/// deleted environments once none of their calls runs (G7).</para>
/// </remarks>
public sealed partial class CallGate
{
    // R13: a deleted environment keeps its counter while its calls run (they can still be released) with this limit,
    // which refuses every admission in the same check that enforces a real limit.
    private const int DeletedLimit = -1;

    /// <summary>How many forgotten deleted environments the gate still reports as deleted (docs/call-gate.md, G7).</summary>
    internal const int RememberedForgottenEnvironments = 32;

    /// <summary>
    /// The most environments whose counts <see cref="PlanInFlight"/> sums; a gate that holds more counts the plan
    /// (docs/call-gate.md, G5), so that every read of the plan, and so every refusal, costs O(1) (G6).
    /// </summary>
    internal const int MostEnvironmentsSummed = 16;

    private readonly Lock _applyLock = new();
    private PlanCounter _plan;
    private EnvironmentTable _environments;

    // R6: the environments Apply forgot last (deleted, no call left), newest first, at most RememberedForgottenEnvironments;
    // replaced whole by Apply, read only by refusals of an id that is not in the table.
    private EnvironmentId[] _forgotten = [];

    // G6: how the plan is read, in _plan.Mode (changed by Apply only, one step at a time): its low two bits go 0 (summed:
    // the environments' counts are summed), 1 (starting to count), 2 (counted: the plan counter is complete), 3 (stopping),
    // and round again. Only in step 2 is the counter read; the number itself only grows, so a reader that sees the same
    // mode before and after reading the counter knows that no switch overlapped its read.
    private const long ModeBits = 3, Counted = 2;

    /// <summary>
    /// Test-only seam, null in production: runs between an admission's reads and its compare-and-swap on the out-of-line
    /// paths (<see cref="AdmitOtherwise"/>, and the counted path after it took its plan place), never on the inlined usual
    /// one, so that a test can put an <see cref="Apply"/> exactly there. It costs those paths one field read.
    /// </summary>
    internal Action? TestHookBeforeAdmissionCas;

    /// <summary>Creates the gate for an account from its current allocation, with no call in flight.</summary>
    /// <param name="allocation">The plan limit and each environment's Max Concurrent Calls.</param>
    /// <exception cref="ArgumentNullException"><paramref name="allocation"/> is null.</exception>
    public CallGate(ConcurrencyAllocation allocation)
    {
        _environments = EnvironmentTable.Empty;
        Apply(allocation);
    }

    /// <summary>The plan's maximum concurrent calls, P, as last applied.</summary>
    public int PlanLimit => Volatile.Read(ref _plan.Limit);

    /// <summary>Calls in flight across the account, in every environment (deleted ones included until their calls end).</summary>
    /// <remarks>
    /// <para>O(1) at any number of environments: while the plan is counted (see the class remarks) this is one read of
    /// that counter, which may include, for a few nanoseconds, an admission that its environment is about to refuse;
    /// otherwise the gate holds at most 16 environments and this is the sum of their counts, each read once.</para>
    /// <para>It is never below the calls that were in flight throughout the read, so headroom built from it never shows
    /// more room than there is (it may show less, by calls that started or ended during the read). The counter is read
    /// only if no <see cref="Apply"/> switched the plan's counting while it was read (a half-filled or half-drained
    /// counter is never returned); a read that overlaps such a switch sums the environments instead, or reads again.</para>
    /// </remarks>
    public int PlanInFlight
    {
        get
        {
            while (true)
            {
                var mode = Volatile.Read(ref _plan.Mode);
                if ((mode & ModeBits) != Counted)
                {
                    // While the plan is not counted (or a switch is under way) the gate holds at most MostEnvironmentsSummed (G5).
                    var table = Volatile.Read(ref _environments);
                    if (table.Counters.Length <= MostEnvironmentsSummed) return SumOfInFlight(table);
                    continue; // a larger table came with a switch to counting since the mode was read: read the mode again
                }

                var inFlight = Volatile.Read(ref _plan.InFlight);
                if (Volatile.Read(ref _plan.Mode) == mode) return inFlight; // G6: no switch began while it was read
            }
        }
    }

    /// <summary>Whether admissions currently count the plan too (the bounds exceed P, or more than 16 environments); for tests.</summary>
    internal bool IsCountingPlan => (Volatile.Read(ref _plan.Mode) & ModeBits) == Counted;

    /// <summary>How many environments the gate holds: the live ones and the deleted ones not yet forgotten; for tests.</summary>
    internal int EnvironmentsHeld => Volatile.Read(ref _environments).Counters.Length;

    /// <summary>Reads an environment's and the plan's calls in flight and limits now.</summary>
    /// <param name="environment">An environment of the account.</param>
    /// <param name="headroom">The counts; for a deleted environment, its remaining calls with limit 0.</param>
    /// <returns>
    /// Whether the gate knows the environment: false for an id it never saw, or one deleted and forgotten before the
    /// 32 forgotten last (see <see cref="Apply"/>).
    /// </returns>
    public bool TryGetHeadroom(EnvironmentId environment, out CallHeadroom headroom)
    {
        var table = Volatile.Read(ref _environments);
        var counter = table.Find(environment);
        if (counter is null)
        {
            headroom = new CallHeadroom(0, 0, PlanInFlight, PlanLimit);
            return WasForgotten(environment);
        }

        headroom = HeadroomOf(counter, PlanInFlight);
        return true;
    }

    /// <summary>
    /// Reads every environment's calls in flight and limits now, with the plan's: the "in use now / remaining"
    /// column of a Settings page. Deleted environments appear only while calls they admitted are still running.
    /// </summary>
    /// <returns>A new dictionary (this read allocates; admission does not).</returns>
    public IReadOnlyDictionary<EnvironmentId, CallHeadroom> HeadroomByEnvironment()
    {
        var table = Volatile.Read(ref _environments);
        var planInFlight = PlanInFlight;
        var result = new Dictionary<EnvironmentId, CallHeadroom>(table.Counters.Length);
        foreach (var counter in table.Counters)
        {
            var headroom = HeadroomOf(counter, planInFlight);
            if (counter.Limit == DeletedLimit && headroom.EnvironmentInFlight == 0) continue;
            result.Add(counter.Id, headroom);
        }

        return result;
    }

    private static int SumOfInFlight(EnvironmentTable table)
    {
        var sum = 0;
        foreach (var counter in table.Counters) sum += counter.InFlight;
        return sum;
    }

    private CallHeadroom HeadroomOf(EnvironmentCounter counter, int planInFlight) =>
        new(counter.InFlight, Math.Max(0, counter.Limit), planInFlight, PlanLimit);

    // R6: a deleted environment that Apply forgot recently; at most RememberedForgottenEnvironments ids to compare.
    private bool WasForgotten(EnvironmentId environment) => Volatile.Read(ref _forgotten).AsSpan().Contains(environment);
}
