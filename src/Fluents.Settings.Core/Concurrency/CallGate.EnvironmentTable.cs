using System.Numerics;
using System.Runtime.CompilerServices;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// The gate's environments by id: an immutable open-addressing table, rebuilt by <see cref="Apply"/> and
    /// swapped in whole, so admission looks an id up without a lock, in one or two probes.
    /// </summary>
    /// <remarks>
    /// A general-purpose dictionary spends most of an admission's time hashing and comparing the 16-byte id
    /// through <see cref="IEquatable{T}"/>. Here the id is compared as two 64-bit words and hashed by
    /// multiplying their exclusive-or (Fibonacci hashing), which spreads random and time-ordered GUIDs alike.
    /// The table is at most half full, so a miss ends quickly too.
    /// </remarks>
    internal sealed class EnvironmentTable
    {
        private readonly Entry[] _entries;
        private readonly int _shift;

        public EnvironmentTable(EnvironmentCounter[] counters)
        {
            var bits = Math.Max(2, BitOperations.Log2((uint)Math.Max(1, counters.Length)) + 2); // ≥ 2× the count
            _entries = new Entry[1 << bits];
            _shift = 64 - bits;
            Counters = counters;
            foreach (var counter in counters)
            {
                var key = Halves.Of(counter.Id);
                var slot = SlotOf(key);
                while (_entries[slot].Counter is not null) slot = (slot + 1) & (_entries.Length - 1);
                _entries[slot] = new Entry(key, counter);
            }
        }

        public static EnvironmentTable Empty { get; } = new([]);

        /// <summary>Every counter, deleted ones included (an array, so that reads enumerate it without allocating).</summary>
        public EnvironmentCounter[] Counters { get; }

        public EnvironmentCounter? Find(EnvironmentId environment)
        {
            var key = Halves.Of(environment);
            var entries = _entries;
            var slot = SlotOf(key);
            while (true)
            {
                ref var entry = ref entries[slot];
                if (entry.Counter is null) return null;
                if (entry.Key.Low == key.Low && entry.Key.High == key.High) return entry.Counter;
                slot = (slot + 1) & (entries.Length - 1);
            }
        }

        private int SlotOf(Halves key) => (int)(((key.Low ^ key.High) * 0x9E37_79B9_7F4A_7C15UL) >> _shift);

        private readonly record struct Entry(Halves Key, EnvironmentCounter? Counter);

        private readonly record struct Halves(ulong Low, ulong High)
        {
            public static Halves Of(EnvironmentId environment)
            {
                var value = environment.Value;
                return Unsafe.As<Guid, Halves>(ref value);
            }
        }
    }
}
