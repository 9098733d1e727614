#!/usr/bin/env python3
"""Scale benchmark of naming + insertion (issue: 10,000-op module, 100-entry
map, well under a second).

Generates a TOSA module with N ops of interest (matmul + add + clamp + mul
blocks, every matmul with a constant weight) and a map with 100 entries per
role, then runs tq-opt three ways in the same session:

  baseline  parse + verify + print, no pass
  name      + tq-name-ops
  insert    + tq-name-ops + tq-insert (activations and weights maps)

and prints wall times (best of 5), the passes' own times from --mlir-timing,
and the ratio of each run to the baseline.

Usage: bench/insert_scale.py [--ops N] [--tq-opt build/bin/tq-opt]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def make_module(n_ops):
    lines = ["func.func @net(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {",
             '  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>',
             '  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>']
    cur = "%x"
    ops = 0
    i = 0
    while ops < n_ops:
        lines.append(f'  %w{i} = "tosa.const"() <{{values = dense<0.{i % 97 + 1}> : tensor<1x8x8xf32>}}> : () -> tensor<1x8x8xf32>')
        lines.append(f"  %m{i} = tosa.matmul {cur}, %w{i}, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>")
        lines.append(f"  %a{i} = tosa.add %m{i}, {cur} : (tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>")
        lines.append(f"  %c{i} = tosa.clamp %a{i} {{max_val = 6.0 : f32, min_val = 0.0 : f32}} : (tensor<1x4x8xf32>) -> tensor<1x4x8xf32>")
        lines.append(f"  %p{i} = tosa.mul %c{i}, %a{i}, %sh : (tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1xi8>) -> tensor<1x4x8xf32>")
        cur = f"%p{i}"
        ops += 4
        i += 1
    lines.append(f"  return {cur} : tensor<1x4x8xf32>")
    lines.append("}")
    return "\n".join(lines) + "\n", ops


def make_map(n_entries):
    # Specific names first (the first matching key wins), then broad ones.
    kinds = ["matmul", "add", "clamp", "mul"]
    quantizers = ["nearest,8,4", "fp8_e4m3", "bf16", "fixed,12,8,stochastic",
                  "fp4_e2m1", "pow2"]
    act, wts = {}, {}
    for k in range(n_entries - 1):
        name = f"{kinds[k % 4]}_{k * 37 % 2500}"
        act[name] = quantizers[k % len(quantizers)]
        wts[name] = quantizers[(k + 1) % len(quantizers)]
    act[""] = "fp16"
    wts["matmul"] = "nearest,8,6"
    return {"activations": act, "weights": wts}


def run(tq_opt, args, module_path, repeat=5):
    best = None
    timing = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run([tq_opt, module_path, *args, "-o", os.devnull,
                            "--mlir-timing", "--mlir-timing-display=list"],
                           capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            sys.exit(f"tq-opt failed: {r.stderr[:2000]}")
        if best is None or dt < best:
            best, timing = dt, r.stderr
    passes = {}
    for m in re.finditer(r"^\s*([0-9.]+)\s+\(\s*[0-9.]+%\)\s+(.+?)\s*$",
                         timing, re.M):
        passes[m.group(2)] = float(m.group(1))
    return best, passes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=10000)
    ap.add_argument("--entries", type=int, default=100)
    ap.add_argument("--tq-opt", default=os.path.join(
        os.path.dirname(__file__), "..", "build", "bin", "tq-opt"))
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as d:
        text, ops = make_module(a.ops)
        module = os.path.join(d, "net.mlir")
        open(module, "w").write(text)
        mp = os.path.join(d, "map.json")
        json.dump(make_map(a.entries), open(mp, "w"))
        print(f"module: {ops} ops of interest ({len(text.splitlines())} lines), "
              f"map: {a.entries} entries per role (activations, weights)")

        base, _ = run(a.tq_opt, [], module)
        name, pn = run(a.tq_opt, ["--tq-name-ops"], module)
        ins, pi = run(a.tq_opt, ["--tq-name-ops",
                                 f"--tq-insert=map-file={mp}"], module)
        print(f"{'run':<28}{'wall s':>10}{'ratio':>8}{'pass s':>10}")
        print(f"{'baseline (parse+print)':<28}{base:>10.3f}{1.0:>8.2f}{'':>10}")
        print(f"{'tq-name-ops':<28}{name:>10.3f}{name / base:>8.2f}"
              f"{pn.get('TQNameOps', 0):>10.4f}")
        t_ins = pi.get("TQNameOps", 0) + pi.get("TQInsert", 0)
        print(f"{'tq-name-ops + tq-insert':<28}{ins:>10.3f}{ins / base:>8.2f}"
              f"{t_ins:>10.4f}")
        print(f"naming + insertion, passes only: {t_ins:.3f} s "
              f"(target: well under 1 s)")


if __name__ == "__main__":
    main()
