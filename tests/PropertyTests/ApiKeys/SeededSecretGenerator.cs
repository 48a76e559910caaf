using Fluents.Settings.Secrets;

namespace Fluents.Settings.PropertyTests.ApiKeys;

/// <summary>A reproducible <see cref="ISecretGenerator"/> (SplitMix64): same seed, same bytes, same keys.</summary>
internal sealed class SeededSecretGenerator(ulong seed) : ISecretGenerator
{
    private ulong _state = seed;

    public void Fill(Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            if (i % 8 == 0) _state = Next(_state);
            destination[i] = (byte)(Mix(_state) >> (8 * (i % 8)));
        }
    }

    private static ulong Next(ulong state) => state + 0x9E3779B97F4A7C15UL;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
