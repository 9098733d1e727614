#!/usr/bin/python3
"""Training time per epoch: tq-train against PyTorch 1.13 on the CPU.

The Fashion-MNIST network (examples/fashion/init.onnx), Adam (lr 1e-3),
batch 64, the same data order (examples/fashion/train_reference.py's
epoch_order), the same number of threads. Each round runs, one after the
other in this process's rounds:

  torch   STEPS training steps of torch.optim.Adam in this process;
  tq      `tq-train --train-limit 64*STEPS` (float): its CSV's seconds, the
          training steps only (compilation and evaluation excluded);
  tq-q    the same with weights, activations and gradients quantized
          (weights nearest,8,6, activations nearest,8,4, gradients
          fp8_e5m2).

Per round: tq/torch and tq-q/tq; printed: the median of the per-round
ratios and [min, max]; seconds per epoch extrapolated to the 937 steps of an
epoch (60,000 images, batch 64; steps cost the same whatever the data).
Threads: 1 (torch.set_num_threads(1), tq-train serial) and 2
(set_num_threads(2), tq-train --parallel), each its own set of rounds.

    /usr/bin/python3 bench/train_bench.py [--rounds 5] [--steps 200] [--threads 1,2]

Needs build/bin/tq-train, Debian's python3-torch and dataset-fashion-mnist.
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "examples", "fashion"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import fashion_data  # noqa: E402
from train import FashionCNN  # noqa: E402
from train_reference import epoch_order, load_init  # noqa: E402

TQ_TRAIN = os.path.join(ROOT, "build", "bin", "tq-train")
INIT = os.path.join(ROOT, "examples", "fashion", "init.onnx")
DATA = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
BATCH = 64
EPOCH_STEPS = 60000 // BATCH
QUANTIZED = {"weights": "nearest,8,6", "activations": "nearest,8,4",
             "gradients": "fp8_e5m2"}


def torch_steps(x, y, steps, threads):
    torch.set_num_threads(threads)
    model = FashionCNN()
    load_init(model, INIT)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=False)
    order = epoch_order(len(y), 0, 0)
    xs, ys = torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))
    start = time.perf_counter()
    for b in range(steps):
        idx = torch.from_numpy(order[b * BATCH:(b + 1) * BATCH].astype(np.int64))
        opt.zero_grad()
        loss = F.cross_entropy(model(xs[idx]), ys[idx])
        loss.backward()
        opt.step()
    return time.perf_counter() - start


def tq_steps(steps, threads, map_file, tmp):
    out = os.path.join(tmp, "curves.csv")
    cmd = [TQ_TRAIN, INIT, "--fashion-mnist", DATA, "--optimizer", "adam",
           "--lr", "1e-3", "--batch", str(BATCH), "--epochs", "1",
           "--train-limit", str(BATCH * steps), "--test-limit", str(BATCH),
           "--csv", out, "--quiet"]
    if threads > 1:
        cmd.append("--parallel")
    if map_file:
        cmd += ["--map-file", map_file]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return float(list(csv.DictReader(f))[0]["seconds"])


def summary(values):
    return "%.2f [%.2f, %.2f]" % (statistics.median(values), min(values), max(values))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--json", help="write the per-round figures here")
    args = p.parse_args()
    x, y = fashion_data.load("train")
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        map_file = os.path.join(tmp, "map.json")
        with open(map_file, "w") as f:
            json.dump(QUANTIZED, f)
        print("| threads | torch s/epoch | tq s/epoch | tq-q s/epoch | tq/torch | tq-q/tq |")
        print("|---|---|---|---|---|---|")
        for threads in [int(t) for t in args.threads.split(",")]:
            rows = []
            for r in range(args.rounds):
                t_torch = torch_steps(x, y, args.steps, threads)
                t_tq = tq_steps(args.steps, threads, None, tmp)
                t_q = tq_steps(args.steps, threads, map_file, tmp)
                rows.append((t_torch, t_tq, t_q))
                print("  round %d: torch %.2f s, tq %.2f s, tq-q %.2f s (%d steps)"
                      % (r + 1, t_torch, t_tq, t_q, args.steps), file=sys.stderr)
            scale = EPOCH_STEPS / args.steps
            print("| %d | %s | %s | %s | %s | %s |" % (
                threads,
                summary([a * scale for a, _, _ in rows]),
                summary([b * scale for _, b, _ in rows]),
                summary([c * scale for _, _, c in rows]),
                summary([b / a for a, b, _ in rows]),
                summary([c / b for _, b, c in rows])))
            report[threads] = rows
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
