using System.Numerics;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// The identities of admitted calls: a pool of seats, each with a generation, so that a call is released
    /// exactly once (R13) even when the host copies its <see cref="AdmittedCall"/> or releases it twice.
    /// </summary>
    /// <remarks>
    /// <para>A seat's generation is even while the seat is free and odd while a call holds it. Admission takes a
    /// free seat and makes its generation odd (g + 1); the call carries that number. Release is one
    /// compare-and-swap from the call's number to the next even one: exactly one release of a given admission
    /// can win it, and since generations only grow, a stale copy never matches a later occupant of the seat.</para>
    /// <para>Free seats form a lock-free stack (Treiber) over seat indexes. The head packs a 32-bit tag with the
    /// top index; every successful push or pop increments the tag, so a pop that read an old head fails its CAS
    /// instead of installing a stale successor (the ABA problem).</para>
    /// <para>Seats live in chunks of doubling size (16, 32, 64, …) that are never moved or freed, so a seat index
    /// stays valid while other threads add chunks. A chunk is added only when no seat is free, hence the pool
    /// holds about as many seats as the most calls ever in flight at once, and nothing is allocated in steady state.</para>
    /// </remarks>
    internal sealed class SeatPool
    {
        private const int FirstChunkLength = 16;
        private const int FirstChunkShift = 4;

        // 16 · (2^27 − 1) seats: more than int.MaxValue calls could ever hold, yet every index fits an int.
        private const int MaxChunks = 27;

        private readonly Seat[]?[] _chunks = new Seat[]?[MaxChunks];
        private readonly Seat[] _firstChunk;
        private int _chunkCount;

        // High 32 bits: ABA tag. Low 32 bits: top seat index + 1, or 0 when no seat is free.
        private ulong _freeHead;

        public SeatPool()
        {
            AddChunk(0, keepFirst: false);
            _firstChunk = _chunks[0]!;
        }

        /// <summary>Takes a free seat and marks it held; adds a chunk when none is free.</summary>
        /// <param name="generation">The seat's new (odd) generation, which the admitted call carries.</param>
        /// <returns>The seat index, or −1 when the pool cannot grow (beyond any real plan).</returns>
        public int Occupy(out long generation)
        {
            var seat = TryPop(out var current);
            if (seat < 0) seat = TakeNewSeat(out current);
            if (seat < 0)
            {
                generation = 0;
                return -1;
            }

            // The seat is ours alone: a plain increment cannot race with another occupant, and a stale release
            // of an older generation cannot match (its CAS expects a smaller, odd value).
            generation = current + 1;
            Volatile.Write(ref SeatAt(seat).Generation, generation);
            return seat;
        }

        /// <summary>
        /// Ends the holding of <paramref name="seat"/> by the admission numbered <paramref name="generation"/>, once,
        /// and puts the seat back on the free stack.
        /// </summary>
        /// <returns>Whether this call did it; false when that admission was already released (a copy or a repeat).</returns>
        public bool TryVacate(int seat, long generation)
        {
            ref var vacated = ref SeatAt(seat);
            // R13: the only way from held to free is this CAS, and it can succeed once per generation.
            if (Interlocked.CompareExchange(ref vacated.Generation, generation + 1, generation) != generation) return false;

            Push(ref vacated, seat);
            return true;
        }

        private int TakeNewSeat(out long generation)
        {
            generation = 0; // seats of a new chunk start free, at generation 0
            while (true)
            {
                var chunk = Volatile.Read(ref _chunkCount);
                if (chunk >= MaxChunks) return -1;
                var seat = AddChunk(chunk, keepFirst: true);
                if (seat >= 0) return seat;
                // Another thread added this chunk; its seats are on their way to the stack.
                seat = TryPop(out generation);
                if (seat >= 0) return seat;
            }
        }

        private int TryPop(out long generation)
        {
            while (true)
            {
                var head = Volatile.Read(ref _freeHead);
                var top = (int)(uint)head - 1;
                if (top < 0)
                {
                    generation = 0;
                    return -1;
                }

                // `top` may be popped and pushed again by others before our CAS; then the tag differs and the CAS
                // fails, so a stale `next` is never installed. Its generation is read before the CAS, while the seat
                // may still be free for others; once our CAS wins, nobody else can change it (it is ours, free).
                ref var seat = ref SeatAt(top);
                var next = (uint)Volatile.Read(ref seat.Next);
                generation = Volatile.Read(ref seat.Generation);
                if (Interlocked.CompareExchange(ref _freeHead, NextTag(head) | next, head) == head) return top;
            }
        }

        // Pushes the chain from `first` down to `lastSeat` (already linked through Next) in one CAS.
        private void Push(ref Seat lastSeat, int first)
        {
            while (true)
            {
                var head = Volatile.Read(ref _freeHead);
                lastSeat.Next = (int)(uint)head;
                // The CAS is a full fence: the Next written above is visible before the seat is.
                if (Interlocked.CompareExchange(ref _freeHead, NextTag(head) | (uint)(first + 1), head) == head) return;
            }
        }

        // Installs chunk `index` (if no one else did), publishes its seats, and returns one of them to the caller
        // when `keepFirst`; −1 when another thread installed it first.
        private int AddChunk(int index, bool keepFirst)
        {
            var seats = new Seat[FirstChunkLength << index];
            if (Interlocked.CompareExchange(ref _chunks[index], seats, null) is not null)
            {
                Interlocked.CompareExchange(ref _chunkCount, index + 1, index);
                return -1;
            }

            // The chunk is reachable (above) before any of its indexes is: SeatAt never sees a missing chunk.
            var firstIndex = FirstIndexOf(index);
            var start = keepFirst ? 1 : 0;
            for (var i = start; i < seats.Length - 1; i++) seats[i].Next = firstIndex + i + 2; // index + 1 encoding
            Push(ref seats[^1], firstIndex + start);
            Interlocked.CompareExchange(ref _chunkCount, index + 1, index);
            return keepFirst ? firstIndex : -1;
        }

        private ref Seat SeatAt(int seat)
        {
            if ((uint)seat < FirstChunkLength) return ref _firstChunk[seat];
            var chunk = BitOperations.Log2(((uint)seat >> FirstChunkShift) + 1);
            return ref Volatile.Read(ref _chunks[chunk])![seat - FirstIndexOf(chunk)];
        }

        private static int FirstIndexOf(int chunk) => (FirstChunkLength << chunk) - FirstChunkLength;

        private static ulong NextTag(ulong head) => (head & 0xFFFF_FFFF_0000_0000UL) + 0x1_0000_0000UL;

        private struct Seat
        {
            // Even: free; odd: held by the admission that set it.
            public long Generation;

            // While free: the index + 1 of the seat below on the free stack, 0 at the bottom.
            public int Next;
        }
    }
}
