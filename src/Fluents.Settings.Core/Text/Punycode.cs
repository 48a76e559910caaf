using System.Text;

namespace Fluents.Settings.Text;

/// <summary>
/// Punycode (RFC 3492), the encoding of an internationalized domain label behind its <c>xn--</c> prefix.
/// Our own, because <see cref="System.Globalization.IdnMapping"/> behaves differently with and without ICU (R33).
/// Only the encoding: which labels are acceptable is decided by the caller.
/// </summary>
internal static class Punycode
{
    private const int Base = 36, MinThreshold = 1, MaxThreshold = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialCodePoint = 0x80;

    /// <summary>Encodes code points; false only on arithmetic overflow (far beyond any 63-character label).</summary>
    internal static bool TryEncode(IReadOnlyList<int> input, out string encoded)
    {
        encoded = string.Empty;
        var output = new StringBuilder(input.Count + 8);
        foreach (var codePoint in input)
        {
            if (codePoint < InitialCodePoint) output.Append((char)codePoint);
        }

        var basicCount = output.Length;
        var handled = basicCount;
        if (basicCount > 0) output.Append('-');

        var next = InitialCodePoint;
        var delta = 0;
        var bias = InitialBias;
        while (handled < input.Count)
        {
            var smallest = int.MaxValue;
            foreach (var codePoint in input)
            {
                if (codePoint >= next && codePoint < smallest) smallest = codePoint;
            }

            if (smallest - next > (int.MaxValue - delta) / (handled + 1)) return false;
            delta += (smallest - next) * (handled + 1);
            next = smallest;
            foreach (var codePoint in input)
            {
                if (codePoint < next && ++delta == int.MaxValue) return false;
                if (codePoint != next) continue;

                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var threshold = Threshold(k, bias);
                    if (q < threshold) break;
                    output.Append(Digit(threshold + (q - threshold) % (Base - threshold)));
                    q = (q - threshold) / (Base - threshold);
                }

                output.Append(Digit(q));
                bias = Adapt(delta, handled + 1, handled == basicCount);
                delta = 0;
                handled++;
            }

            delta++;
            next++;
        }

        encoded = output.ToString();
        return true;
    }

    /// <summary>
    /// Decodes the part after <c>xn--</c>; false when it is not valid Punycode: a character outside the
    /// alphabet, a truncated number, an overflow, or a decoded value that is ASCII, a surrogate or beyond U+10FFFF.
    /// </summary>
    internal static bool TryDecode(ReadOnlySpan<char> input, out List<int> decoded)
    {
        decoded = new List<int>(input.Length);
        var delimiter = input.LastIndexOf('-');
        var position = 0;
        if (delimiter > 0)
        {
            foreach (var c in input[..delimiter])
            {
                if (c >= InitialCodePoint) return false;
                decoded.Add(c);
            }

            position = delimiter + 1;
        }

        var next = InitialCodePoint;
        var i = 0;
        var bias = InitialBias;
        while (position < input.Length)
        {
            var oldI = i;
            var weight = 1;
            for (var k = Base; ; k += Base)
            {
                if (position >= input.Length) return false;
                var digit = DigitValue(input[position++]);
                if (digit >= Base) return false;
                if (digit > (int.MaxValue - i) / weight) return false;
                i += digit * weight;
                var threshold = Threshold(k, bias);
                if (digit < threshold) break;
                if (weight > int.MaxValue / (Base - threshold)) return false;
                weight *= Base - threshold;
            }

            var count = decoded.Count + 1;
            bias = Adapt(i - oldI, count, oldI == 0);
            if (i / count > int.MaxValue - next) return false;
            next += i / count;
            i %= count;
            if (next < InitialCodePoint || next > UnicodeCharacters.MaxCodePoint || next is >= 0xD800 and <= 0xDFFF) return false;
            decoded.Insert(i, next);
            i++;
        }

        return true;
    }

    private static int Threshold(int k, int bias) =>
        k <= bias ? MinThreshold : k >= bias + MaxThreshold ? MaxThreshold : k - bias;

    private static int Adapt(int delta, int count, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / count;
        var k = 0;
        while (delta > (Base - MinThreshold) * MaxThreshold / 2)
        {
            delta /= Base - MinThreshold;
            k += Base;
        }

        return k + (Base - MinThreshold + 1) * delta / (delta + Skew);
    }

    private static char Digit(int value) => (char)(value < 26 ? 'a' + value : '0' + value - 26);

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0' + 26,
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        _ => Base,
    };
}
