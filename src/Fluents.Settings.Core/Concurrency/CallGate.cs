using System.Runtime.InteropServices;
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
/// <para><b>Lock-free and allocation-free.</b> Admission is three compare-and-swap operations (environment count,
/// plan count, a seat of the environment) and release three interlocked operations (the seat, then both counts);
/// neither takes a lock nor allocates (the result and the admitted
/// call are structs; so are the refusals). Only <see cref="Apply"/> locks, against other <see cref="Apply"/> calls.</para>
/// <para><b>The protocol</b> (R13: both counts are checked and taken together; no interleaving admits more than
/// either limit).</para>
/// <list type="number">
/// <item>Reserve a place in the environment: read its count c and limit m; if c ≥ m refuse; else CAS c → c + 1,
/// and on a lost race start over.</item>
/// <item>Reserve a place in the plan the same way (count p, limit P). If p ≥ P, give the environment place back
/// (decrement) and refuse.</item>
/// <item>Claim a seat of the environment: one CAS of a free seat's generation from even g to odd g + 1, the
/// admission's identity (see <see cref="EnvironmentCounter"/>). Seats held never exceed the environment's calls
/// in flight, and a seat is found or added, so this step refuses nothing short of 2^31 seats.</item>
/// </list>
/// <para>Why no interleaving over-admits: a counter only ever rises by a CAS from a value the same thread
/// just saw below the limit, so it rises from c &lt; m to c + 1 ≤ m, and no concurrent increment can slip
/// in between the check and the rise (the CAS would fail and the loop would re-check). Every other change
/// to a counter is a decrement (a release, or the roll-back in step 2). So, with a fixed limit, each counter
/// is at most its limit at every instant, whatever the other threads do. A call counts in the plan only after
/// it counts in its environment, and a refused call leaves the environment exactly as it found it: the only
/// visible trace of a refused attempt is an environment place held for the few nanoseconds between steps 1
/// and 2, which can make a racing call to the same environment be refused conservatively, never admitted
/// in excess. A release first moves its seat's generation from the call's odd number to the next even one by
/// CAS; only the one release that wins it then decrements both counters, so copies and repeats free nothing, and
/// since generations only grow, a stale copy cannot match a later call in the same seat. The seat is freed before
/// the counts fall and claimed after they rose, so held seats never exceed calls in flight.</para>
/// <para>The environment is checked first because it is the limit that usually binds (the environments'
/// limits sum to at most P), so refusing there never touches the plan counter that all environments share.</para>
/// <para><b>Live updates.</b> <see cref="Apply"/> writes the new limits into the same counters that admission
/// reads, so it takes effect for every admission that starts after it returns (one running concurrently may
/// be judged by the old or the new limit). Counts are never changed by it: lowering a limit below the calls
/// in flight cuts nothing, and new calls are refused until the count drops below the new limit.</para>
/// </remarks>
public sealed partial class CallGate
{
    // R13: a deleted environment keeps its counter (its calls can still be released) with this limit, which
    // refuses every admission in the same check that enforces a real limit.
    private const int DeletedLimit = -1;

    private readonly Lock _applyLock = new();
    private PaddedCounts _plan;
    private EnvironmentTable _environments;

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
    public int PlanInFlight => Volatile.Read(ref _plan.InFlight);

    /// <summary>
    /// Admits a call into an environment if both its limit and the plan's allow it (R13), and counts it in both.
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
        if (counter is null) return Unknown(environment);

        // R13 step 1: reserve a place in the environment (see the class remarks for why this cannot over-admit).
        ref var counts = ref counter.Counts;
        int inFlight, limit;
        do
        {
            inFlight = Volatile.Read(ref counts.InFlight);
            limit = Volatile.Read(ref counts.Limit);
            if (inFlight >= limit)
            {
                return limit == DeletedLimit
                    ? CallAdmission.Unknown(environment, wasDeleted: true, new CallHeadroom(inFlight, 0, PlanInFlight, PlanLimit))
                    : CallAdmission.EnvironmentFull(environment, new CallHeadroom(inFlight, limit, PlanInFlight, PlanLimit));
            }
        }
        while (Interlocked.CompareExchange(ref counts.InFlight, inFlight + 1, inFlight) != inFlight);

        // R13 step 2: reserve a place in the plan; on refusal give the environment place back, so a refused
        // call leaves both counts as it found them.
        int planInFlight, planLimit;
        do
        {
            planInFlight = Volatile.Read(ref _plan.InFlight);
            planLimit = Volatile.Read(ref _plan.Limit);
            if (planInFlight >= planLimit)
            {
                Interlocked.Decrement(ref counts.InFlight);
                return CallAdmission.PlanFull(environment, new CallHeadroom(inFlight, limit, planInFlight, planLimit));
            }
        }
        while (Interlocked.CompareExchange(ref _plan.InFlight, planInFlight + 1, planInFlight) != planInFlight);

