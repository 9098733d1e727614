#!/usr/bin/env python3
"""Throughput of quantizer formats against a copy kernel, interleaved.

Every kernel (a copy loop compiled by the same pipeline, then one kernel
per quantizer string) reads N f32 elements and writes N into preallocated
buffers. In each round every kernel runs once, in turn, in the same
process; a kernel's ratio in a round is copy time / its time (1.0: as
fast as the copy, at the memory limit). Printed: the median of the
per-round ratios and their [min, max], for one thread and for
tq-cpu-pipeline{threads} (OpenMP, all cores).

usage: bench/format_bench.py [--elements N] [--rounds R] [--cols C [--in-place]]
                             [--two-pass] [--spec S ...]

--two-pass adds max-copy-loop: max |x| over the tensor, then the copy, the
memory traffic (and so the bound) of formats with a whole-tensor statistic
(NVFP4's measured tensor scale, tensorwise fp8). Its max pass is one serial
loop: the 1-thread column is the bound; with threads it is pessimistic.

Without --spec: MXFP4 and MXFP8 with each scale rounding (floor, ceil,
even, rceil), the formats of issue 20.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cpu_bench import (interleaved_module, interleaved_stats,  # noqa: E402
                       load_average, run_module)

DEFAULT_SPECS = [
    f"{e}{'' if m == 'floor' else ',scale_rounding=' + m}"
    for e in ("mxfp4", "mxfp8")
    for m in ("floor", "ceil", "even", "rceil")
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--elements", type=int, default=16 * 1024 * 1024)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--spec", action="append",
                    help="a quantizer string (repeatable)")
    ap.add_argument("--cols", type=int,
                    help="quantize the data as rows of this many elements "
                         "(a [N / cols, cols] weight)")
    ap.add_argument("--two-pass", action="store_true",
                    help="add the max-copy-loop kernel: a pass for max |x|, "
                         "then the copy (the memory traffic of formats with "
                         "a whole-tensor statistic, their bound)")
    ap.add_argument("--in-place", action="store_true",
                    help="with --cols: view the buffers as rows, so that the "
                         "result is written in place (without it, the "
                         "reshaped result is a new buffer per call, copied)")
    args = ap.parse_args()
    specs = (["max-copy-loop"] if args.two_pass else []) + (args.spec or DEFAULT_SPECS)
    if args.two_pass and (args.cols or args.elements % 64):
        sys.exit("--two-pass reads 1-D data in steps of 64: no --cols, "
                 "--elements a multiple of 64")
    if args.in_place and not args.cols:
        sys.exit("--in-place applies to --cols")
    if args.cols and args.elements % args.cols:
        sys.exit("--elements must be a multiple of --cols")
    text = interleaved_module(args.elements, args.rounds, specs, args.cols,
                              args.in_place)
    count = len(specs) + 1
    shape = f" as rows of {args.cols}" if args.cols else ""
    print(f"{args.elements} f32 elements{shape}, {args.rounds} interleaved rounds; "
          "ratio = copy time / kernel time per round: median [min, max]; "
          f"{load_average()} before")
    print(f"{'kernel':<34}{'1 thread':>22}{'threads':>22}")
    cols = [interleaved_stats(run_module(text, threads), count, args.rounds)
            for threads in (False, True)]
    for k, spec in enumerate(specs, start=1):
        cells = "".join(f"{m:>8.2f} [{lo:.2f}, {hi:.2f}]" for m, lo, hi, _ in
                        (cols[0][k], cols[1][k]))
        print(f"{spec:<34}{cells}")
    print(f"{load_average()} after")


if __name__ == "__main__":
    main()
