#!/usr/bin/env python3
"""GPU benchmarks of compiled quantizers (tq-gpu-pipeline, mlir-runner with
libtq_cuda_runtime.so). Needs an NVIDIA GPU and driver; not a test.

1. Bandwidth: the CPU benchmark's kernels (bench/cpu_bench.py: every
   quantizer family, destination-passing, in managed memory first touched
   by a kernel so that it lives on the device) over N f32 elements (default
   256M, 1 GiB in and 1 GiB out), next to a device-to-device copy
   (the runtime's tqGpuMemcpySync: the driver's cuMemcpyAsync) in the same process,
   interleaved: in each of R rounds every kernel runs once, in turn; a
   kernel's ratio in a round is the copy's time / its own. Printed: the
   median ratio with its [min, max] and the effective bandwidth (bytes
   read + written per second) of the median time; each launch is
   synchronous.
2. Whole network: the corpus ResNet-18 float against the same network with
   activations and weights quantized everywhere, both on the GPU, in one
   module, called alternately: the median of the per-round ratios
   (target <= 1.1x) and the median times; once with the corpus file's
   splat weights, once with weights computed at run time.

usage: bench/gpu_bench.py [--elements N] [--rounds R] [--skip-network]
                          [--options 'elements-per-thread=1 ...']
(--options: tq-gpu-pipeline options, for both parts)
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import cpu_bench  # noqa: E402  (the kernels and the network harness)

ROOT = cpu_bench.ROOT
RUNTIME = os.path.join(ROOT, "build", "lib", "libtq_cuda_runtime.so")


def d2d_module(n, rounds):
    """cpu_bench's interleaved kernels plus a device-to-device copy, run
    last in each round: the runtime's copy (cuMemcpyAsync, then a
    synchronization), called directly, since gpu.memcpy's async tokens do
    not go through bufferization's deallocation pipeline."""
    m = f"memref<{n}xf32>"
    copy = [
        f"%xi = memref.extract_aligned_pointer_as_index %xm : {m} -> index",
        f"%oi = memref.extract_aligned_pointer_as_index %om : {m} -> index",
        "%xa = arith.index_cast %xi : index to i64",
        "%oa = arith.index_cast %oi : index to i64",
        "%xp = llvm.inttoptr %xa : i64 to !llvm.ptr",
        "%op = llvm.inttoptr %oa : i64 to !llvm.ptr",
        f"%bytes = arith.constant {4 * n} : i64",
        "call @tqGpuMemcpySync(%op, %xp, %bytes) : (!llvm.ptr, !llvm.ptr, i64) -> ()",
    ]
    decls = ["func.func private @tqGpuMemcpySync(!llvm.ptr, !llvm.ptr, i64)"]
    specs = [spec for _, spec in cpu_bench.FAMILIES[1:]]
    return cpu_bench.interleaved_module(n, rounds, specs,
                                        extra=[(decls, copy)])


def run_gpu(text, options=""):
    pipeline = f"--tq-gpu-pipeline={options}" if options else "--tq-gpu-pipeline"
    return cpu_bench.run_module(text, threads=False, extra_libs=[RUNTIME],
                                pipeline=pipeline)


def bandwidth(n, rounds, options=""):
    count = len(cpu_bench.FAMILIES) + 1
    stats = cpu_bench.interleaved_stats(
        run_gpu(d2d_module(n, rounds), options), count, rounds,
        base=count - 1)
    moved = 2 * 4 * n
    print(f"Bandwidth over {n} f32 elements ({n * 4 >> 20} MiB in, "
          f"{n * 4 >> 20} MiB out), {rounds} interleaved rounds; ratio: the "
          f"device-to-device copy's time / the kernel's in the same round, "
          f"median [min, max] (target >= 0.85); GB/s from the median time")
    print(f"{'kernel':<24}{'GB/s':>10}{'ratio':>20}")
    names = [name for name, _ in cpu_bench.FAMILIES] + ["device-to-device copy"]
    for name, (ratio, lo, hi, t) in zip(names, stats):
        print(f"{name:<24}{moved / t / 1e9:>10.1f}{ratio:>8.2f} [{lo:.2f}, {hi:.2f}]")


def network(rounds, options=""):
    """Twice: with the corpus file's splat weights (constants, quantized at
    compile time), and with weights computed at run time
    (cpu_bench.varied_weights: nothing for LLVM to exploit; their
    quantizers run at run time too)."""
    for varied in (False, True):
        text, nq = cpu_bench.alternating_network_module(
            cpu_bench.network_text(varied=varied), rounds)
        stats = cpu_bench.interleaved_stats(run_gpu(text, options), 2, rounds)
        float_t = stats[0][3]
        ratio, lo, hi, quant_t = stats[1]
        kind = "run-time weights" if varied else "splat constant weights"
        print(f"ResNet-18 on the GPU, {kind}, {rounds} alternating rounds: "
              f"float {float_t * 1e3:.2f} ms, quantized ({nq} quantizers) "
              f"{quant_t * 1e3:.2f} ms (medians), quantized / float "
              f"{1 / ratio:.3f} [{1 / hi:.3f}, {1 / lo:.3f}] (target <= 1.1)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--elements", type=int, default=256 << 20)
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--skip-network", action="store_true")
    p.add_argument("--options", default="",
                   help="tq-gpu-pipeline options, e.g. 'elements-per-thread=1'")
    a = p.parse_args()
    if a.options:
        print(f"tq-gpu-pipeline options: {a.options}")
    bandwidth(a.elements, a.rounds, a.options)
    if not a.skip_network:
        network(a.rounds, a.options)


if __name__ == "__main__":
    main()