        // Step 3: the admission's identity, so that it is released exactly once (R13).
        var seat = counter.Occupy(out var generation);
        if (seat < 0) return SeatsExhausted(environment, counter);
        return CallAdmission.Admitted(new AdmittedCall(counter, seat, generation));
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
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="allocation"/> is null.</exception>
    public void Apply(ConcurrencyAllocation allocation)
    {
        Guard.Against.Null(allocation);
        lock (_applyLock)
        {
            var current = _environments;
            var next = new Dictionary<EnvironmentId, EnvironmentCounter>(current.Counters.Count + allocation.Limits.Count);
            foreach (var (environment, limit) in allocation.Limits)
            {
                var counter = current.Find(environment) ?? new EnvironmentCounter(this, environment);
                // R13: only the limit changes; the count of running calls is left alone.
                Volatile.Write(ref counter.Counts.Limit, limit);
                next.Add(environment, counter);
            }

            foreach (var counter in current.Counters)
            {
                if (next.ContainsKey(counter.Id)) continue;
                Volatile.Write(ref counter.Counts.Limit, DeletedLimit); // R6, R13: admits nothing from now on
                next.Add(counter.Id, counter);
            }

            Volatile.Write(ref _plan.Limit, allocation.PlanLimit);
            Volatile.Write(ref _environments, new EnvironmentTable(next.Values.ToArray()));
        }
    }

    /// <summary>Reads an environment's and the plan's calls in flight and limits now.</summary>
    /// <param name="environment">An environment of the account.</param>
    /// <param name="headroom">The counts; for a deleted environment, its remaining calls with limit 0.</param>
    /// <returns>Whether the gate knows the environment (false for an id it never saw).</returns>
    public bool TryGetHeadroom(EnvironmentId environment, out CallHeadroom headroom)
    {
        var counter = Volatile.Read(ref _environments).Find(environment);
        if (counter is null)
        {
            headroom = new CallHeadroom(0, 0, PlanInFlight, PlanLimit);
            return false;
        }

        headroom = HeadroomOf(counter);
        return true;
    }

    /// <summary>
    /// Reads every environment's calls in flight and limits now, with the plan's: the "in use now / remaining"
    /// column of a Settings page. Deleted environments appear only while calls they admitted are still running.
    /// </summary>
    /// <returns>A new dictionary (this read allocates; admission does not).</returns>
    public IReadOnlyDictionary<EnvironmentId, CallHeadroom> HeadroomByEnvironment()
    {
        var counters = Volatile.Read(ref _environments).Counters;
        var result = new Dictionary<EnvironmentId, CallHeadroom>(counters.Count);
        foreach (var counter in counters)
        {
            var headroom = HeadroomOf(counter);
            if (Volatile.Read(ref counter.Counts.Limit) == DeletedLimit && headroom.EnvironmentInFlight == 0) continue;
            result.Add(counter.Id, headroom);
        }

        return result;
    }

    private CallHeadroom HeadroomOf(EnvironmentCounter counter) =>
        new(Volatile.Read(ref counter.Counts.InFlight), Math.Max(0, Volatile.Read(ref counter.Counts.Limit)), PlanInFlight, PlanLimit);

    private CallAdmission Unknown(EnvironmentId environment)
    {
        Guard.Against.Default(environment); // a programming error, checked off the fast path
        return CallAdmission.Unknown(environment, wasDeleted: false, new CallHeadroom(0, 0, PlanInFlight, PlanLimit));
    }

    // More seats than any plan could use (about 2^31): give both places back and refuse as the plan.
    private CallAdmission SeatsExhausted(EnvironmentId environment, EnvironmentCounter counter)
    {
        Interlocked.Decrement(ref counter.Counts.InFlight);
        Interlocked.Decrement(ref _plan.InFlight);
        return CallAdmission.PlanFull(environment, new CallHeadroom(
            Volatile.Read(ref counter.Counts.InFlight), Volatile.Read(ref counter.Counts.Limit), PlanInFlight, PlanLimit));
    }

    /// <summary>One environment's calls in flight and limit; kept after deletion so its calls can be released.</summary>
    internal sealed partial class EnvironmentCounter(CallGate gate, EnvironmentId id)
    {
        public readonly CallGate Gate = gate;
        public readonly EnvironmentId Id = id;

        // Mutable struct field on purpose: admission CASes its counts in place.
        public PaddedCounts Counts;
    }

    /// <summary>
    /// A count and its limit, alone on their cache line, so that threads calling in two environments do not
    /// slow each other through false sharing.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    internal struct PaddedCounts
    {
        [FieldOffset(64)] public int InFlight;
        [FieldOffset(68)] public int Limit;

        // Environments only: the seat released last, where the next admission looks first (see EnvironmentCounter).
        [FieldOffset(72)] public int SeatHint;
    }
}
