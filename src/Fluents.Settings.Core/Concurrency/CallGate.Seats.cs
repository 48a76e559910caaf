using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// An environment's seats: the identities of its admitted calls, so that each is released exactly once
    /// (R13) even when the host copies its <see cref="AdmittedCall"/> or releases it twice.
    /// </summary>
    /// <remarks>
    /// <para>Each seat is one 64-bit word, its generation: even while the seat is free, odd while a call holds
    /// it, and it only ever grows. Admission claims a seat with one compare-and-swap from an even value g it
    /// just read to g + 1, and the call carries g + 1. Release is one compare-and-swap from the call's number
    /// to the next even one. Both are single transitions of a monotonic word, so there is no ABA: a claim that
    /// read g fails if anyone moved the word on, exactly one release of a given admission can win, and a stale
    /// copy never matches a later occupant of the seat (its number is smaller).</para>
    /// <para>No free list: a claim probes from a hint, the seat released last in this environment (a plain,
    /// racy write on the counter's own cache line; any value is safe, a stale one only costs probes). Calls that
    /// end in the order they started, or in reverse, find their seat on the first probe. When the hinted seat is
    /// taken the claim probes onward, wrapping around, at most every seat once, and leaves the hint just past the
    /// seat it claimed, so a burst of admissions without releases does not rescan; it adds a chunk only when the
    /// scan found no seat free. Seats held never exceed the
    /// environment's calls in flight (claimed after its count rose, freed before it falls), hence the seats
    /// number about the most calls ever in flight at once, and nothing is allocated in steady state.</para>
    /// <para>Seats live in chunks of doubling size (16, 32, 64, …) that are never moved or freed, so a seat
    /// index stays valid while other threads add chunks. A chunk is reachable before the count of chunks that
    /// covers its indexes is raised, so no probe or release sees a missing chunk.</para>
    /// </remarks>
    internal sealed partial class EnvironmentCounter
    {
        private const int FirstChunkLength = 16;
        private const int FirstChunkShift = 4;

        // 16 · (2^27 − 1) seats: more than int.MaxValue calls could ever hold, yet every index fits an int.
        private const int MaxChunks = 27;

        private readonly Seat[] _firstChunk = new Seat[FirstChunkLength];
        private readonly Seat[]?[] _chunks = new Seat[]?[MaxChunks];
        private int _chunkCount = 1;

        /// <summary>Claims a free seat; adds a chunk when none is free.</summary>
        /// <param name="generation">The seat's new (odd) generation, which the admitted call carries.</param>
        /// <returns>The seat index, or −1 when the seats cannot grow (beyond any real limit).</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Occupy(out long generation)
        {
            var start = Counts.SeatHint; // a hint only: any value is safe, the CAS decides
            var first = _firstChunk;
            if ((uint)start < (uint)first.Length)
            {
                ref var word = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(first), start).Generation;
                var current = Volatile.Read(ref word);
                if ((current & 1) == 0 && Interlocked.CompareExchange(ref word, current + 1, current) == current)
                {
                    generation = current + 1;
                    return start;
                }
            }

            return OccupyBySearch(start, out generation);
        }

        /// <summary>Ends an admission once: frees its seat, then its places in the environment and the plan.</summary>
        /// <returns>Whether this call did it; false when that admission was already released (a copy or a repeat).</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Release(int seat, long generation)
        {
            // R13: the only way from held to free is this CAS, and it can succeed once per generation.
            if (Interlocked.CompareExchange(ref SeatAt(seat).Generation, generation + 1, generation) != generation) return false;

            Counts.SeatHint = seat;
            Interlocked.Decrement(ref Counts.InFlight);
            Interlocked.Decrement(ref Gate._plan.InFlight);
            return true;
        }

        private int OccupyBySearch(int start, out long generation)
        {
            while (true)
            {
                var chunks = Volatile.Read(ref _chunkCount);
                var capacity = FirstIndexOf(chunks);
                if ((uint)start >= (uint)capacity) start = 0;
                for (int probed = 0, seat = start; probed < capacity; probed++)
                {
                    ref var word = ref SeatAt(seat).Generation;
                    var current = Volatile.Read(ref word);
                    if ((current & 1) == 0 && Interlocked.CompareExchange(ref word, current + 1, current) == current)
                    {
                        // The hinted seat was taken: look after this one next, so that a burst of admissions
                        // without releases probes each seat about once instead of rescanning from the start.
                        Counts.SeatHint = seat + 1;
                        generation = current + 1;
                        return seat;
                    }

                    seat = seat + 1 == capacity ? 0 : seat + 1;
                }

                if (chunks >= MaxChunks)
                {
                    generation = 0;
                    return -1;
                }

                // Every seat was held when probed: add the next chunk (unless another thread did) and try it first.
                if (Volatile.Read(ref _chunks[chunks]) is null)
                    Interlocked.CompareExchange(ref _chunks[chunks], new Seat[FirstChunkLength << chunks], null);
                Interlocked.CompareExchange(ref _chunkCount, chunks + 1, chunks);
                start = capacity;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ref Seat SeatAt(int seat)
        {
            var first = _firstChunk;
            if ((uint)seat < (uint)first.Length) return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(first), seat);
            return ref SeatInLaterChunk(seat);
        }

        private ref Seat SeatInLaterChunk(int seat)
        {
            var chunk = BitOperations.Log2(((uint)seat >> FirstChunkShift) + 1);
            return ref Volatile.Read(ref _chunks[chunk])![seat - FirstIndexOf(chunk)];
        }

        private static int FirstIndexOf(int chunk) => (FirstChunkLength << chunk) - FirstChunkLength;

        private struct Seat
        {
            // Even: free; odd: held by the admission that set it.
            public long Generation;
        }
    }
}
