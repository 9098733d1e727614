#!/usr/bin/env python3
"""Scale benchmark of reading a quantizer map (issue 17: 100,000 entries in
well under a second; the reader used to be quadratic).

Writes a combined map file with N activations entries, one per line
(`{"activations": {"layer_0": "nearest,8,4", ...}}`, the layout TensorQuant's
json.dump writes), and a one-op TOSA module, then times (best of `--repeat`)

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


def run(tq_opt, module, mp, repeat, expect_error=None):
    best, best_pass = None, None
    for _ in range(repeat):
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
        p = float(m.group(1)) if m else float("nan")
        if best is None or dt < best:
            best, best_pass = dt, p
    return best, best_pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tq-opt", default=os.path.join(
        os.path.dirname(__file__), "..", "build", "bin", "tq-opt"))
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as d:
        module = os.path.join(d, "net.mlir")
        with open(module, "w") as f:
            f.write(MODULE)
        print(f"{'run':<8}{'map entries':>12}{'file MB':>9}{'wall s':>10}"
              f"{'tq-insert s':>13}")
        for n in (1, a.entries):
            bad = os.path.join(d, f"bad{n}.json")
            write_map(bad, n, bad_last=True)
            # The error is on line n + 1, in the string's last character.
            wall, p = run(a.tq_opt, module, bad, a.repeat,
                          expect_error=f"bad{n}.json:{n + 1}:")
            print(f"{'read':<8}{n:>12}{os.path.getsize(bad) / 1e6:>9.2f}"
                  f"{wall:>10.3f}{p:>13.4f}")
            mp = os.path.join(d, f"map{n}.json")
            write_map(mp, n)
            wall, p = run(a.tq_opt, module, mp, a.repeat)
            print(f"{'insert':<8}{n:>12}{os.path.getsize(mp) / 1e6:>9.2f}"
                  f"{wall:>10.3f}{p:>13.4f}")


if __name__ == "__main__":
    main()
