#!/usr/bin/env python3
"""Prints the pass/fail counts of JUnit XML result files (lit's, GoogleTest's
and, when given, scripts/fuzz.sh's and scripts/slurm/check.sh's) and exits
non-zero when a test failed or a file is missing.
Usage: summary.py lit=LIT.xml unit=UNIT.xml [python=PY.xml] [fuzz=FUZZ.xml]
                  [slurm=SLURM.xml]"""

import sys
import xml.etree.ElementTree as ET


def counts(path):
    root = ET.parse(path).getroot()
    cases = root.iter("testcase")
    passed = failed = skipped = 0
    for case in cases:
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None or case.get("result") == "skipped":
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def skipped_reason(path):
    return ET.parse(path).getroot().find(".//skipped").get("message", "")


def fuzz_line(path, passed, failed, skipped):
    """One fuzz case per target: failed = found a crash, hang or leak."""
    if skipped and not passed and not failed:
        return f"fuzz  skipped: {skipped_reason(path)}"
    ran = passed + failed
    found = f"{failed} found a crash" if failed else "none found a crash"
    return f"fuzz  {ran} targets ran, {found}"


def main(paths):
    total = [0, 0, 0]
    ok = True
    print("== summary")
    for arg in paths:
        name, _, path = arg.partition("=")
        try:
            p, f, s = counts(path)
        except (OSError, ET.ParseError) as e:
            print(f"{name:5} no results ({e})")
            ok = False
            continue
        if name == "fuzz":
            print(fuzz_line(path, p, f, s))
            for case in ET.parse(path).getroot().iter("testcase"):
                failure = case.find("failure")
                if failure is not None:
                    print(f"      fuzz-{case.get('name')}: {failure.get('message')}")
        elif name in ("slurm", "python") and s and not p and not f:
            print(f"{name:5} skipped: {skipped_reason(path)}")
        else:
            print(f"{name:5} {p} passed, {f} failed, {s} skipped")
            for case in ET.parse(path).getroot().iter("testcase"):
                failure = case.find("failure")
                if name == "slurm" and failure is not None:
                    print(f"      {failure.get('message')}")
        total = [t + c for t, c in zip(total, (p, f, s))]
        ok &= f == 0
    print(f"TOTAL {total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 0 if ok and total[0] > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
