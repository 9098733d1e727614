#!/usr/bin/env python3
"""CPU benchmarks of compiled quantizers (tq-cpu-pipeline, mlir-runner -O3).

1. Throughput: every quantizer family over an array of N f32 elements
   (default 64M), next to a plain copy loop compiled the same way, in the
   same process: in each of R rounds every kernel runs once, in turn
   (interleaved), each writing into a preallocated output. A kernel's ratio
   in a round is the copy's time in that round / its own; printed: the
   median of the per-round ratios with their [min, max], and G elements/s
   from the median time, on one thread and with threads=true (OpenMP, all
   cores).
2. Whole network: a corpus conv net (torchvision ResNet-18 via torch-mlir,
   CIFAR-size input) float against the same network with activations and
   weights quantized everywhere (weights folded at compile time), both in
   one module, called alternately: per round the quantized time / the
   float time; the median ratio with its [min, max] and the median times.

The load average before and after each part is printed with the figures:
the machines are shared, and the spread is theirs.

usage: bench/cpu_bench.py [--elements N] [--rounds R] [--skip-network]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
LLVM = "/usr/lib/llvm-22"
TQ_OPT = os.path.join(ROOT, "build", "bin", "tq-opt")
LIBS = [f"{LLVM}/lib/libmlir_c_runner_utils.so", f"{LLVM}/lib/libmlir_runner_utils.so"]
OMP = f"{LLVM}/lib/libomp.so"

FAMILIES = [
    ("copy loop", "copy-loop"),
    ("memcpy (idiom)", None),
    ("fixed nearest,8,4", "nearest,8,4"),
    ("fixed 16-bit wrap", "fixed,16,8,wrap"),
    ("fixed stochastic,8,4", "stochastic,8,4"),
    ("fp8_e4m3", "fp8_e4m3"),
    ("fp8_e5m2 stochastic", "fp8_e5m2,stochastic"),
    ("fp16", "fp16"),
    ("bf16", "bf16"),
    ("fp4_e2m1", "fp4_e2m1"),
    ("pow2 (logarithmic)", "logarithmic"),
    ("binary", "binary"),
    ("ternary,1,0.5", "ternary,1,0.5"),
    ("ternary (auto)", "ternary"),
    ("sparse,0.1", "sparse,0.1"),
    ("affine,8,0.05,3", "affine,8,0.05,3"),
    ("mxfp8", "mxfp8"),
    ("mxfp4", "mxfp4"),
    ("mxint8", "mxint8"),
    ("bfp,8", "bfp,8"),
]


def kernel_func(k, spec, t, m, view=None, in_place=False):
    """@k<k>(%xm, %om): reads memref `m` (of tensor type `t`), writes its
    result into %om. `spec`: a quantizer string, "copy-loop" (x + 0.0, a
    copy LLVM cannot turn into memcpy), "max-copy-loop" (a pass for max |x|
    first, then the copy loop: the traffic of a whole-tensor statistic) or
    None (a pure copy). With `view`
    (a tensor type of the same elements), the quantizer sees that shape:
    reshaped as tensors (the result bufferizes to a new buffer per call,
    then a copy into %om), or with `in_place` as memref views of %xm and
    %om (the result written straight into %om)."""
    # noinline: the kernels must really run (their outputs are not read).
    lines = [f"func.func @k{k}(%xm: {m}, %om: {m}) attributes {{passthrough = [\"noinline\"]}} {{"]
    if view and in_place and spec not in ("copy-loop", None):
        dims = view[len("tensor<"):].split("x")[:-1]
        m2 = "memref<" + "x".join(dims) + "xf32>"
        seed = " seed(1)" if "stochastic" in spec else ""
        for v in ("x", "o"):
            lines.append(f"  %{v}m2 = memref.expand_shape %{v}m [[0, 1]] output_shape [{', '.join(dims)}] : {m} into {m2}")
        lines.append(f"  %x2 = bufferization.to_tensor %xm2 restrict : {m2} to {view}")
        lines.append(f'  %v2 = tq.quantize %x2 : {view} with "{spec}"{seed}')
        lines.append(f"  bufferization.materialize_in_destination %v2 in restrict writable %om2 : ({view}, {m2}) -> ()")
        lines.append("  return")
        lines.append("}")
        return lines
    if spec == "max-copy-loop":
        # The memory traffic of a format with a whole-tensor statistic (two
        # passes): max |x| over the tensor (bits, 64 lanes), then the copy
        # loop, which adds max * 0 so that the first pass stays.
        n = int(t[len("tensor<"):].split("x")[0])
        lines += [
            "  %mc0 = arith.constant 0 : index",
            "  %mc64 = arith.constant 64 : index",
            f"  %mn = arith.constant {n} : index",
            "  %mf0 = arith.constant 0.0 : f32",
            "  %mmask = arith.constant dense<2147483647> : vector<64xi32>",
            "  %minit = arith.constant dense<0> : vector<64xi32>",
            "  %macc = scf.for %mi = %mc0 to %mn step %mc64 iter_args(%ma = %minit) -> (vector<64xi32>) {",
            f"    %mv = vector.transfer_read %xm[%mi], %mf0 {{in_bounds = [true]}} : {m}, vector<64xf32>",
            "    %mb = arith.bitcast %mv : vector<64xf32> to vector<64xi32>",
            "    %mm = arith.andi %mb, %mmask : vector<64xi32>",
            "    %mr = arith.maxui %ma, %mm : vector<64xi32>",
            "    scf.yield %mr : vector<64xi32>",
            "  }",
            "  %mred = vector.reduction <maxui>, %macc : vector<64xi32> into i32",
            "  %mx = arith.bitcast %mred : i32 to f32",
            "  %mz = arith.mulf %mx, %mf0 : f32",
        ]
    lines.append(f"  %x = bufferization.to_tensor %xm restrict : {m} to {t}")
    if spec in ("copy-loop", "max-copy-loop", None):
        lines.append(f"  %e = tensor.empty() : {t}")
        lines.append(f"  %v = linalg.generic {{indexing_maps = [#id, #id], iterator_types = [\"parallel\"]}} ins(%x : {t}) outs(%e : {t}) {{")
        lines.append("  ^bb0(%a: f32, %b: f32):")
        if spec == "copy-loop":
            # -0 + 0 = +0: not a copy to LLVM, compiled like the quantizers.
            lines.append("    %z = arith.constant 0.0 : f32")
            lines.append("    %s = arith.addf %a, %z : f32")
            lines.append("    linalg.yield %s : f32")
        elif spec == "max-copy-loop":
            lines.append("    %s = arith.addf %a, %mz : f32")
            lines.append("    linalg.yield %s : f32")
        else:
            lines.append("    linalg.yield %a : f32")
        lines.append(f"  }} -> {t}")
    else:
        seed = " seed(1)" if "stochastic" in spec else ""
        if view:
            dims = view[len("tensor<"):].split("x")[:-1]
            lines.append(f"  %x2 = tensor.expand_shape %x [[0, 1]] output_shape [{', '.join(dims)}] : {t} into {view}")
            lines.append(f'  %v2 = tq.quantize %x2 : {view} with "{spec}"{seed}')
            lines.append(f"  %v = tensor.collapse_shape %v2 [[0, 1]] : {view} into {t}")
        else:
            lines.append(f'  %v = tq.quantize %x : {t} with "{spec}"{seed}')
    lines.append(f"  bufferization.materialize_in_destination %v in restrict writable %om : ({t}, {m}) -> ()")
    lines.append("  return")
    lines.append("}")
    return lines


def main_prologue(m, magnitudes=False):
    """The start of @main: %x and %out of memref type `m`, %x filled with
    (i mod 1021) * 0.01 - 5.1 (with `magnitudes`, times 2^((i / 1021) mod
    16 - 8): every magnitude class the block formats scale), and the index
    constants %c0, %c1."""
    body = ["    %i = linalg.index 0 : index",
            "    %c = arith.constant 1021 : index",
            "    %r = arith.remui %i, %c : index",
            "    %ri = arith.index_cast %r : index to i32",
            "    %f = arith.sitofp %ri : i32 to f32",
            "    %s = arith.constant 0.01 : f32",
            "    %h = arith.constant 5.1 : f32",
            "    %a = arith.mulf %f, %s : f32",
            "    %b = arith.subf %a, %h : f32"]
    if magnitudes:
        body += ["    %q = arith.divui %i, %c : index",
                 "    %c16 = arith.constant 16 : index",
                 "    %qm = arith.remui %q, %c16 : index",
                 "    %qi = arith.index_cast %qm : index to i32",
                 "    %c8 = arith.constant 8 : i32",
                 "    %ei = arith.subi %qi, %c8 : i32",
                 "    %ef = arith.sitofp %ei : i32 to f32",
                 "    %p = math.exp2 %ef : f32",
                 "    %v = arith.mulf %b, %p : f32",
                 "    linalg.yield %v : f32"]
    else:
        body += ["    linalg.yield %b : f32"]
    return (["func.func @main() {",
             f"  %x = memref.alloc() {{alignment = 64 : i64}} : {m}",
             f"  %out = memref.alloc() {{alignment = 64 : i64}} : {m}",
             f"  linalg.generic {{indexing_maps = [#id], iterator_types = [\"parallel\"]}} outs(%x : {m}) {{",
             "  ^bb0(%o: f32):"] + body +
            ["  }",
             "  %c0 = arith.constant 0 : index",
             "  %c1 = arith.constant 1 : index"])


def interleaved_module(n, rounds, specs, cols=None, in_place=False,
                       extra=()):
    """@main runs `rounds` rounds; in each, the copy loop (kernel 0), then
    one kernel per quantizer string of `specs` (or "copy-loop",
    "max-copy-loop", None: see kernel_func), then the `extra` kernels
    ((declarations, body) pairs whose body reads %xm and writes %om), each
    once, printing its seconds (round-major). With `cols`, the quantizers
    see the data as rows of `cols` elements."""
    t = f"tensor<{n}xf32>"
    m = f"memref<{n}xf32>"
    lines = ["#id = affine_map<(d0) -> (d0)>",
             "func.func private @rtclock() -> f64"]
    for decls, _ in extra:
        lines += decls
    view = f"tensor<{n // cols}x{cols}xf32>" if cols else None
    kernels = ["copy-loop"] + list(specs)
    for k, spec in enumerate(kernels):
        lines += kernel_func(k, spec, t, m, view, in_place)
    for e, (_, body) in enumerate(extra):
        lines.append(f"func.func @k{len(kernels) + e}(%xm: {m}, %om: {m}) attributes {{passthrough = [\"noinline\"]}} {{")
        lines += ["  " + b for b in body]
        lines.append("  return")
        lines.append("}")
    count = len(kernels) + len(extra)
    lines += main_prologue(m, magnitudes=True)
    lines.append(f"  %cr = arith.constant {rounds} : index")
    # One warm-up call each.
    for k in range(count):
        lines.append(f"  call @k{k}(%x, %out) : ({m}, {m}) -> ()")
    lines.append("  scf.for %it = %c0 to %cr step %c1 {")
    for k in range(count):
        lines.append(f"    %t0_{k} = func.call @rtclock() : () -> f64")
        lines.append(f"    func.call @k{k}(%x, %out) : ({m}, {m}) -> ()")
        lines.append(f"    %t1_{k} = func.call @rtclock() : () -> f64")
        lines.append(f"    %d{k} = arith.subf %t1_{k}, %t0_{k} : f64")
        lines.append(f"    vector.print %d{k} : f64")
    lines.append("  }")
    lines.append("  return")
    lines.append("}")
    return "\n".join(lines) + "\n"


def interleaved_stats(out, count, rounds, base=0):
    """From the output of an interleaved @main (`count` times per round):
    per kernel, (median ratio, min, max, median seconds), the ratio being
    kernel `base`'s time in the same round / the kernel's."""
    times = [float(v) for v in out.split()]
    if len(times) != count * rounds:
        sys.exit(f"expected {count * rounds} times, got {len(times)}")
    rows = [times[r * count:(r + 1) * count] for r in range(rounds)]
    stats = []
    for k in range(count):
        ratios = [row[base] / row[k] for row in rows]
        stats.append((statistics.median(ratios), min(ratios), max(ratios),
                      statistics.median(row[k] for row in rows)))
    return stats


def load_average():
    """The 1-minute load average and the core count, as printed text."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def run_module(text, threads, extra_libs=(), pipeline=None):
    """Lowers `text` (by tq-cpu-pipeline, or the `pipeline` option given),
    runs its @main with mlir-runner and returns what it printed."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "m.mlir")
        open(src, "w").write(text)
        opt = pipeline or f"--tq-cpu-pipeline=threads={'true' if threads else 'false'}"
        lowered = subprocess.run([TQ_OPT, src, opt], capture_output=True, text=True)
        if lowered.returncode:
            sys.exit(lowered.stderr[:3000])
        libs = LIBS + ([OMP] if threads else []) + list(extra_libs)
        r = subprocess.run([f"{LLVM}/bin/mlir-runner", "-e", "main",
                            "--entry-point-result=void", "-O3",
                            "--shared-libs=" + ",".join(libs)],
                           input=lowered.stdout, capture_output=True, text=True)
        if r.returncode:
            sys.exit(r.stderr[:3000])
        return r.stdout


def throughput(n, rounds):
    specs = [spec for _, spec in FAMILIES[1:]]
    text = interleaved_module(n, rounds, specs)
    count = len(FAMILIES)
    print(f"Throughput over {n} f32 elements ({n * 4 >> 20} MiB in, "
          f"{n * 4 >> 20} MiB out), {rounds} interleaved rounds; 1 thread and "
          f"{os.cpu_count()} threads (OpenMP); {load_average()} before")
    results = {}
    for threads in (False, True):
        results[threads] = interleaved_stats(run_module(text, threads),
                                             count, rounds)
    print("ratio: the copy loop's time / the kernel's in the same round, "
          "median [min, max] over the rounds (the copy loop is compiled by the "
          "same pipeline; memcpy, which LLVM substitutes for a pure copy loop "
          "and which uses non-temporal stores, is shown for reference); "
          "Gel/s from the median time")
    print(f"{'kernel':<24}{'1T Gel/s':>10}{'1T ratio':>20}{'MT Gel/s':>10}{'MT ratio':>20}")
    for k, (name, _) in enumerate(FAMILIES):
        row = f"{name:<24}"
        for threads in (False, True):
            ratio, lo, hi, t = results[threads][k]
            row += f"{n / t / 1e9:>10.3f}{ratio:>8.2f} [{lo:.2f}, {hi:.2f}]"
        print(row)
    print(f"{load_average()} after")
    return results


def varied_weights(text):
    """The corpus ResNet-18's weights are splat constants, which LLVM can
    exploit (a splat of zero, as several become when quantized, makes a
    convolution 4x faster on the GPU). This replaces every splat f32 tensor
    constant dense<c> by a tensor computed at run time from its indices,
    c * (h mod 97) / 48 with h = 7 i0 + 13 i1 + 17 i2 + 19 i3 (mean about c),
    so that no weight is known at compile time."""
    primes = [7, 13, 17, 19]
    out = []
    pattern = re.compile(r"^(\s*)(%[\w]+) = arith\.constant dense<([-+0-9.eE]+)> : "
                         r"tensor<((?:\d+x)+)f32>\s*$")
    for k, line in enumerate(text.splitlines()):
        m = pattern.match(line)
        if not m:
            out.append(line)
            continue
        ind, name, value, dims = m.groups()
        shape = f"tensor<{dims}f32>"
        rank = dims.count("x")
        ds = ", ".join(f"d{i}" for i in range(rank))
        iters = ", ".join(['"parallel"'] * rank)
        body = [f"{ind}%vw_e{k} = tensor.empty() : {shape}",
                f"{ind}{name} = linalg.generic {{indexing_maps = [affine_map<({ds}) -> ({ds})>], "
                f"iterator_types = [{iters}]}} outs(%vw_e{k} : {shape}) {{",
                f"{ind}^bb0(%vw_o: f32):",
                f"{ind}  %vw_h0 = arith.constant 0 : index"]
        for i in range(rank):
            body += [f"{ind}  %vw_i{i} = linalg.index {i} : index",
                     f"{ind}  %vw_p{i} = arith.constant {primes[i % 4]} : index",
                     f"{ind}  %vw_m{i} = arith.muli %vw_i{i}, %vw_p{i} : index",
                     f"{ind}  %vw_h{i + 1} = arith.addi %vw_h{i}, %vw_m{i} : index"]
        body += [f"{ind}  %vw_97 = arith.constant 97 : index",
                 f"{ind}  %vw_r = arith.remui %vw_h{rank}, %vw_97 : index",
                 f"{ind}  %vw_ri = arith.index_cast %vw_r : index to i32",
                 f"{ind}  %vw_rf = arith.sitofp %vw_ri : i32 to f32",
                 f"{ind}  %vw_s = arith.constant {float(value) / 48.0!r} : f32",
                 f"{ind}  %vw_v = arith.mulf %vw_rf, %vw_s : f32",
                 f"{ind}  linalg.yield %vw_v : f32",
                 f"{ind}}} -> {shape}"]
        out += body
    return "\n".join(out) + "\n"


def network_text(varied=False):
    """The corpus ResNet-18 (nelli, linalg, 1x3x32x32 -> 1x1000), with
    `varied`: weights computed at run time (varied_weights) instead of the
    corpus file's splat constants."""
    src = os.path.join(ROOT, "test", "Corpus", "Inputs", "linalg", "nelli_resnet18.mlir")
    text = open(src).read()
    return varied_weights(text) if varied else text


