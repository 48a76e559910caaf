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

        var planPlaceHeld = false;
        while (true)
        {
            var version = counter.LimitVersion;
            var word = counter.Word;
            var limit = counter.Limit;
            var inFlight = word.InFlight;
            if (inFlight >= limit) // G1
            {
                if (planPlaceHeld) Interlocked.Decrement(ref _plan.InFlight); // G4: a refused call leaves the plan as it was
                return Refuse(counter, inFlight, limit);
            }

            if (word.CountsPlan != planPlaceHeld)
            {
                if (planPlaceHeld)
                {
                    // G4: Apply stopped counting the plan since this admission took its place: give it back.
                    Interlocked.Decrement(ref _plan.InFlight);
                    planPlaceHeld = false;
                    continue;
                }

                // R13, G4 while the plan could be exceeded: a place in the plan first (refusing at P), then the environment's.
                if (!TryTakePlanPlace(out var planInFlight, out var planLimit)) return PlanFull(counter, planInFlight, planLimit);
                planPlaceHeld = true;
                continue;
            }

            var seat = word.FreeFastSeat; // FastSeats when all are held: then an overflow seat
            TestHookBeforeAdmissionCas?.Invoke();
            switch (counter.TryClaim(word, seat, version))
            {
                case Claim.Taken:
                    return CallAdmission.Admitted(counter.Occupy(seat));
                case Claim.LimitReplaced:
                    planPlaceHeld = false; // undone, and the plan place with it if the word counted the plan (G4)
                    break;
                case Claim.WordChanged:
                    break; // a race: judge again, keeping the plan place if one is held
            }
        }
    }

    // R13, G4 while the plan is counted: a place in the plan by CAS, refused at P; the numbers it was judged by come back
    // for the refusal's headroom.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTakePlanPlace(out int planInFlight, out int planLimit)
    {
        do
        {
            planInFlight = Volatile.Read(ref _plan.InFlight);
            planLimit = Volatile.Read(ref _plan.Limit);
            if (planInFlight >= planLimit) return false;
        }
        while (Interlocked.CompareExchange(ref _plan.InFlight, planInFlight + 1, planInFlight) != planInFlight);
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
                var counted = TryAdmitCountingPlan(version, word);
                call = counted >= 0 ? InFastSeat(counted) : default;
                return counted >= 0;
            }

            var seat = word.FreeFastSeat;
            if (word.InFlight < Limit && seat < FastSeats && TryClaim(word, seat, version) == Claim.Taken) // G1
            {
                call = InFastSeat(seat);
                return true;
            }

            call = default; // refused, a race, or no fast seat: AdmitOtherwise judges again
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
            if (word.InFlight >= Limit || seat >= FastSeats || !Gate.TryTakePlanPlace(out _, out _)) return -1; // G1, G4

            Gate.TestHookBeforeAdmissionCas?.Invoke();
            var claim = TryClaim(word, seat, version);
            if (claim == Claim.Taken) return seat;

            // A race, or Apply switched the word: the place was never used. (Undone after a replaced limit, it went back
            // with the count if the word still counted the plan, G4.)
            if (claim == Claim.WordChanged) Interlocked.Decrement(ref Gate._plan.InFlight);
            return -1;
        }

        /// <summary>
        /// The one step that raises an environment's count (G1, G2): one compare-and-swap from the word as read to that
        /// word with one more call in <paramref name="seat"/>; then, if the limit's version moved since
        /// <paramref name="version"/> (the admission was judged by a limit that <see cref="Apply"/> has since replaced, or
        /// the environment was deleted), the step is undone.
        /// </summary>
        /// <param name="seen">The word as read; its count was below the limit read after <paramref name="version"/>.</param>
        /// <param name="seat">The seat to take: <paramref name="seen"/>'s lowest free fast seat, or <see cref="FastSeats"/>
        /// for an overflow seat (which the caller then claims with <see cref="Occupy"/>).</param>
        /// <param name="version">The limit's version, read before the limit and the word.</param>
        /// <returns>
        /// <see cref="Claim.Taken"/>; <see cref="Claim.WordChanged"/> when the CAS failed (nothing was taken); or
        /// <see cref="Claim.LimitReplaced"/> when it was undone (the count lowered again, and a plan place handed back
        /// if the word counted the plan at that moment, as a release would).
        /// </returns>
        /// <remarks>
        /// Inlined into every caller, so that the usual path (<see cref="TryAdmitInFastSeat"/>) compiles to the same machine
        /// code as with the step written out there (checked with <c>DOTNET_JitDisasm</c>); an earlier shared step that
        /// returned the admitted call out of line cost it about 6 ns in struct copies. docs/call-gate.md says more.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Claim TryClaim(EnvironmentWord seen, int seat, long version)
        {
            if (Interlocked.CompareExchange(ref State.Word, seen.WithOneMoreCall(seat).Value, seen.Value) != seen.Value) return Claim.WordChanged;
            if (Volatile.Read(ref State.LimitVersion) == version) return Claim.Taken;
            GiveBack(seat);
            return Claim.LimitReplaced;
        }
    }

    /// <summary>What <see cref="EnvironmentCounter.TryClaim"/> did.</summary>
    internal enum Claim
    {
        /// <summary>The call is counted and holds its seat.</summary>
        Taken,

        /// <summary>The word was no longer as read (another admission or release, or Apply switched it): nothing was taken.</summary>
        WordChanged,

        /// <summary>Counted under a limit since replaced, then undone: nothing is held.</summary>
        LimitReplaced,
    }

}
