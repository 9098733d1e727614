#!/usr/bin/env python3
"""Scale benchmark of reading a quantizer map (issue 17: 100,000 entries in
well under a second; the reader used to be quadratic).

Writes a combined map file with N activations entries, one per line
(`{"activations": {"layer_0": "nearest,8,4", ...}}`, the layout TensorQuant's
json.dump writes), and a one-op TOSA module, then times (`--repeat` rounds,
each running every case once, interleaved; median and spread)

  tq-opt net.mlir --tq-insert=map-file=MAP -o /dev/null --mlir-timing

two ways:
  read    the last entry's quantizer is invalid: tq-opt reads and checks
          the whole map (JSON, every quantizer string, every location) and
          stops at that entry with one error, which the script checks names
          the last line: the time of reading alone;
  insert  the valid map: reading, matching, and one "matched no op" warning
          per unmatched entry (all but none here; the warnings go to a pipe
          and are counted).
The wall time is the whole command; "tq-insert s" the pass alone.

Usage: bench/map_scale.py [--entries N] [--repeat R] [--tq-opt build/bin/tq-opt]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

MODULE = """func.func @f(%a: tensor<1x2x8xf32>) -> tensor<1x2x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x8x3xf32>}> : () -> tensor<1x8x3xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("dense")
  return %0 : tensor<1x2x3xf32>
}
"""

QUANTIZERS = ["nearest,8,4", "fp8_e4m3", "bf16", "stochastic,12,8", "fp4_e2m1",
              "mxfp8_e4m3", "ternary", "nearest_even,16,8"]


def write_map(path, n, bad_last=False):
    with open(path, "w") as f:
        f.write('{"activations": {\n')
        for k in range(n):
            sep = "," if k + 1 < n else ""
            q = QUANTIZERS[k % len(QUANTIZERS)]
            if bad_last and k + 1 == n:
                q = "nearest,8,x"
            f.write(f'  "layer_{k}": "{q}"{sep}\n')
        f.write("}}\n")


def run_once(tq_opt, module, mp, expect_error=None):
    """Wall seconds of one tq-opt run, and tq-insert's own seconds."""
    t0 = time.perf_counter()
    r = subprocess.run([tq_opt, module, f"--tq-insert=map-file={mp}",
                        "-o", os.devnull, "--mlir-timing",
                        "--mlir-timing-display=list"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    dt = time.perf_counter() - t0
    if expect_error is not None:
        if r.returncode == 0 or expect_error not in r.stderr:
            sys.exit(f"expected '{expect_error}', got: {r.stderr[:2000]}")
    elif r.returncode != 0:
        sys.exit("tq-opt failed: " + "\n".join(
            l for l in r.stderr.splitlines() if "error" in l)[:2000])
    m = re.search(r"^\s*([0-9.]+)\s+\(\s*[0-9.]+%\)\s+TQInsert\s*$",
                  r.stderr, re.M)
    return dt, float(m.group(1)) if m else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tq-opt", default=os.path.join(
        os.path.dirname(__file__), "..", "build", "bin", "tq-opt"))
    a = ap.parse_args()
    n = a.entries

    with tempfile.TemporaryDirectory() as d:
        module = os.path.join(d, "net.mlir")
        with open(module, "w") as f:
            f.write(MODULE)
        # The runs of a round, interleaved: the 1-entry map is the baseline
        # (tq-opt's start-up and the module), run in the same round as the
        # big one.
        runs = []
        for k in (1, n):
            bad = os.path.join(d, f"bad{k}.json")
            write_map(bad, k, bad_last=True)
            # The error is on line k + 1, in the string's last character.
            runs.append(("read", k, bad, f"bad{k}.json:{k + 1}:"))
            mp = os.path.join(d, f"map{k}.json")
            write_map(mp, k)
            runs.append(("insert", k, mp, None))
        times = {(kind, k): [] for kind, k, _, _ in runs}
        passes = {(kind, k): [] for kind, k, _, _ in runs}
        for _ in range(a.repeat):
            for kind, k, path, expect in runs:
                dt, p = run_once(a.tq_opt, module, path, expect)
                times[(kind, k)].append(dt)
                passes[(kind, k)].append(p)

        med = statistics.median
        print(f"{a.repeat} rounds; wall seconds median [min, max]; the ratio "
              f"is the median over rounds of wall(N) / wall(1) in the round")
        print(f"{'run':<8}{'entries':>9}{'file MB':>9}{'wall s':>10}"
              f"{'[min, max]':>18}{'tq-insert s':>13}{'x 1-entry':>11}")
        for kind, k, path, _ in runs:
            t = times[(kind, k)]
            ratios = [x / b for x, b in zip(t, times[(kind, 1)])]
            print(f"{kind:<8}{k:>9}{os.path.getsize(path) / 1e6:>9.2f}"
                  f"{med(t):>10.3f}   [{min(t):.3f}, {max(t):.3f}]"
                  f"{med(passes[(kind, k)]):>13.4f}"
                  f"{med(ratios):>8.1f} [{min(ratios):.1f}, {max(ratios):.1f}]")


if __name__ == "__main__":
    main()
