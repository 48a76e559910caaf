using Ardalis.GuardClauses;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// Applies the account's allocation after a change (R13): new limits, new or deleted environments and a
    /// new plan limit take effect for the next admission. Calls in flight are never cut.
    /// </summary>
    /// <param name="allocation">The account's allocation as just saved; it may be over-allocated (R12).</param>
    /// <remarks>
    /// <para>A lowered limit refuses new calls until fewer calls than it are in flight. An environment missing
    /// from <paramref name="allocation"/> is treated as deleted: it admits nothing, and its calls still count in the
    /// plan until released. The gate keeps it while they run; the first Apply after its last call ended forgets it.
    /// Refusals say it was deleted while it is kept, and afterwards while it is among the 32 environments forgotten
    /// last; an id forgotten before those is as unknown as one the gate never saw. Should a deleted environment's id
    /// come back, it admits again: with its running calls still counted if it was kept, from zero if it was forgotten
    /// (it had none).</para>
    /// <para>Apply allocations in the order they were saved (e.g. by account version); the last one applied wins.</para>
    /// <para>Apply takes time in proportion to the environments it holds: the live ones and the deleted ones whose
    /// calls were still running at the previous Apply, not every environment it has seen. While the limits change,
    /// the plan is counted; afterwards it stays counted only if the environments' bounds (limit, or calls in flight if
    /// more) exceed P, or the gate holds more than 16 environments (see the class remarks). Calls that keep it counted
    /// (running above a lowered limit) stop mattering at the next Apply after they end.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="allocation"/> is null.</exception>
    public void Apply(ConcurrencyAllocation allocation)
    {
        Guard.Against.Null(allocation);
        lock (_applyLock)
        {
            var current = _environments;

            // 1. G5: count the plan exactly while limits change, so no mix of old and new limits can exceed P. G4: each
            // word's calls join the counter as its sign switches. G6: readers sum the environments until the counter is
            // complete (each mode step is a full fence, before and after).
            if (!IsCountingPlan)
            {
                Interlocked.Increment(ref _plan.Mode); // starting
                foreach (var counter in current.Counters) Interlocked.Add(ref _plan.InFlight, counter.StartCountingPlan());
                Interlocked.Increment(ref _plan.Mode); // counted: only now is the counter complete
            }

            // 2. The new limits. R13, G1: only limits change; the counts of running calls are left alone. G2: each change
            // moves the limit's version, which admissions judged by the old limit will see.
            var next = new Dictionary<EnvironmentId, EnvironmentCounter>(current.Counters.Length + allocation.Limits.Count);
            foreach (var (environment, limit) in allocation.Limits)
            {
                var counter = current.Find(environment) ?? new EnvironmentCounter(this, environment, countingPlan: true); // G4
                counter.SetLimit(limit);
                next.Add(environment, counter);
            }

            List<EnvironmentId>? forgotten = null;
            foreach (var counter in current.Counters)
            {
                if (next.ContainsKey(counter.Id)) continue;
                counter.SetLimit(DeletedLimit); // R6, R13: admits nothing from now on

                // G7: no call of its runs: forget it. Its count is read after its limit's version moved, so an admission
                // still under way on it either is in that count or sees that version and undoes itself (G2).
                if (counter.InFlight == 0) (forgotten ??= []).Add(counter.Id);
                else next.Add(counter.Id, counter);
            }

            Volatile.Write(ref _plan.Limit, allocation.PlanLimit);

            // Remembered before the table drops them, so that a refusal finds a deleted id in one or the other.
            if (forgotten is not null) Volatile.Write(ref _forgotten, Remember(forgotten, _forgotten));
            var table = new EnvironmentTable(next.Values.ToArray());
            Volatile.Write(ref _environments, table);

            // 3. G5: stop counting the plan if it cannot be exceeded: every count stays within max(limit, count now) (G1),
            // and those bounds fit P. Counts read after the limits' versions moved include every admission that
            // could still have been judged by an old limit (G2). Beyond MostEnvironmentsSummed environments, keep counting
            // it anyway: reads of the plan (refusals among them) then cost O(1) instead of a sum over every environment (G6).
            if (table.Counters.Length > MostEnvironmentsSummed) return;
            long bounds = 0;
            foreach (var counter in table.Counters) bounds += Math.Max(counter.Limit, counter.InFlight);
            if (bounds > allocation.PlanLimit) return;
            Interlocked.Increment(ref _plan.Mode); // G6: stopping, before the counter empties: a read of it in progress is not used
            foreach (var counter in table.Counters) Interlocked.Add(ref _plan.InFlight, -counter.StopCountingPlan());
            Interlocked.Increment(ref _plan.Mode); // summed
        }
    }

    // The ids forgotten now first, then those remembered before (without repeats), at most RememberedForgottenEnvironments.
    private static EnvironmentId[] Remember(List<EnvironmentId> forgottenNow, EnvironmentId[] rememberedBefore)
    {
        var remembered = new List<EnvironmentId>(RememberedForgottenEnvironments);
        foreach (var environment in forgottenNow.Concat(rememberedBefore))
        {
            if (remembered.Count == RememberedForgottenEnvironments) break;
            if (!remembered.Contains(environment)) remembered.Add(environment);
        }

        return remembered.ToArray();
    }
}