def function_text(module_text, name):
    """The text of `func.func @name` in a module printed by tq-opt (two
    spaces of indentation, closed by a line "  }")."""
    lines = module_text.splitlines()
    begin = next(i for i, l in enumerate(lines)
                 if l.startswith(f"  func.func @{name}("))
    end = next(i for i in range(begin + 1, len(lines)) if lines[i] == "  }")
    return "\n".join(lines[begin:end + 1])


def alternating_network_module(network, rounds):
    """One module with the float @forward and the quantized @forward_q
    (tq-insert of the same network), and a @main that calls them
    alternately, `rounds` times after a warm-up call each, printing the
    seconds of each call (float, quantized, per round). Printed by tq-opt
    without aliases, so that the two functions' texts combine."""
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "net.mlir")
        open(f, "w").write(network)
        texts = []
        for extra in ([], ["--tq-name-ops", "--tq-insert=activations=fp8_e4m3 weights=nearest,8,6"]):
            r = subprocess.run([TQ_OPT, f, *extra, "--mlir-print-local-scope"],
                               capture_output=True, text=True)
            if r.returncode:
                sys.exit(r.stderr[:2000])
            texts.append(r.stdout)
    floatf = function_text(texts[0], "forward")
    quant = function_text(texts[1], "forward").replace(
        "func.func @forward(", "func.func @forward_q(", 1)
    nq = quant.count("tq.quantize ")
    x = "tensor<1x3x32x32xf32>"
    y = "tensor<1x1000xf32>"
    main = f"""  func.func private @rtclock() -> f64
  func.func @main() {{
    %x = arith.constant dense<0.25> : {x}
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %cr = arith.constant {rounds} : index
    %w0 = call @forward(%x) : ({x}) -> {y}
    %w1 = call @forward_q(%x) : ({x}) -> {y}
    scf.for %it = %c0 to %cr step %c1 {{
      %t0 = func.call @rtclock() : () -> f64
      %r0 = func.call @forward(%x) : ({x}) -> {y}
      %t1 = func.call @rtclock() : () -> f64
      %r1 = func.call @forward_q(%x) : ({x}) -> {y}
      %t2 = func.call @rtclock() : () -> f64
      %d0 = arith.subf %t1, %t0 : f64
      %d1 = arith.subf %t2, %t1 : f64
      vector.print %d0 : f64
      vector.print %d1 : f64
    }}
    return
  }}"""
    return "module {\n" + floatf + "\n" + quant + "\n" + main + "\n}\n", nq


