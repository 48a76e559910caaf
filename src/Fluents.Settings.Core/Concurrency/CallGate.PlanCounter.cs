using System.Runtime.InteropServices;

namespace Fluents.Settings.Concurrency;

public sealed partial class CallGate
{
    /// <summary>
    /// The plan's counter (used only while the plan is counted), its limit and how the plan is read (see
    /// <see cref="PlanInFlight"/>), alone on their cache line.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    internal struct PlanCounter
    {
        [FieldOffset(64)] public int InFlight;
        [FieldOffset(68)] public int Limit;
        [FieldOffset(72)] public long Mode;
    }
}
