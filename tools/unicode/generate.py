#!/usr/bin/env python3
"""Generates src/Fluents.Settings.Core/Text/UnicodeTables.Generated.cs from the Unicode Character Database.

Usage (from the repository root):
    python3 tools/unicode/generate.py [UCD directory, default /usr/share/unicode]

The UCD files it reads (Debian's `unicode-data` package installs them in /usr/share/unicode):
UnicodeData.txt, DerivedNormalizationProps.txt, DerivedCoreProperties.txt, CaseFolding.txt.
The build never reads them: the generated C# file is committed. Regenerate only to move to another
Unicode version, then run the NFC conformance test (tests/UnitTests/Text/NormalizationConformanceTests.cs)
with the NormalizationTest.txt of that version.
"""
import os
import re
import sys

UCD = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "src", "Fluents.Settings.Core", "Text", "UnicodeTables.Generated.cs")

# General categories grouped as Text/CharacterKind.cs numbers them (the rules need no finer split,
# and grouping keeps the table small).
KINDS = {"Cn": 0, "Lu": 1, "Ll": 1, "Lt": 1, "Lm": 1, "Lo": 1, "Mn": 2, "Mc": 2, "Me": 2, "Nd": 3,
         "Nl": 4, "No": 4, "Pc": 5, "Pd": 5, "Ps": 5, "Pe": 5, "Pi": 5, "Pf": 5, "Po": 5,
         "Sm": 6, "Sc": 6, "Sk": 6, "So": 6, "Zs": 7, "Zl": 8, "Zp": 8, "Cc": 9, "Cf": 10, "Cs": 11, "Co": 12}
MAX = 0x10FFFF


