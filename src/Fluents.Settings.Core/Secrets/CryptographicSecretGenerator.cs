using System.Security.Cryptography;

namespace Fluents.Settings.Secrets;

/// <summary>The production <see cref="ISecretGenerator"/>: the operating system's cryptographic RNG.</summary>
public sealed class CryptographicSecretGenerator : ISecretGenerator
{
    /// <summary>The shared instance; it holds no state.</summary>
    public static CryptographicSecretGenerator Instance { get; } = new();

    /// <inheritdoc />
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
