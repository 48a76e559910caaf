using Ardalis.GuardClauses;
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
/// <see cref="Apply"/> calls. In the usual account, whose limits fit the plan, admission is one compare-and-swap
/// and release two interlocked operations; an account whose calls could exceed the plan pays one more each way,
/// and a call beyond an environment's 32nd at once one more each way too.</para>
/// <para><b>One word per environment.</b> An environment's state is one 64-bit word: its calls in flight, which
/// of its first 32 seats are held (a seat is an admission's identity, so that it is released exactly once), and
/// whether the plan is being counted. Admission reads the word and the limit, refuses if the count has reached
/// the limit, and otherwise raises the count and takes the lowest free seat in one compare-and-swap. A count
/// only ever rises by a CAS from a value the same thread just saw below the limit, so no interleaving takes it
/// past the limit: a racing admission makes the CAS fail and the loop check again.</para>
/// <para><b>When the plan needs no counter.</b> While the environments' bounds — for each, the larger of its limit
/// and its calls in flight — sum to at most P, the plan cannot be exceeded: every count stays within its bound, so
/// the account's calls stay within P. This is the usual case (R10: the limits sum to at most P), and then
/// admission does not touch any shared plan counter, so two environments never contend. When the bounds exceed P
/// (an over-allocated account, R12, or calls still running above a lowered limit), the gate counts the plan: each
/// admission also takes a place in a plan counter by CAS (refusing at P) before it takes the environment's, and
/// gives it back if the environment refuses. <see cref="Apply"/> decides which, and switches each environment's
/// word between the two so that admissions and releases see the switch atomically: a release gives a plan place
/// back exactly when its own atomic decrement found the plan counted, and switching an environment to or from
/// counting adds or removes its calls in flight to or from the plan counter in the same step.</para>
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
/// </remarks>
public sealed partial class CallGate
{
    // R13: a deleted environment keeps its counter (its calls can still be released) with this limit, which
    // refuses every admission in the same check that enforces a real limit.
    private const int DeletedLimit = -1;

    private readonly Lock _applyLock = new();
    private PaddedCounts _plan;
    private EnvironmentTable _environments;

    // How the plan is read, in _plan.Mode (changed by Apply only, one step at a time): its low two bits go 0 (summed:
    // the environments' counts are summed), 1 (starting to count), 2 (counted: the plan counter is complete), 3 (stopping),
    // and round again. Only in step 2 is the counter read; the number itself only grows, so a reader that sees the same
    // mode before and after reading the counter knows that no switch overlapped its read.
    private const long ModeBits = 3, Counted = 2;

    /// <summary>
    /// Test-only seam, null in production: runs on the out-of-line admission path (never the inlined usual one)
    /// between the admission's reads and its compare-and-swap, so that a test can put an <see cref="Apply"/> exactly
    /// there. It costs that path one field read; the usual admission does not read it.
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
    /// <para>While the plan is counted (see the class remarks) this is one read of that counter, which may include, for a
    /// few nanoseconds, an admission that its environment is about to refuse; otherwise it is the sum of the environments'
    /// counts, each read once.</para>
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
                if ((mode & ModeBits) != Counted) return SumOfInFlight(Volatile.Read(ref _environments));