def network(rounds):
    text, nq = alternating_network_module(network_text(), rounds)
    print()
    print(f"Whole network: ResNet-18 (nelli, linalg, 1x3x32x32), {nq} activation "
          f"quantizers (fp8_e4m3) and folded weights (nearest,8,6); float and "
          f"quantized called alternately, {rounds} rounds; {load_average()} before")
    print(f"{'':<10}{'float ms':>10}{'quant ms':>10}{'quant / float':>24}")
    for threads in (False, True):
        stats = interleaved_stats(run_module(text, threads), 2, rounds)
        ratio, lo, hi, tq_ = stats[1]
        tf = stats[0][3]
        # stats' ratio is float / quant; print quant / float.
        print(f"{'MT' if threads else '1T':<10}{tf * 1e3:>10.1f}{tq_ * 1e3:>10.1f}"
              f"{1 / ratio:>10.3f} [{1 / hi:.3f}, {1 / lo:.3f}]")
    print(f"{load_average()} after")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elements", type=int, default=64 * 1024 * 1024)
    ap.add_argument("--rounds", type=int, default=9,
                    help="interleaved rounds (throughput and network)")
    ap.add_argument("--skip-network", action="store_true")
    a = ap.parse_args()
    throughput(a.elements, a.rounds)
    if not a.skip_network:
        network(a.rounds)


if __name__ == "__main__":
    main()
