namespace Fluents.Settings.Secrets;

/// <summary>
/// The source of randomness for secrets (API keys, invitation tokens) and ids. The domain never
/// reads randomness itself: production code passes <see cref="CryptographicSecretGenerator"/>,
/// tests pass a deterministic fake so runs are reproducible.
/// </summary>
public interface ISecretGenerator
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    /// <param name="destination">The bytes to overwrite.</param>
    void Fill(Span<byte> destination);
}
