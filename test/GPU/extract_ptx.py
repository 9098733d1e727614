#!/usr/bin/env python3
"""Prints the PTX of every kernel binary in a module lowered by
`tq-gpu-pipeline{format=isa}`, unescaped, each after a line
`// gpu.binary @NAME`, so that FileCheck can read it.

usage: extract_ptx.py < lowered.mlir
"""

import re
import sys


def main():
    text = sys.stdin.read()
    found = 0
    for m in re.finditer(r'gpu\.binary @(\S+)\s.*?assembly = "((?:[^"\\]|\\.)*)"',
                         text):
        ptx = re.sub(r"\\([0-9A-Fa-f]{2})", lambda h: chr(int(h.group(1), 16)),
                     m.group(2)).replace('\\\\', '\\')
        print(f"// gpu.binary @{m.group(1)}")
        print(ptx)
        found += 1
    if not found:
        sys.exit("extract_ptx.py: no gpu.binary with PTX (format=isa) found")


if __name__ == "__main__":
    main()
