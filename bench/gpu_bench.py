#!/usr/bin/env python3
"""GPU benchmarks of compiled quantizers (tq-gpu-pipeline, mlir-runner with
libtq_cuda_runtime.so). Needs an NVIDIA GPU and driver; not a test.

1. Bandwidth: the CPU benchmark's kernels (bench/cpu_bench.py: every
   quantizer family, destination-passing, in managed memory first touched
   by a kernel so that it lives on the device) over N f32 elements (default
   256M, 1 GiB in and 1 GiB out), next to a device-to-device copy
   (the runtime's tqGpuMemcpySync: the driver's cuMemcpyAsync) in the same process: effective
   bandwidth (bytes read + written per second) and the ratio to the copy.
   Best of R repetitions after one warm-up; each launch is synchronous.
2. Whole network: the corpus ResNet-18 float against the same network with
   activations and weights quantized everywhere, both on the GPU: time per
   inference and the ratio (target <= 1.1x); once with the corpus file's
   splat weights, once with weights computed at run time.

usage: bench/gpu_bench.py [--elements N] [--repeat R] [--skip-network]
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


def d2d_module(n, repeat):
    """cpu_bench's kernel module plus a device-to-device copy, timed last:
    the runtime's copy (cuMemcpyAsync, then a synchronization), called
    directly, since gpu.memcpy's async tokens do not go through
    bufferization's deallocation pipeline."""
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
    return cpu_bench.kernel_module(n, repeat, extra=[(decls, copy)])


def run_gpu(text, options=""):
    pipeline = f"--tq-gpu-pipeline={options}" if options else "--tq-gpu-pipeline"
    return cpu_bench.run_module(text, threads=False, extra_libs=[RUNTIME],
                                pipeline=pipeline)


def bandwidth(n, repeat, options=""):
    times = [float(v) for v in run_gpu(d2d_module(n, repeat), options).split()]
    d2d = times[-1]
    moved = 2 * 4 * n
    print(f"Bandwidth over {n} f32 elements ({n * 4 >> 20} MiB in, "
          f"{n * 4 >> 20} MiB out), best of {repeat}; ratio: against the "
          f"device-to-device copy (target >= 0.85)")
    print(f"{'kernel':<24}{'GB/s':>10}{'ratio':>8}")
    print(f"{'device-to-device copy':<24}{moved / d2d / 1e9:>10.1f}{1.0:>8.2f}")
    for k, (name, _) in enumerate(cpu_bench.FAMILIES):
        t = times[k]
        print(f"{name:<24}{moved / t / 1e9:>10.1f}{d2d / t:>8.2f}")


def network(options=""):
    """Twice: with the corpus file's splat weights (constants, quantized at
    compile time), and with weights computed at run time
    (cpu_bench.varied_weights: nothing for LLVM to exploit; their
    quantizers run at run time too)."""
    for varied in (False, True):
        full, quantized, nq = cpu_bench.network_sources(varied=varied)
        float_t, quant_t = float(run_gpu(full, options)), float(run_gpu(quantized, options))
        kind = "run-time weights" if varied else "splat constant weights"
        print(f"ResNet-18 on the GPU, {kind}: float {float_t * 1e3:.2f} ms, "
              f"quantized ({nq} quantizers) {quant_t * 1e3:.2f} ms, ratio "
              f"{quant_t / float_t:.3f} (target <= 1.1)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--elements", type=int, default=256 << 20)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--skip-network", action="store_true")
    p.add_argument("--options", default="",
                   help="tq-gpu-pipeline options, e.g. 'elements-per-thread=1'")
    a = p.parse_args()
    if a.options:
        print(f"tq-gpu-pipeline options: {a.options}")
    bandwidth(a.elements, a.repeat, a.options)
    if not a.skip_network:
        network(a.options)


if __name__ == "__main__":
    main()
