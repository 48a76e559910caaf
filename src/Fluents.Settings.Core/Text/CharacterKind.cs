namespace Fluents.Settings.Text;

/// <summary>
/// General categories grouped as the text rules need them (R33). The numbers are the generated table's
/// (<c>tools/unicode/generate.py</c>): change both together.
/// </summary>
internal enum CharacterKind : byte
{
    /// <summary>Cn: not assigned in the Unicode version of <see cref="UnicodeTables"/> (noncharacters included).</summary>
    Unassigned = 0,

    /// <summary>Lu, Ll, Lt, Lm, Lo.</summary>
    Letter = 1,

    /// <summary>Mn, Mc, Me: combining marks.</summary>
    Mark = 2,

    /// <summary>Nd.</summary>
    DecimalDigit = 3,

    /// <summary>Nl, No.</summary>
    OtherNumber = 4,

    /// <summary>Pc, Pd, Ps, Pe, Pi, Pf, Po.</summary>
    Punctuation = 5,

    /// <summary>Sm, Sc, Sk, So.</summary>
    Symbol = 6,

    /// <summary>Zs.</summary>
    SpaceSeparator = 7,

    /// <summary>Zl, Zp.</summary>
    LineOrParagraphSeparator = 8,

    /// <summary>Cc.</summary>
    Control = 9,

    /// <summary>Cf: invisible format characters (bidi controls, zero-width characters, soft hyphen…).</summary>
    Format = 10,

    /// <summary>Cs: a surrogate code point (only ever seen as an unpaired UTF-16 code unit).</summary>
    Surrogate = 11,

    /// <summary>Co.</summary>
    PrivateUse = 12,
}
