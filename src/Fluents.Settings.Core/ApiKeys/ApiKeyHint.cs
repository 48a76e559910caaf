using Ardalis.GuardClauses;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// What an environment stores to show its key in the masked API Key column (R25): the prefix,
/// an ellipsis (U+2026) and the key's last 4 characters, for example <c>flk_…Ab3x</c>.
/// </summary>
/// <remarks>
/// The last 4 characters are checksum digits, a function of the body: the hint reveals at most
/// about 24 of the body's 128 random bits, never enough to rebuild or guess the key.
/// <c>default(ApiKeyHint)</c> has an empty <see cref="Masked"/> text.
/// </remarks>
public readonly record struct ApiKeyHint
{
    private const char Ellipsis = '\u2026';

    private const string EllipsisText = "\u2026";

    private const int VisibleSuffixLength = 4;

    private const int MaskedLength = 4 + 1 + VisibleSuffixLength; // prefix, ellipsis, suffix

    private readonly string? _masked;

    private ApiKeyHint(string masked) => _masked = masked;

    /// <summary>The masked key, for example <c>flk_…Ab3x</c> (R25).</summary>
    public string Masked => _masked ?? string.Empty;

    /// <summary>Reads a hint back from its stored form (<see cref="Masked"/>), as snapshots do.</summary>
    /// <param name="stored">Text written by <see cref="ToString"/>.</param>
    /// <returns>The hint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stored"/> is <c>null</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stored"/> is not <c>flk_…</c> followed by 4 base62 characters.</exception>
    public static ApiKeyHint Parse(string stored)
    {
        Guard.Against.Null(stored);
        var text = stored.AsSpan();
        if (text.Length != MaskedLength
            || !text.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal)
            || text[ApiKeyFormat.Prefix.Length] != Ellipsis
            || text[^VisibleSuffixLength..].ContainsAnyExcept(Base62.Digits))
        {
            throw new ArgumentException($"An API key hint is \"{ApiKeyFormat.Prefix}{Ellipsis}\" followed by {VisibleSuffixLength} letters or digits.", nameof(stored));
        }

        return new ApiKeyHint(stored);
    }

    /// <summary>The hint of a full key that is known to be well formed.</summary>
    internal static ApiKeyHint Of(ReadOnlySpan<char> key) =>
        new(string.Concat(ApiKeyFormat.Prefix, EllipsisText, key[^VisibleSuffixLength..]));

    /// <summary>The masked key.</summary>
    /// <returns><see cref="Masked"/>.</returns>
    public override string ToString() => Masked;
}
