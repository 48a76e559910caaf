using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// An environment's state in one 64-bit word, read whole and changed whole by one atomic operation (an admission's
    /// compare-and-swap, a release's add; docs/call-gate.md, G1, G3, G4): bits 0–31 are its fast seats (set while held),
    /// bits 32–62 its calls in flight, and the sign bit is set while admissions count the plan too.
    /// </summary>
    /// <remarks>
    /// As NodaTime's <c>YearMonthDay</c> wraps a packed <see cref="int"/>: a value over the raw number, so that the code
    /// says "calls in flight", "free seat" and "counts the plan" instead of shifts and masks. The JIT keeps it in a register,
    /// so it costs nothing (measured: <c>CallGateFloorBenchmarks</c>). The word itself stays a <see cref="long"/> field,
    /// <see cref="EnvironmentCounter.PaddedState.Word"/>, which <see cref="Interlocked"/> operates on: read it with
    /// <see cref="EnvironmentCounter.Word"/>, compare-and-swap its <see cref="Value"/>.
    /// </remarks>
    [DebuggerDisplay("{ToString(),nq}")]
    internal readonly struct EnvironmentWord
    {
        /// <summary>Seats held in the word itself; a call beyond them takes an overflow seat.</summary>
        public const int FastSeats = 32;

        private const int InFlightShift = 32;
        private const long OneCall = 1L << InFlightShift;
        private const long CountsPlanBit = long.MinValue;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public EnvironmentWord(long value) => Value = value;

        /// <summary>The raw word, as stored and as compared by compare-and-swap.</summary>
        public long Value { get; }

        /// <summary>The environment's calls in flight.</summary>
        public int InFlight => (int)(Value >> InFlightShift) & int.MaxValue;

        /// <summary>Whether admissions into this environment count the plan too (G4, G5).</summary>
        public bool CountsPlan => Value < 0;

        /// <summary>The lowest free fast seat, or <see cref="FastSeats"/> when all are held (the call then takes an overflow seat).</summary>
        public int FreeFastSeat => BitOperations.TrailingZeroCount(~(uint)Value);

        /// <summary>A word with no call in flight and no seat held.</summary>
        /// <param name="countingPlan">Whether it counts the plan (a counter that <see cref="Apply"/> creates while the plan is counted).</param>
        public static EnvironmentWord Empty(bool countingPlan) => new(countingPlan ? CountsPlanBit : 0);

        /// <summary>This word with one more call in flight, holding <paramref name="seat"/> if it is a fast one.</summary>
        /// <param name="seat">The seat the call takes: a fast seat, or <see cref="FastSeats"/> and above for an overflow seat.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public EnvironmentWord WithOneMoreCall(int seat) => new(Value + OneCallIn(seat));

        /// <summary>This word with its plan-counting sign set or cleared; calls and seats unchanged.</summary>
        /// <param name="counting">Whether it counts the plan.</param>
        public EnvironmentWord WithCountsPlan(bool counting) => new(counting ? Value | CountsPlanBit : Value & ~CountsPlanBit);

        /// <summary>
        /// What one call in <paramref name="seat"/> adds to the word: one call in flight and, for a fast seat, its bit.
        /// Release subtracts it in one atomic add, which leaves the sign alone (the count it lowers is at least one).
        /// </summary>
        /// <param name="seat">The call's seat.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long OneCallIn(int seat) => OneCall + (seat < FastSeats ? 1L << seat : 0);

        /// <summary>The word for the debugger and test messages.</summary>
        /// <returns>For example <c>3 in flight, seats 0000000b, counts the plan</c>.</returns>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{InFlight} in flight, seats {(uint)Value:x8}{(CountsPlan ? ", counts the plan" : "")}");
    }
}
