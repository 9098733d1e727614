#!/usr/bin/python3
"""Accuracy of the Fashion-MNIST network (examples/fashion) when every
matmul and convolution runs on an FP8 tensor-core-like unit (docs/intrinsic.md,
"Models of real units"): operands in fp8_e4m3, groups of 32 products aligned
with the accumulator keeping B bits below the largest exponent (the rest
truncated), an e8mB accumulator truncating, and the partial sums promoted to
an f32 accumulator every C elements (chunked promotion) or never.

    /usr/bin/python3 examples/accumulators/fashion_kept_bits.py OUT_DIR [--count N]
        [--kept 1,2,...] [--chunks 0,128,32]

Writes OUT_DIR/fashion_kept_bits.csv (kept bits, chunk, top-1 accuracy,
mean |logit error| against float) and OUT_DIR/fashion_kept_bits.png, and
prints the table. N test images (default 10000, the whole test set).
"""

import argparse
import csv
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "python"))
import tq  # noqa: E402

KEPT = [1, 2, 3, 4, 5, 6, 8, 10, 13]
CHUNKS = [0, 128, 32]  # 0: no promotion


def model_of(kept, chunk):
    m = {"accumulator": f"float,8,{kept},toward_zero", "align": 32,
         "kept": kept, "align-accumulator": True}
    if chunk:
        m.update({"chunk": chunk, "outer": "fp32"})
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--kept", default=",".join(map(str, KEPT)),
                    help="kept bits to try, comma-separated")
    ap.add_argument("--chunks", default=",".join(map(str, CHUNKS)),
                    help="chunk sizes to try, comma-separated (0: none)")
    ap.add_argument("--count", type=int, default=10000)
    args = ap.parse_args()
    kept_bits = [int(v) for v in args.kept.split(",")]
    chunks = [int(v) for v in args.chunks.split(",")]
    os.makedirs(args.out, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "fashion_data.py"),
                    args.out, "--count", str(args.count)], check=True)
    x = np.load(os.path.join(args.out, "test_x.npy"))
    y = np.load(os.path.join(args.out, "test_y.npy"))
    # Batches of 100 images (tq-run runs the 10,000 as 100 calls).
    model = tq.load(os.path.join(ROOT, "examples", "fashion", "model.onnx"),
                    batch=100)
    fp = model.run([x])[0]
    rows = [("float", "-", float((fp.argmax(1) == y).mean()), 0.0)]
    fp8 = {"activations": {"": "fp8_e4m3"}, "weights": {"": "fp8_e4m3"}}
    q, _ = model.quantize(fp8)
    out = q.run([x])[0]
    rows.append(("fp8 operands, f32 sums", "-", float((out.argmax(1) == y).mean()),
                 float(np.abs(out - fp).mean())))
    start = time.time()
    for chunk in chunks:
        for kept in kept_bits:
            q, _ = model.quantize(dict(fp8, intrinsic={"": model_of(kept, chunk)}))
            out = q.run([x])[0]
            rows.append((kept, chunk or "none", float((out.argmax(1) == y).mean()),
                         float(np.abs(out - fp).mean())))
            print(f"kept {kept:2} chunk {chunk or 'none':>4}: top-1 "
                  f"{rows[-1][2]:.4f}  mean|err| {rows[-1][3]:.3e}  "
                  f"({time.time() - start:.0f} s)", file=sys.stderr, flush=True)
    path = os.path.join(args.out, "fashion_kept_bits.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kept", "chunk", "top1", "mean_abs_err"])
        for r in rows:
            w.writerow([r[0], r[1], f"{r[2]:.4f}", f"{r[3]:.4e}"])
    print(f"{'kept bits':>24} {'chunk':>6} {'top-1':>7} {'mean|err|':>10}")
    for r in rows:
        print(f"{r[0]!s:>24} {r[1]!s:>6} {r[2]:7.4f} {r[3]:10.3e}")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for chunk in chunks:
        label = f"promoted to f32 every {chunk}" if chunk else "no promotion"
        pts = [(r[0], r[2]) for r in rows[2:] if r[1] == (chunk or "none")]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=label)
    ax.axhline(rows[0][2], color="grey", ls=":", label="float")
    ax.axhline(rows[1][2], color="black", ls="--", lw=0.8,
               label="fp8 operands, f32 sums")
    ax.set_xlabel("kept bits below the largest exponent (and accumulator mantissa)")
    ax.set_ylabel("top-1 accuracy")
    ax.set_title(f"examples/fashion, {len(y)} test images: FP8 tensor-core model")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "fashion_kept_bits.png"), dpi=100)


if __name__ == "__main__":
    main()
