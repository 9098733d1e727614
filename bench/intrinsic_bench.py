#!/usr/bin/python3
"""Intrinsic quantization on the CPU: a matmul and a convolution whose every
product and partial sum is rounded (tq-expand-intrinsic), against the same
op unquantized, compiled by the same pipeline (tq-run: tq-cpu-pipeline,
LLVM -O3 JIT), in rounds: each round runs every configuration once, in
turn, and a configuration's ratio in a round is its time over the
baseline's in that round; the table gives the median of the per-round
ratios with their [min, max].

Shapes: matmul 256x256 by 256x256 (tosa.matmul); convolution NHWC
1x32x32x32, 32 filters of 3x3, padding 1 (tosa.conv2d). Each tq-run call
runs the op on a batch of CALLS inputs (tq-run's batching) and reports its
run time per call (compilation excluded).

Targets (issue 21): deterministic formats at most 4x, stochastic at most
10x the unquantized op in the same loop order: the second configuration,
the op with identity quantizers (tq-expand-intrinsic's loop order: the
output's last dimension innermost, vectorized), is that baseline (ratio2).
ratio is against the op as tq-cpu-pipeline compiles it unquantized (a
convolution as register tiles, tq-vectorize-convolutions).

usage: bench/intrinsic_bench.py [--rounds R] [--calls N]
"""

import argparse
import os
import re
import statistics
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
    # Operands quantized to fp16 first (known formats): a fused model with
    # an fp16 accumulator forms its sums in f32 (docs/intrinsic.md). Only
    # the configurations named in ONLY run on it.
    "matmul, fp16 operands": ("""
func.func @f(%a0: tensor<1x256x256xf32>, %b0: tensor<1x256x256xf32>) -> tensor<1x256x256xf32> {
  %a = tq.quantize %a0 : tensor<1x256x256xf32> with #tq.float<exp = 5, man = 10>
  %b = tq.quantize %b0 : tensor<1x256x256xf32> with #tq.float<exp = 5, man = 10>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x256x256xf32>, tensor<1x256x256xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x256x256xf32> loc("op")
  return %0 : tensor<1x256x256xf32>
}
""", [(1, 256, 256), (1, 256, 256)], 256 * 256 * 256),
}
ONLY = {"matmul, fp16 operands": ["float (no quantization)",
                                  "float, the loop order of intrinsic",
                                  "mac: fma-fp16 (fused)"]}

CONFIGS = [
    ("float (no quantization)", None),
    ("float, the loop order of intrinsic", '"none"'),
    ("fixed: product 16,8 / sum 32,16", '["fixed,16,8", "fixed,32,16"]'),
    ("fixed: nearest,8,4 both", '"nearest,8,4"'),
    ("fixed: 16,8 / 32,16, blocks of 8", '["fixed,16,8", "fixed,32,16"]} intrinsic-block=8 {'),
    ("float: fp8_e4m3 / fp16", '["fp8_e4m3", "fp16"]'),
    ("float: bf16 both", '"bf16"'),
    ("stochastic,16,8 both", '"stochastic,16,8"'),
    # Multiply-accumulate models (#tq.mac, issue 22): the chunked model
    # against the plain one with the same accumulator.
    ("mac: bf16 accumulator", '["none", "bf16"]'),
    ("mac: bf16 chunks of 32, fp32 outer",
     '{"accumulator": "bf16", "chunk": 32, "outer": "fp32"}'),
    ("mac: fma-fp16 (fused)", '"fma-fp16"'),
    ("mac: int8-int32 (wide)", '"int8-int32"'),
    ("mac: fp8-tensor-core (aligned)", '"fp8-tensor-core"'),
    ("mac: fp8-tensor-core-promoted", '"fp8-tensor-core-promoted"'),
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


def spread(xs, fmt):
    return (fmt % statistics.median(xs) + " [" + fmt % min(xs) + ", " +
            fmt % max(xs) + "]")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=32)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for n, (name, (text, shapes, macs)) in enumerate(MODELS.items()):
            model = os.path.join(tmp, f"model{n}.mlir")
            with open(model, "w") as f:
                f.write(text)
            inputs = []
            for i, shape in enumerate(shapes):
                # The first input is a batch of --calls; the others repeat.
                full = (shape[0] * args.calls,) + shape[1:] if i == 0 else shape
                path = os.path.join(tmp, f"in{n}_{i}.npy")
                np.save(path, rng.uniform(-1, 1, full).astype(np.float32))
                inputs.append(path)
            cases.append((name, model, inputs, macs))
        t = {}
        for r in range(args.rounds):
            for name, model, inputs, _ in cases:
                for label, q in CONFIGS:
                    if label in ONLY.get(name, [label]):
                        t.setdefault((name, label), []).append(run(model, inputs, q))
            print(f"round {r + 1}/{args.rounds} done (load average "
                  f"{os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
    print(f"{'op':24} {'configuration':38} {'ms/call':>20} {'GMAC/s':>7} "
          f"{'ratio':>20} {'ratio2':>20}")
    for name, _, _, macs in cases:
        base, base2 = t[(name, CONFIGS[0][0])], t[(name, CONFIGS[1][0])]
        for label, _ in CONFIGS:
            if (name, label) not in t:
                continue
            xs = t[(name, label)]
            r1 = [x / b for x, b in zip(xs, base)]
            r2 = [x / b for x, b in zip(xs, base2)]
            print(f"{name:24} {label:38} {spread([x * 1e3 for x in xs], '%.2f'):>20} "
                  f"{macs / statistics.median(xs) / 1e9:7.2f} "
                  f"{spread(r1, '%.2f'):>20} {spread(r2, '%.2f'):>20}")
    # Issue 22: the chunked model should cost no more than the plain one
    # with the same accumulator (their per-round ratio).
    plain, chunked = "mac: bf16 accumulator", "mac: bf16 chunks of 32, fp32 outer"
    for name, _, _, _ in cases:
        if (name, plain) not in t:
            continue
        r = [c / p for c, p in zip(t[(name, chunked)], t[(name, plain)])]
        print(f"{name:24} {'chunked / plain (same accumulator)':38} "
              f"{'':>20} {'':>7} {spread(r, '%.2f'):>20}")
    print("median [min, max] over the rounds; ratio: time per call against the "
          "unquantized op in the same round; ratio2: against the unquantized op "
          "in the intrinsic loop order (targets: deterministic <= 4, "
          "stochastic <= 10)")


if __name__ == "__main__":
    main()
