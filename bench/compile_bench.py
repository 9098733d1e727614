#!/usr/bin/env python3
"""Compile time of tq-cpu-pipeline on corpus networks quantized everywhere,
against the float network, interleaved.

For each network and quantizer string Q: the float network, then
`--tq-name-ops --tq-insert=activations=Q` compiled with
`tq-cpu-pipeline{outline=false}` (the code of every quantizer inlined per
op) and with the default (`tq-outline-quantizers`: one function per
format and tensor type). Each round compiles the three in turn (separate
tq-opt processes, wall time); the ratios to the float compile are taken
per round. Printed: median seconds and the median of per-round ratios
[min, max], with the load average.

usage: bench/compile_bench.py [--rounds R] [--quantizer Q ...] [NETWORK.mlir ...]
(default networks: the corpus's MobileNet-v2, ResNet-18, VGG-11 and an
attention block)
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
TQ_OPT = os.path.join(ROOT, "build", "bin", "tq-opt")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
NETWORKS = ["linalg/nelli_mobilenet_v2.mlir", "linalg/nelli_resnet18.mlir",
            "tosa/vgg11.mlir", "tosa/next_mhsa_qkv.mlir"]
QUANTIZERS = ["ternary", "mxfp8", "bfp,8", "stochastic,8,4"]


def compile_seconds(path, pipeline):
    t0 = time.perf_counter()
    r = subprocess.run([TQ_OPT, path, pipeline, "-o", os.devnull],
                       capture_output=True, text=True)
    t1 = time.perf_counter()
    if r.returncode:
        sys.exit(r.stderr[:2000])
    return t1 - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quantizer", action="append")
    ap.add_argument("networks", nargs="*")
    a = ap.parse_args()
    networks = a.networks or [os.path.join(CORPUS, n) for n in NETWORKS]
    quantizers = a.quantizer or QUANTIZERS
    print(f"{a.rounds} interleaved rounds; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores before")
    print(f"{'network':<22}{'quantizer':<16}{'float s':>8}{'inlined s':>10}"
          f"{'ratio':>20}{'outlined s':>11}{'ratio':>20}")
    with tempfile.TemporaryDirectory() as d:
        for net in networks:
            name = os.path.splitext(os.path.basename(net))[0]
            for q in quantizers:
                qpath = os.path.join(d, "q.mlir")
                r = subprocess.run([TQ_OPT, net, "--tq-name-ops",
                                    f"--tq-insert=activations={q}", "-o", qpath],
                                   capture_output=True, text=True)
                if r.returncode:
                    print(f"{name:<22}{q:<16}  (not quantizable: "
                          f"{r.stderr.splitlines()[0][:60]}...)")
                    continue
                rows = []
                for _ in range(a.rounds):
                    rows.append((compile_seconds(net, "--tq-cpu-pipeline"),
                                 compile_seconds(qpath, "--tq-cpu-pipeline=outline=false"),
                                 compile_seconds(qpath, "--tq-cpu-pipeline")))
                med = [statistics.median(r[k] for r in rows) for k in range(3)]
                cells = ""
                for k in (1, 2):
                    ratios = [r[k] / r[0] for r in rows]
                    cells += (f"{med[k]:>10.2f}" if k == 1 else f"{med[k]:>11.2f}")
                    cells += (f"{statistics.median(ratios):>8.2f} "
                              f"[{min(ratios):.2f}, {max(ratios):.2f}]")
                print(f"{name:<22}{q:<16}{med[0]:>8.2f}{cells}")
    print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