                var inFlight = Volatile.Read(ref _plan.InFlight);
                if (Volatile.Read(ref _plan.Mode) == mode) return inFlight; // no switch began while it was read
            }
        }
    }

    /// <summary>Whether admissions currently count the plan too (the environments' bounds exceed P); for tests.</summary>
    internal bool IsCountingPlan => (Volatile.Read(ref _plan.Mode) & ModeBits) == Counted;

    /// <summary>
    /// Admits a call into an environment if both its limit and the plan's allow it (R13), and counts it.
    /// </summary>
    /// <param name="environment">The environment the call belongs to (e.g. resolved from the API key).</param>
    /// <returns>
    /// The <see cref="AdmittedCall"/> to release when the call ends; or why not, with the headroom at that
    /// moment: <see cref="EnvironmentAtCapacity"/>, <see cref="PlanAtCapacity"/>, or
    /// <see cref="UnknownEnvironment"/> (never known, or deleted). See <see cref="CallAdmission"/>.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="environment"/> is <c>default</c>.</exception>
    public CallAdmission TryAdmit(EnvironmentId environment)
    {
        var counter = Volatile.Read(ref _environments).Find(environment);
        if (counter is not null && counter.TryAdmitInFastSeat(out var call)) return CallAdmission.Admitted(call);
        return AdmitOtherwise(environment, counter);
    }

    /// <summary>
    /// Applies the account's allocation after a change (R13): new limits, new or deleted environments and a
    /// new plan limit take effect for the next admission. Calls in flight are never cut.
    /// </summary>
    /// <param name="allocation">The account's allocation as just saved; it may be over-allocated (R12).</param>
    /// <remarks>
    /// <para>A lowered limit refuses new calls until fewer calls than it are in flight. An environment missing
    /// from <paramref name="allocation"/> is treated as deleted: it admits nothing, its calls still count in the
    /// plan until released, and later refusals say it was deleted (the gate remembers its id for its lifetime).
    /// Should a deleted environment's id come back, it admits again, its running calls still counted.</para>
    /// <para>Apply allocations in the order they were saved (e.g. by account version); the last one applied wins.</para>
    /// <para>Apply takes time in proportion to the environments. While the limits change, the plan is counted;
    /// afterwards it stays counted only if the environments' bounds (limit, or calls in flight if more) exceed P.
    /// Calls that keep it counted (running above a lowered limit) stop mattering at the next Apply after they end.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="allocation"/> is null.</exception>
    public void Apply(ConcurrencyAllocation allocation)
    {
        Guard.Against.Null(allocation);
        lock (_applyLock)
        {
            var current = _environments;

            // 1. Count the plan exactly while limits change, so no mix of old and new limits can exceed P. Readers sum
            // the environments until the counter is complete (each mode step is a full fence, before and after).
            if (!IsCountingPlan)
            {
                Interlocked.Increment(ref _plan.Mode); // starting
                foreach (var counter in current.Counters) Interlocked.Add(ref _plan.InFlight, counter.StartCountingPlan());
                Interlocked.Increment(ref _plan.Mode); // counted: only now is the counter complete
            }

            // 2. The new limits. R13: only limits change; the counts of running calls are left alone.
            var next = new Dictionary<EnvironmentId, EnvironmentCounter>(current.Counters.Length + allocation.Limits.Count);
            foreach (var (environment, limit) in allocation.Limits)
            {
                var counter = current.Find(environment) ?? new EnvironmentCounter(this, environment, countingPlan: true);
                counter.SetLimit(limit);
                next.Add(environment, counter);
            }

            foreach (var counter in current.Counters)
            {
                if (next.ContainsKey(counter.Id)) continue;
                counter.SetLimit(DeletedLimit); // R6, R13: admits nothing from now on
                next.Add(counter.Id, counter);
            }

            Volatile.Write(ref _plan.Limit, allocation.PlanLimit);
            var table = new EnvironmentTable(next.Values.ToArray());
            Volatile.Write(ref _environments, table);

            // 3. Stop counting the plan if it cannot be exceeded: every count stays within max(limit, count now),
            // and those bounds fit P. Counts read after the limits' versions moved include every admission that
            // could still have been judged by an old limit.
            long bounds = 0;
            foreach (var counter in table.Counters) bounds += Math.Max(counter.Limit, counter.InFlight);
            if (bounds > allocation.PlanLimit) return;
            Interlocked.Increment(ref _plan.Mode); // stopping, before the counter empties: a read of it in progress is not used
            foreach (var counter in table.Counters) Interlocked.Add(ref _plan.InFlight, -counter.StopCountingPlan());
            Interlocked.Increment(ref _plan.Mode); // summed
        }
    }

    /// <summary>Reads an environment's and the plan's calls in flight and limits now.</summary>
    /// <param name="environment">An environment of the account.</param>
    /// <param name="headroom">The counts; for a deleted environment, its remaining calls with limit 0.</param>
    /// <returns>Whether the gate knows the environment (false for an id it never saw).</returns>
    public bool TryGetHeadroom(EnvironmentId environment, out CallHeadroom headroom)
    {
        var table = Volatile.Read(ref _environments);
        var counter = table.Find(environment);
        if (counter is null)
        {
            headroom = new CallHeadroom(0, 0, PlanInFlight, PlanLimit);
            return false;
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

    private CallAdmission Unknown(EnvironmentId environment)
    {
        Guard.Against.Default(environment); // a programming error, checked off the fast path
        return CallAdmission.Unknown(environment, wasDeleted: false, new CallHeadroom(0, 0, PlanInFlight, PlanLimit));
    }
}
