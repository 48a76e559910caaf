using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// One environment's word, limit and seats; kept after deletion while its calls run, so that they can be released.
    /// Its release and seats are here; its admission steps are with the rest of the admission, in CallGate.Admission.cs.
    /// </summary>
    /// <remarks>
    /// <para>G3 (docs/call-gate.md): a seat is an admission's identity, so that it is released exactly once (R13) even when the host copies
    /// its <see cref="AdmittedCall"/> or releases it twice. Each seat has a 64-bit generation that only ever grows.
    /// The call carries the generation its seat had when it was admitted; release moves it on by one CAS, which one
    /// release of that admission can win and which a stale copy (with a smaller number) never matches. There is no
    /// ABA: every transition moves the generation forward.</para>
    /// <para>Fast seats (the first 32) are claimed in the environment's word by the admission's own CAS: the seat's
    /// bit says it is held, so the admission only reads the generation (no store, no further atomic operation), and
    /// release frees the bit in the same atomic add that lowers the count, after its CAS moved the generation on.
    /// Calls beyond 32 at once take an overflow seat, where the generation itself says held (odd) or free (even): a
    /// CAS from even g to odd g + 1 claims it, probing from a hint (the overflow seat released last; any value is
    /// safe, the CAS decides), and release moves it to g + 2. Overflow seats live in chunks of doubling size (32, 64,
    /// …), added when a probe finds none free and never moved or freed, so a seat index stays valid while other
    /// threads add chunks. Overflow seats held never exceed the calls in flight beyond 32 (claimed after the count
    /// rose, freed before it falls), so nothing is allocated in steady state.</para>
    /// </remarks>
    internal sealed partial class EnvironmentCounter(CallGate gate, EnvironmentId id, bool countingPlan)
    {
        private const int FastSeats = EnvironmentWord.FastSeats;
        private const int FirstChunkShift = 5; // the first overflow chunk holds 32 seats
        private const int MaxChunks = 26;      // 32 · (2^26 − 1) overflow seats: more than any count the word can hold

        public readonly CallGate Gate = gate;
        public readonly EnvironmentId Id = id;

        // Mutable struct field on purpose: admission CASes the word in place.
        public PaddedState State = new() { Word = EnvironmentWord.Empty(countingPlan).Value };

        private FastSeatGenerations _fastSeats;
        private readonly Seat[]?[] _chunks = new Seat[]?[MaxChunks];
        private int _chunkCount;

        /// <summary>The environment's word now (one volatile read).</summary>
        public EnvironmentWord Word
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => new(Volatile.Read(ref State.Word));
        }

        public int InFlight => Word.InFlight;

        public int Limit => Volatile.Read(ref State.Limit);

        /// <summary>The number of the limit now in force; <see cref="SetLimit"/> raises it with every change (G2).</summary>
        public long LimitVersion => Volatile.Read(ref State.LimitVersion);

        /// <summary>Takes the seat the admission's CAS chose: reads a fast seat's generation, or claims an overflow seat.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public AdmittedCall Occupy(int seat)
        {
            return seat >= FastSeats ? OccupyOverflowSeat() : InFastSeat(seat);
        }

        // The seat's bit, taken by this admission's CAS, says it is held; its generation changes only when the
        // holder is released, so reading it now gives this admission's number (no store, no further atomic).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private AdmittedCall InFastSeat(int seat) => new(this, seat, Volatile.Read(ref FastSeat(seat)));

        /// <summary>Ends an admission once: frees its seat, then its place in the environment (and in the plan, if counted).</summary>
        /// <returns>Whether this call did it; false when that admission was already released (a copy or a repeat).</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Release(int seat, long generation)
        {
            if (seat >= FastSeats) return ReleaseOverflowSeat(seat, generation);

            // R13, G3: the only way from held to free is this CAS, and it can succeed once per generation.
            if (Interlocked.CompareExchange(ref FastSeat(seat), generation + 1, generation) != generation) return false;
            GiveBack(seat);
            return true;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool ReleaseOverflowSeat(int seat, long generation)
        {
            // G3: odd (held) to the next even (free), once per generation.
            if (Interlocked.CompareExchange(ref OverflowSeat(seat).Generation, generation + 1, generation) != generation) return false;
            State.OverflowHint = seat;
            GiveBack(seat);
            return true;
        }

        /// <summary>Lowers the count and frees a fast seat's bit in one atomic add; gives the plan place back if counted.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void GiveBack(int seat)
        {
            // G4: the add returns the word as it left it, so it sees whether the plan was counted at that very moment;
            // Apply's switch took this environment's count at one moment too, so each call is given back once.
            var left = new EnvironmentWord(Interlocked.Add(ref State.Word, -EnvironmentWord.OneCallIn(seat)));
            if (left.CountsPlan) Interlocked.Decrement(ref Gate._plan.InFlight);
        }

        /// <summary>Sets a new limit (Apply only); an admission that read the old one will notice the version and retry (G2).</summary>
        public void SetLimit(int limit)
        {
            if (State.Limit == limit) return;
            Volatile.Write(ref State.Limit, limit);
            Interlocked.Increment(ref State.LimitVersion);
        }

        /// <summary>Marks the word as counting the plan (Apply only, G4).</summary>
        /// <returns>The calls in flight at that moment, which the plan counter must now include.</returns>
        public int StartCountingPlan() => SwitchPlanCounting(counting: true);

        /// <summary>Marks the word as not counting the plan (Apply only, G4).</summary>
        /// <returns>The calls in flight at that moment, which the plan counter no longer includes.</returns>
        public int StopCountingPlan() => SwitchPlanCounting(counting: false);

        private int SwitchPlanCounting(bool counting)
        {
            while (true)
            {
                var word = Word;
                if (word.CountsPlan == counting) return 0;
                if (Interlocked.CompareExchange(ref State.Word, word.WithCountsPlan(counting).Value, word.Value) == word.Value) return word.InFlight;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ref long FastSeat(int seat) =>
            ref Unsafe.Add(ref Unsafe.As<FastSeatGenerations, long>(ref _fastSeats), seat);

        private AdmittedCall OccupyOverflowSeat()
        {
            var start = State.OverflowHint; // a hint only: any value is safe, the CAS decides
            while (true)
            {
                var chunks = Volatile.Read(ref _chunkCount);
                var capacity = FastSeats + FirstIndexOf(chunks);
                if (start < FastSeats || start >= capacity) start = FastSeats;
                for (int probed = FastSeats, seat = start; probed < capacity; probed++)
                {
                    ref var generation = ref OverflowSeat(seat).Generation;
                    var current = Volatile.Read(ref generation);
                    if ((current & 1) == 0 && Interlocked.CompareExchange(ref generation, current + 1, current) == current)
                    {
                        // Look after this seat next, so a burst of admissions probes each seat about once.
                        State.OverflowHint = seat + 1;
                        return new AdmittedCall(this, seat, current + 1);
                    }

                    seat = seat + 1 == capacity ? FastSeats : seat + 1;
                }

                // Every overflow seat was held when probed: add the next chunk (unless another thread did) and try it
                // first. A chunk is reachable before the count of chunks that covers its seats is raised.
                if (Volatile.Read(ref _chunks[chunks]) is null)
                    Interlocked.CompareExchange(ref _chunks[chunks], new Seat[1 << (FirstChunkShift + chunks)], null);
                Interlocked.CompareExchange(ref _chunkCount, chunks + 1, chunks);
                start = capacity;
            }
        }

        private ref Seat OverflowSeat(int seat)
        {
            var index = seat - FastSeats;
            var chunk = BitOperations.Log2(((uint)index >> FirstChunkShift) + 1);
            return ref Volatile.Read(ref _chunks[chunk])![index - FirstIndexOf(chunk)];
        }

        private static int FirstIndexOf(int chunk) => ((1 << chunk) - 1) << FirstChunkShift;

        private struct Seat
        {
            // Even: free; odd: held by the admission that set it.
            public long Generation;
        }

        [InlineArray(FastSeats)]
        private struct FastSeatGenerations
        {
            private long _first;
        }

        /// <summary>
        /// An environment's word, limit and its version, alone on their cache line, so that threads calling in two
        /// environments do not slow each other through false sharing.
        /// </summary>
        [StructLayout(LayoutKind.Explicit, Size = 128)]
        internal struct PaddedState
        {
            [FieldOffset(64)] public long Word;
            [FieldOffset(72)] public long LimitVersion;
            [FieldOffset(80)] public int Limit;

            // The overflow seat released last, where the next overflow admission looks first.
            [FieldOffset(84)] public int OverflowHint;
        }
    }
}
