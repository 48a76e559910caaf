using Fluents.Settings.Secrets;

namespace Fluents.Settings.Testing;

/// <summary>A reproducible <see cref="ISecretGenerator"/> (SplitMix64): same seed, same bytes, same ids and secrets. Tests only.</summary>
public sealed class SeededSecretGenerator(ulong seed = 42) : ISecretGenerator
{
    private ulong _state = seed;

    public SeededSecretGenerator(int seed)
        : this(unchecked((ulong)seed))
    {
    }

    public void Fill(Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            if (i % 8 == 0) _state += 0x9E3779B97F4A7C15UL;
            destination[i] = (byte)(Mix(_state) >> (8 * (i % 8)));
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
