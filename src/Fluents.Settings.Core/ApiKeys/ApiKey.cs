using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using Ardalis.GuardClauses;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// A newly issued environment API key in plain text (R24, R25). It exists only in the result of
/// the operation that created or rotated the key, which hands it to the user once; the core
/// keeps only <see cref="Hash"/> and <see cref="Hint"/>.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> and the debugger show the masked hint, never the key: only an explicit
/// <see cref="Reveal"/> gives the secret out, so it cannot leak into logs by accident.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class ApiKey
{
    private readonly string _key;

    private ApiKey(string key)
    {
        _key = key;
        Hash = SecretHash.Of(key);
        Hint = ApiKeyHint.Of(key);
    }

    /// <summary>The SHA-256 of the full key text: what is stored and looked up (R25, R27).</summary>
    public SecretHash Hash { get; }

    /// <summary>The masked form for display, <c>flk_…</c> + the last 4 characters (R25).</summary>
    public ApiKeyHint Hint { get; }

    /// <summary>Issues a new key: 128 random bits from <paramref name="random"/> in the <see cref="ApiKeyFormat"/> (R25).</summary>
    /// <param name="random">The source of the key's bits; <see cref="CryptographicSecretGenerator"/> in production.</param>
    /// <returns>The key, to show to the user once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is <c>null</c>.</exception>
    public static ApiKey Issue(ISecretGenerator random)
    {
        Guard.Against.Null(random);
        Span<byte> bits = stackalloc byte[16];
        random.Fill(bits);
        var body = BinaryPrimitives.ReadUInt128BigEndian(bits);
        CryptographicOperations.ZeroMemory(bits);
        return new ApiKey(ApiKeyFormat.Compose(body));
    }

    /// <summary>The full key in plain text, to show the user once (R24). Never log or store it.</summary>
    /// <returns>The 32-character key.</returns>
    public string Reveal() => _key;

    /// <summary>The masked key, never the secret.</summary>
    /// <returns><see cref="ApiKeyHint.Masked"/>, for example <c>flk_…Ab3x</c>.</returns>
    public override string ToString() => Hint.Masked;
}
