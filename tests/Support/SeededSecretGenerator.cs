using Fluents.Settings.Secrets;

namespace Fluents.Settings.Testing;

/// <summary>A deterministic <see cref="ISecretGenerator"/> for reproducible tests (never use outside tests).</summary>
public sealed class SeededSecretGenerator(int seed = 42) : ISecretGenerator
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}