def read_lines(name):
    with open(os.path.join(UCD, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [field.strip() for field in line.split(";")]


def version():
    with open(os.path.join(UCD, "DerivedCoreProperties.txt"), encoding="utf-8") as f:
        match = re.match(r"# DerivedCoreProperties-(\d+\.\d+\.\d+)\.txt", f.readline())
    return match.group(1)


def code_range(text):
    if ".." in text:
        start, end = text.split("..")
        return int(start, 16), int(end, 16)
    return int(text, 16), int(text, 16)


category = ["Cn"] * (MAX + 1)
ccc = [0] * (MAX + 1)
canonical = {}
compatibility = set()
pending_first = None
for fields in read_lines("UnicodeData.txt"):
    code = int(fields[0], 16)
    name = fields[1]
    if name.endswith(", First>"):
        pending_first = code
        continue
    start = pending_first if name.endswith(", Last>") else code
    pending_first = None
    for c in range(start, code + 1):
        category[c] = fields[2]
        ccc[c] = int(fields[3])
    decomposition = fields[5]
    if decomposition:
        if decomposition.startswith("<"):
            compatibility.add(code)
        else:
            canonical[code] = [int(part, 16) for part in decomposition.split()]

full_exclusion = set()
for fields in read_lines("DerivedNormalizationProps.txt"):
    if fields[1] == "Full_Composition_Exclusion":
        start, end = code_range(fields[0])
        full_exclusion.update(range(start, end + 1))

default_ignorable = set()
for fields in read_lines("DerivedCoreProperties.txt"):
    if fields[1] == "Default_Ignorable_Code_Point":
        start, end = code_range(fields[0])
        default_ignorable.update(range(start, end + 1))

case_fold = {}
for fields in read_lines("CaseFolding.txt"):
    if fields[1] in ("C", "S"):
        case_fold[int(fields[0], 16)] = int(fields[2], 16)


def runs(values):
    starts, kinds = [], []
    previous = None
    for c, value in enumerate(values):
        if value != previous:
            starts.append(c)
            kinds.append(value)
            previous = value
    return starts, kinds


def ranges(codes):
    result = []
    for c in sorted(codes):
        if result and result[-1][1] == c - 1:
            result[-1][1] = c
        else:
            result.append([c, c])
    return [bound for pair in result for bound in pair]


category_starts, category_values = runs([KINDS[c] for c in category])
ccc_starts, ccc_values = runs(ccc)
decomposition_keys = sorted(canonical)
compositions = sorted(
    ((parts[0] << 21) | parts[1], code)
    for code, parts in canonical.items()
    if len(parts) == 2 and code not in full_exclusion)
fold_keys = sorted(case_fold)


def emit(kind, name, values, doc, hex_digits=True):
    lines = [f"    /// <summary>{doc}</summary>", f"    internal static ReadOnlySpan<{kind}> {name} =>", "    ["]
    row = []
    for value in values:
        row.append(f"0x{value:X}" if hex_digits else str(value))
        if len(row) == 16:
            lines.append("        " + ", ".join(row) + ",")
            row = []
    if row:
        lines.append("        " + ", ".join(row) + ",")
    lines.append("    ];")
    return "\n".join(lines)


sections = [
    emit("int", "KindRunStarts", category_starts, "First code point of each run of one <see cref=\"CharacterKind\"/>; runs cover U+0000–U+10FFFF."),
    emit("byte", "KindRunValues", category_values, "The <see cref=\"CharacterKind\"/> of each run.", hex_digits=False),
    emit("int", "CombiningClassRunStarts", ccc_starts, "First code point of each run of one canonical combining class."),
    emit("byte", "CombiningClassRunValues", ccc_values, "The canonical combining class of each run.", hex_digits=False),
    emit("int", "DecompositionKeys", decomposition_keys, "Code points with a canonical decomposition (Hangul syllables excluded: they are algorithmic), ascending."),
    emit("int", "DecompositionFirst", [canonical[c][0] for c in decomposition_keys], "First code point of each canonical decomposition (one level)."),
    emit("int", "DecompositionSecond", [canonical[c][1] if len(canonical[c]) > 1 else 0 for c in decomposition_keys], "Second code point of each canonical decomposition, or 0 for a singleton."),
    emit("long", "CompositionKeys", [key for key, _ in compositions], "Primary composites: (first &lt;&lt; 21) | second, ascending (Full_Composition_Exclusion removed)."),
    emit("int", "CompositionValues", [value for _, value in compositions], "The composite of each pair in <see cref=\"CompositionKeys\"/>."),
    emit("int", "CompatibilityRanges", ranges(compatibility), "Inclusive [start, end] ranges of code points with a compatibility (tagged) decomposition."),
    emit("int", "DefaultIgnorableRanges", ranges(default_ignorable), "Inclusive [start, end] ranges of Default_Ignorable_Code_Point."),
    emit("int", "CaseFoldKeys", fold_keys, "Code points with a simple case folding (CaseFolding.txt statuses C and S), ascending."),
    emit("int", "CaseFoldValues", [case_fold[c] for c in fold_keys], "The simple case folding of each key."),
]

header = f"""// <auto-generated>
// Generated by tools/unicode/generate.py from the Unicode Character Database {version()}
// (UnicodeData.txt, DerivedNormalizationProps.txt, DerivedCoreProperties.txt, CaseFolding.txt).
// Do not edit by hand. To regenerate: python3 tools/unicode/generate.py [/usr/share/unicode]
// (Debian package unicode-data), then run the Text tests, NFC conformance included.
// </auto-generated>

namespace Fluents.Settings.Text;

/// <summary>Unicode {version()} character data, generated: the build does not depend on the UCD files or on ICU.</summary>
internal static class UnicodeTables
{{
    /// <summary>The Unicode version these tables come from.</summary>
    internal const string Version = "{version()}";

"""
with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    f.write(header + "\n\n".join(sections) + "\n}\n")
print(f"wrote {OUT}: {len(category_starts)} kind runs, {len(decomposition_keys)} decompositions, "
      f"{len(compositions)} compositions, {len(fold_keys)} case foldings")
