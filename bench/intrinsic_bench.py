#!/usr/bin/python3
"""Intrinsic quantization on the CPU: a matmul and a convolution whose every
product and partial sum is rounded (tq-expand-intrinsic), against the same
op unquantized, compiled by the same pipeline (tq-run: tq-cpu-pipeline,
LLVM -O3 JIT), in the same run.

Shapes: matmul 256x256 by 256x256 (tosa.matmul); convolution NHWC
1x32x32x32, 32 filters of 3x3, padding 1 (tosa.conv2d). Each tq-run call
runs the op on a batch of CALLS inputs (tq-run's batching) and reports its
run time; the figure is the best of R runs, per call.

Target (issue 7): fixed-point intrinsic quantization at most 4x the
unquantized op. The second line is the unquantized op with the loop order
tq-expand-intrinsic gives it (identity quantizers: the output's last
dimension innermost, vectorized), a second baseline.

usage: bench/intrinsic_bench.py [--repeat R] [--calls N]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
TQ_RUN = os.path.join(ROOT, "build", "bin", "tq-run")

MODELS = {
    "matmul 256x256x256": ("""
func.func @f(%a: tensor<1x256x256xf32>, %b: tensor<1x256x256xf32>) -> tensor<1x256x256xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x256x256xf32>, tensor<1x256x256xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x256x256xf32> loc("op")
  return %0 : tensor<1x256x256xf32>
}
""", [(1, 256, 256), (1, 256, 256)], 256 * 256 * 256),
    "conv 32x32x32, 3x3x32": ("""
func.func @f(%x: tensor<1x32x32x32xf32>, %w: tensor<32x3x3x32xf32>, %bias: tensor<32xf32>) -> tensor<1x32x32x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x32x32x32xf32>, tensor<32x3x3x32xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x32x32xf32> loc("op")
  return %0 : tensor<1x32x32x32xf32>
}
""", [(1, 32, 32, 32), (32, 3, 3, 32), (32,)], 32 * 32 * 32 * 9 * 32),
}

CONFIGS = [
    ("float (no quantization)", None),
    ("float, the loop order of intrinsic", '"none"'),
    ("fixed: product 16,8 / sum 32,16", '["fixed,16,8", "fixed,32,16"]'),
    ("fixed: nearest,8,4 both", '"nearest,8,4"'),
    ("fixed: 16,8 / 32,16, blocks of 8", '["fixed,16,8", "fixed,32,16"]} intrinsic-block=8 {'),
    ("float: fp8_e4m3 / fp16", '["fp8_e4m3", "fp16"]'),
    ("float: bf16 both", '"bf16"'),
    ("stochastic,16,8 both", '"stochastic,16,8"'),
]


def run(model, inputs, quantize):
    cmd = [TQ_RUN, model] + sum((["-i", i] for i in inputs), [])
    if quantize:
        # A configuration may close the map and add options ("} opt {").
        cmd += ["--quantize", ('intrinsic={"op": %s}' % quantize).replace(" {}", "")]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    m = re.search(r"ran in ([0-9.]+) s \((\d+) calls?\)", out.stderr)
    return float(m.group(1)) / int(m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--calls", type=int, default=4)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print(f"{'op':24} {'configuration':34} {'ms/call':>9} {'GMAC/s':>7} "
          f"{'ratio':>6} {'ratio2':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (text, shapes, macs) in MODELS.items():
            model = os.path.join(tmp, "model.mlir")
            with open(model, "w") as f:
                f.write(text)
            inputs = []
            for i, shape in enumerate(shapes):
                # The first input is a batch of --calls; the others repeat.
                full = (shape[0] * args.calls,) + shape[1:] if i == 0 else shape
                path = os.path.join(tmp, f"in{i}.npy")
                np.save(path, rng.uniform(-1, 1, full).astype(np.float32))
                inputs.append(path)
            times = []
            for label, q in CONFIGS:
                t = min(run(model, inputs, q) for _ in range(args.repeat))
                times.append(t)
                ratio2 = f"{t / times[1]:6.2f}" if len(times) > 1 else ""
                print(f"{name:24} {label:34} {t * 1e3:9.2f} {macs / t / 1e9:7.2f} "
                      f"{t / times[0]:6.2f} {ratio2:>6}", flush=True)
    print("ratio: time per call against the unquantized op in the same run "
          "(target for fixed point: <= 4); ratio2: against the unquantized op "
          "in the intrinsic loop order")


if __name__ == "__main__":
    main()
