#!/usr/bin/env python3
"""Prints the pass/fail counts of JUnit XML result files (lit's and
GoogleTest's) and exits non-zero when a test failed or a file is missing."""

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


def main(paths):
    total = [0, 0, 0]
    ok = True
    print("== summary")
    for name, path in zip(["lit", "unit"], paths):
        try:
            p, f, s = counts(path)
        except (OSError, ET.ParseError) as e:
            print(f"{name:5} no results ({e})")
            ok = False
            continue
        print(f"{name:5} {p} passed, {f} failed, {s} skipped")
        total = [t + c for t, c in zip(total, (p, f, s))]
        ok &= f == 0
    print(f"TOTAL {total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 0 if ok and total[0] > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
