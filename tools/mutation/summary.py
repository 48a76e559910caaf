#!/usr/bin/env python3
"""Prints the mutation score of a Stryker.NET JSON report, overall and by folder of the core.

Usage: python3 tools/mutation/summary.py <run>/reports/mutation-report.json [<later run>/reports/mutation-report.json ...]

With several reports (a whole-core run, then runs of some files after tests were added), each file's mutants are
taken from the last report that mutated that file: adding tests can only turn survivors into kills, so the
combination is what a whole run of the newest tests would give (bar timeouts). Each report is named with the files
it contributed.

The score is Stryker's: detected (killed or timed out) over detected, survived and not covered; mutants that did not
compile or were ignored (with a reason, in stryker-config.json or a `// Stryker disable` comment) are not counted.
Then it lists every surviving and uncovered mutant: file, line, mutator and replacement.
"""
import json
import sys
from collections import defaultdict

DETECTED = {"Killed", "Timeout"}
UNDETECTED = {"Survived", "NoCoverage"}


def folder(path):
    part = path.replace("\\", "/").split("src/Fluents.Settings.Core/")[-1]
    return part.split("/")[0] if "/" in part else "(root)"


def tested(source):
    """Whether a report really ran this file's mutants (a run restricted by --mutate lists the others as ignored)."""
    return any(m["status"] not in ("Ignored", "CompileError") for m in source["mutants"])


def main(report_paths):
    files = {}
    for report_path in report_paths:
        with open(report_path, encoding="utf-8") as stream:
            report = json.load(stream)
        taken = [path for path, source in report["files"].items() if path not in files or tested(source)]
        for path in taken:
            files[path] = report["files"][path]
        if len(report_paths) > 1:
            print(f"{report_path}: {len(taken)} files")
    counts = defaultdict(lambda: defaultdict(int))
    undetected = []
    for path, source in sorted(files.items()):
        for mutant in source["mutants"]:
            status = mutant["status"]
            for key in (folder(path), "overall"):
                counts[key][status] += 1
            if status in UNDETECTED:
                line = mutant["location"]["start"]["line"]
                replacement = " ".join(mutant.get("replacement", "").split())[:90]
                undetected.append(f"  {status:10} {path.split('Fluents.Settings.Core/')[-1]}:{line} {mutant['mutatorName']}: {replacement}")

    print(f"{'folder':16} {'score':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'no cov.':>7} {'ignored':>7} {'no comp.':>8}")
    for key in sorted(counts, key=lambda k: (k == "overall", k)):
        c = counts[key]
        detected = sum(c[s] for s in DETECTED)
        valid = detected + sum(c[s] for s in UNDETECTED)
        score = f"{100 * detected / valid:6.2f}%" if valid else "    n/a"
        print(f"{key:16} {score:>7} {c['Killed']:7} {c['Timeout']:7} {c['Survived']:8} {c['NoCoverage']:7} {c['Ignored']:7} {c['CompileError']:8}")
    if undetected:
        print(f"\n{len(undetected)} mutants not detected:")
        print("\n".join(sorted(undetected)))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
