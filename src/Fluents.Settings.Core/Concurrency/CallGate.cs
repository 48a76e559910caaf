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
/// <para><b>Lock-free and allocation-free.</b> Admission and release take no lock and allocate nothing (the
/// result and the admitted call are structs; so are the refusals). Only <see cref="Apply"/> locks, against other
/// <see cref="Apply"/> calls. In the usual account, a few environments whose limits fit the plan, admission is one
/// compare-and-swap and release two interlocked operations; an account whose plan is counted (its calls could exceed
/// the plan, or it has more than 16 environments) pays one more each way, and a call beyond an environment's 32nd at
/// once one more each way too.</para>
/// <para><b>One word per environment.</b> An environment's state is one 64-bit word: its calls in flight, which
/// of its first 32 seats are held (a seat is an admission's identity, so that it is released exactly once), and
/// whether the plan is being counted. Admission reads the word and the limit, refuses if the count has reached
/// the limit, and otherwise raises the count and takes the lowest free seat in one compare-and-swap. A count
/// only ever rises by a CAS from a value the same thread just saw below the limit, so no interleaving takes it
/// past the limit: a racing admission makes the CAS fail and the loop check again.</para>
/// <para><b>When the plan needs no counter.</b> While the environments' bounds — for each, the larger of its limit
/// and its calls in flight — sum to at most P, the plan cannot be exceeded: every count stays within its bound, so
/// the account's calls stay within P. This is the usual case (R10: the limits sum to at most P), and then, in an
/// account of at most 16 environments (see below), admission does not touch any shared plan counter, so two
/// environments never contend. When the bounds exceed P
/// (an over-allocated account, R12, or calls still running above a lowered limit), the gate counts the plan: each
/// admission also takes a place in a plan counter by CAS (refusing at P) before it takes the environment's, and
/// gives it back if the environment refuses. <see cref="Apply"/> decides which, and switches each environment's
/// word between the two so that admissions and releases see the switch atomically: a release gives a plan place
/// back exactly when its own atomic decrement found the plan counted, and switching an environment to or from
/// counting adds or removes its calls in flight to or from the plan counter in the same step.</para>
/// <para><b>Reading the plan in O(1).</b> Every refusal reports the plan's calls in flight (<see cref="PlanInFlight"/>).
/// Without the counter that is a sum of the environments' counts, which would grow with them, so the gate also counts
/// the plan whenever it holds more than <see cref="MostEnvironmentsSummed"/> (16) environments, even if their limits fit
/// P: a read of the plan is then one read of the counter, and otherwise a sum of at most 16 counts. The price falls on
/// admissions in accounts with more than 16 environments: one more interlocked operation each way, on a counter that
/// all their environments share (under contention from many threads, it is the one cache line they all write). An
/// account at or below 16 environments whose limits fit P pays nothing for it. <see cref="Apply"/> switches counting
/// on and off under a mode number that readers check, so that no read ever returns a half-filled or half-drained
/// counter (see <see cref="PlanInFlight"/>).</para>
/// <para><b>Release.</b> First one CAS of the seat's generation from the number the call carries to the next:
/// only one release of an admission can win it, and since generations only grow, a stale copy never matches a
/// later call in the same seat. Then one atomic add lowers the count and frees the seat in the word. Calls beyond
/// the first 32 at once in an environment take an overflow seat by CAS (see <see cref="EnvironmentCounter"/>).</para>
/// <para><b>Live updates.</b> <see cref="Apply"/> writes the new limits where admission reads them, so they take
/// effect for every admission that starts after it returns (one running concurrently may be judged by the old
/// or the new limit). Counts are never changed by it: lowering a limit below the calls in flight cuts nothing,
/// and new calls are refused until the count drops below the new limit. An admission that raced with a limit
/// change and could have been judged by the old limit after the plan's bound was computed undoes itself and
/// tries again (each environment's limit carries a version that admission checks after its CAS).</para>
/// <para><b>Deleted environments are forgotten.</b> A deleted environment's counter stays in the gate while calls it
/// admitted run (they still count in the plan and are released through it); the first <see cref="Apply"/> that finds
/// none running drops it, so that the gate holds the live environments plus the deleted ones with calls, however many
/// it has seen. Dropping is safe: Apply reads the count after the deletion moved the limit's version (with a full fence
/// between), and admission CASes the word before it re-reads that version (a full fence too), so either Apply sees the
/// admission's call and keeps the counter, or the admission sees the new version, undoes its CAS (handing back a plan
/// place it took, if the word was counting the plan) and is refused as deleted. No live call can release through a
/// dropped counter (it had none), and a stale copy of an ended call fails its seat's generation CAS as before. A
/// dropped counter's word is never switched again (not even its plan-counting sign), which is harmless: an admission
/// undoing itself there gives back exactly what it took, judged by that word. Should the id come back, it gets a new
/// counter. The ids of the <see cref="RememberedForgottenEnvironments"/> most recently forgotten environments are kept,
/// so that a refusal still says "deleted" for them (a scan of at most that many ids, only on the unknown path).</para>
/// </remarks>
public sealed partial class CallGate
{
    // R13: a deleted environment keeps its counter while its calls run (they can still be released) with this limit,
    // which refuses every admission in the same check that enforces a real limit.
    private const int DeletedLimit = -1;

    /// <summary>How many forgotten deleted environments the gate still reports as deleted (see the class remarks).</summary>
    internal const int RememberedForgottenEnvironments = 32;

    /// <summary>
    /// The most environments whose counts <see cref="PlanInFlight"/> sums; a gate that holds more counts the plan
    /// (see the class remarks), so that every read of the plan, and so every refusal, costs O(1).
    /// </summary>
    internal const int MostEnvironmentsSummed = 16;

    private readonly Lock _applyLock = new();
    private PlanCounter _plan;
    private EnvironmentTable _environments;

    // R6: the environments Apply forgot last (deleted, no call left), newest first, at most RememberedForgottenEnvironments;
    // replaced whole by Apply, read only by refusals of an id that is not in the table.
    private EnvironmentId[] _forgotten = [];

    // How the plan is read, in _plan.Mode (changed by Apply only, one step at a time): its low two bits go 0 (summed:
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
                    // While the plan is not counted (or a switch is under way) the gate holds at most MostEnvironmentsSummed.
                    var table = Volatile.Read(ref _environments);
                    if (table.Counters.Length <= MostEnvironmentsSummed) return SumOfInFlight(table);
                    continue; // a larger table came with a switch to counting since the mode was read: read the mode again
                }

                var inFlight = Volatile.Read(ref _plan.InFlight);
                if (Volatile.Read(ref _plan.Mode) == mode) return inFlight; // no switch began while it was read
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
