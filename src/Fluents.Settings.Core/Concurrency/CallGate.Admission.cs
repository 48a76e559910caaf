using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
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

    // Every case but the usual ones (see EnvironmentCounter.TryAdmitInFastSeat): an unknown environment, a refusal,
    // no fast seat free, a lost race, a switch of the plan's counting under way. One flat loop, so that the JIT keeps it lean.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CallAdmission AdmitOtherwise(EnvironmentId environment, EnvironmentCounter? counter)
    {
        if (counter is null) return Unknown(environment);

        ref var state = ref counter.State;
        var planPlaceHeld = false;
        while (true)
        {
            var version = counter.LimitVersion;
            var word = counter.Word;
            var limit = counter.Limit;
            var inFlight = word.InFlight;
            if (inFlight >= limit)
            {
                if (planPlaceHeld) Interlocked.Decrement(ref _plan.InFlight); // a refused call leaves the plan as it was
                return Refuse(counter, inFlight, limit);
            }

            if (word.CountsPlan != planPlaceHeld)
            {
                if (planPlaceHeld)
                {
                    // Apply stopped counting the plan since this admission took its place: give it back.
                    Interlocked.Decrement(ref _plan.InFlight);
                    planPlaceHeld = false;
                    continue;
                }

                // R13 while the plan could be exceeded: a place in the plan first (refusing at P), then the environment's.
                int planInFlight, planLimit;
                do
                {
                    planInFlight = Volatile.Read(ref _plan.InFlight);
                    planLimit = Volatile.Read(ref _plan.Limit);
                    if (planInFlight >= planLimit) return PlanFull(counter, planInFlight, planLimit);
                }
                while (Interlocked.CompareExchange(ref _plan.InFlight, planInFlight + 1, planInFlight) != planInFlight);

                planPlaceHeld = true;
                continue;
            }

            // R13: one CAS raises the count from below the limit and takes a seat (a fast one if any is free).
            var seat = word.FreeFastSeat; // FastSeats when all are held: then an overflow seat
            TestHookBeforeAdmissionCas?.Invoke();
            if (Interlocked.CompareExchange(ref state.Word, word.WithOneMoreCall(seat).Value, word.Value) != word.Value) continue;
            if (Volatile.Read(ref state.LimitVersion) == version) return CallAdmission.Admitted(counter.Occupy(seat));

            // Judged by a limit that Apply has since replaced: undo (which also settles the plan place) and judge again.
            counter.GiveBack(seat);
            planPlaceHeld = false;
        }
    }

    // R13 while the plan is counted: a place in the plan, refused at P (the caller then judges again out of line).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTakePlanPlace()
    {
        int inFlight;
        do
        {
            inFlight = Volatile.Read(ref _plan.InFlight);
            if (inFlight >= Volatile.Read(ref _plan.Limit)) return false;
        }
        while (Interlocked.CompareExchange(ref _plan.InFlight, inFlight + 1, inFlight) != inFlight);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private CallAdmission Refuse(EnvironmentCounter counter, int inFlight, int limit) =>
        limit == DeletedLimit
            ? CallAdmission.Unknown(counter.Id, wasDeleted: true, new CallHeadroom(inFlight, 0, PlanInFlight, PlanLimit))
            : CallAdmission.EnvironmentFull(counter.Id, new CallHeadroom(inFlight, limit, PlanInFlight, PlanLimit));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CallAdmission PlanFull(EnvironmentCounter counter, int planInFlight, int planLimit) =>
        CallAdmission.PlanFull(counter.Id, new CallHeadroom(counter.InFlight, Math.Max(0, counter.Limit), planInFlight, planLimit));

    private CallAdmission Unknown(EnvironmentId environment)
    {
        Guard.Against.Default(environment); // a programming error, checked off the fast path
        return CallAdmission.Unknown(environment, WasForgotten(environment), new CallHeadroom(0, 0, PlanInFlight, PlanLimit));
    }

    internal sealed partial class EnvironmentCounter
    {
        /// <summary>
        /// The usual admission, kept small so that it inlines into <see cref="TryAdmit"/>: the environment is below its
        /// limit, a fast seat is free, and no other thread or Apply interferes; while the plan is counted, the same with a
        /// plan place first, out of line (<see cref="TryAdmitCountingPlan"/>). Anything else returns false, and
        /// <see cref="AdmitOtherwise"/> decides.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryAdmitInFastSeat(out AdmittedCall call)
        {
            var version = LimitVersion;
            var word = Word;
            if (word.CountsPlan)
            {
                // A seat number, not the call, comes back: a struct returned here would cost the usual path below.
                var seat = TryAdmitCountingPlan(version, word);
                call = seat >= 0 ? InFastSeat(seat) : default;
                return seat >= 0;
            }

            var free = word.FreeFastSeat;
            if (word.InFlight < Limit && free < FastSeats)
            {
                // R13: one CAS raises the count from below the limit and takes the seat (see the class remarks).
                if (Interlocked.CompareExchange(ref State.Word, word.WithOneMoreCall(free).Value, word.Value) == word.Value)
                {
                    if (Volatile.Read(ref State.LimitVersion) == version)
                    {
                        call = InFastSeat(free);
                        return true;
                    }

                    GiveBack(free); // judged by a limit that Apply has since replaced: undo, and judge again out of line
                }
            }

            call = default;
            return false;
        }

        /// <summary>
        /// The usual admission while the plan is counted (over-allocated, or more than 16 environments): a plan place by
        /// CAS, refused at P, then the environment's count and a fast seat by one CAS of the word as read (which was
        /// counting the plan, so the place belongs to the word's count from then on). Returns the seat, or -1 to let
        /// <see cref="AdmitOtherwise"/> decide, having given back whatever it took.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private int TryAdmitCountingPlan(long version, EnvironmentWord word)
        {
            var seat = word.FreeFastSeat;
            if (word.InFlight >= Limit || seat == FastSeats || !Gate.TryTakePlanPlace()) return -1;

            Gate.TestHookBeforeAdmissionCas?.Invoke();
            if (Interlocked.CompareExchange(ref State.Word, word.WithOneMoreCall(seat).Value, word.Value) != word.Value)
            {
                Interlocked.Decrement(ref Gate._plan.InFlight); // the word changed (a race, or Apply switched it): the place was never used
                return -1;
            }

            if (Volatile.Read(ref State.LimitVersion) == version) return seat;
            GiveBack(seat); // judged by a replaced limit: undo; the place goes back with the count if the word still counts the plan
            return -1;
        }
    }
}
