using System.Buffers;

namespace Fluents.Settings.ApiKeys;

/// <summary>
/// Fixed-width base62 (<c>0-9A-Za-z</c>): letters and digits only, so a double-click selects a
/// whole key and nothing needs escaping in URLs, headers or shells (R25).
/// </summary>
/// <remarks>
/// The alphabet is in ordinal (ASCII) order, so comparing two fixed-width numerals ordinally
/// compares the numbers they stand for.
/// </remarks>
internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static readonly SearchValues<char> Digits = SearchValues.Create(Alphabet);

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> digits, most significant first.</summary>
    public static void WriteFixedWidth(UInt128 value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            (value, var digit) = UInt128.DivRem(value, 62);
            destination[i] = Alphabet[(int)digit];
        }

        if (value != 0) throw new ArgumentOutOfRangeException(nameof(value), "The value needs more digits than the destination holds.");
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> digits, most significant first.</summary>
    public static void WriteFixedWidth(uint value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            (value, var digit) = Math.DivRem(value, 62u);
            destination[i] = Alphabet[(int)digit];
        }

        if (value != 0) throw new ArgumentOutOfRangeException(nameof(value), "The value needs more digits than the destination holds.");
    }
}
