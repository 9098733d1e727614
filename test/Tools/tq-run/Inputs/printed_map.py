"""Reads tq-run's "calibrated ... -> QUANTIZER" lines (standard input) and
prints the map they describe: {"activations": {op: q}, "weights": {op: q}},
for a run with match=exact."""
import json
import re
import sys

maps = {"activations": {}, "weights": {}}
for line in sys.stdin:
    m = re.match(r"tq-run: calibrated \(.*?\) (activations|weights) of '(.*)': .* -> (.*)$",
                 line.rstrip("\n"))
    if m:
        maps[m.group(1)][m.group(2)] = m.group(3)
print(json.dumps(maps))
