#!/usr/bin/env python3
"""tq.quantize from Python against NumPy's np.copyto (issue: >= 0.8 of the
copy on 64M f32 elements).

In each of R rounds, np.copyto into a preallocated array and tq.quantize of
the same array into another preallocated array (out=) with each quantizer
run once, in turn (interleaved; each compiled once before the rounds), on
one thread and on all (np.copyto runs on one; block formats run a
kernel compiled for the array's shape, OpenMP on all threads); a quantizer's ratio in a
round is the copy's time / its own. Printed: the
median of the per-round ratios with [min, max], the median times and
G elements/s, with the load average before and after.

usage: PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py
           [--elements N] [--rounds R] [--quantizers Q ...]
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "python"))
import tq  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--elements", type=int, default=64 << 20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quantizers", nargs="+",
                    default=["fp8_e4m3", "nearest,8,4", "stochastic,8,4", "mxfp4"])
    args = ap.parse_args()
    x = np.random.default_rng(0).standard_normal(args.elements).astype(np.float32)
    dst = np.empty_like(x)
    qdst = np.empty_like(x)
    dst[:] = 0
    qdst[:] = 0  # both outputs' pages touched before the rounds
    seeds = {q: 1 if tq.Quantizer(q).stochastic else 0 for q in args.quantizers}
    for q in args.quantizers:  # compiles (and caches) the kernels
        for th in ([1, os.cpu_count()] if os.cpu_count() > 1 else [1]):
            tq.quantize(x, q, seed=seeds[q], out=qdst, threads=th)
    print(f"python_bench: {args.elements} f32 elements, {args.rounds} rounds, "
          f"load {os.getloadavg()[0]:.2f}")
    threads = [1, os.cpu_count()] if os.cpu_count() > 1 else [1]
    kernels = [(q, t) for q in args.quantizers for t in threads]
    times = {k: [] for k in [("copyto", 1)] + kernels}
    for _ in range(args.rounds):
        t = time.perf_counter()
        np.copyto(dst, x)
        times[("copyto", 1)].append(time.perf_counter() - t)
        for q, th in kernels:
            t = time.perf_counter()
            tq.quantize(x, q, seed=seeds[q], out=qdst, threads=th)
            times[(q, th)].append(time.perf_counter() - t)
    print(f"{'kernel':22} {'threads':>7} {'ratio to copyto':>24} {'median s':>9} "
          f"{'Gelem/s':>8}")
    for (q, th), ts in times.items():
        ratios = [c / t for c, t in zip(times[("copyto", 1)], ts)]
        med = statistics.median(ts)
        print(f"{q:22} {th:7} {statistics.median(ratios):8.3f} "
              f"[{min(ratios):.3f}, {max(ratios):.3f}]".ljust(50)
              + f" {med:9.4f} {args.elements / med / 1e9:8.2f}")
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
