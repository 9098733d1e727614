#!/usr/bin/python3
"""Output error of a transformer encoder layer imported from ONNX
(transformer_layer.onnx, make_transformer.py: 4-head self-attention, d_model
64, GELU feed-forward 256, LayerNorm; sequence of 32) when every matmul runs
on the FP8 tensor-core-like unit of fashion_kept_bits.py (groups of 32
products aligned with the accumulator keeping B bits, an e8mB accumulator
truncating, promoted to f32 every C elements or never), operands left in
f32 so that the error is the accumulation's alone.

    /usr/bin/python3 examples/accumulators/transformer_kept_bits.py OUT_DIR

Writes OUT_DIR/transformer_kept_bits.csv (kept bits, chunk, relative error
||y - y_float|| / ||y_float||, max |y - y_float|) and
OUT_DIR/transformer_kept_bits.png, and prints the table.
"""

import argparse
import csv
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "python"))
sys.path.insert(0, HERE)
import tq  # noqa: E402
from fashion_kept_bits import CHUNKS, KEPT, model_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--kept", default=",".join(map(str, KEPT)),
                    help="kept bits to try, comma-separated")
    ap.add_argument("--chunks", default=",".join(map(str, CHUNKS)),
                    help="chunk sizes to try, comma-separated (0: none)")
    args = ap.parse_args()
    kept_bits = [int(v) for v in args.kept.split(",")]
    chunks = [int(v) for v in args.chunks.split(",")]
    os.makedirs(args.out, exist_ok=True)
    x = np.load(os.path.join(HERE, "x.npy"))
    model = tq.load(os.path.join(HERE, "transformer_layer.onnx"))
    fp = model.run([x])[0].astype(np.float64)
    rows = []
    for chunk in chunks:
        for kept in kept_bits:
            q, report = model.quantize(intrinsic={"": model_of(kept, chunk)})
            y = q.run([x])[0].astype(np.float64)
            rows.append((kept, chunk or "none",
                         float(np.linalg.norm(y - fp) / np.linalg.norm(fp)),
                         float(np.abs(y - fp).max())))
    ops = sum(1 for a in report["quantized"] if a.get("role") == "intrinsic")
    path = os.path.join(args.out, "transformer_kept_bits.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kept", "chunk", "relative_error", "max_abs_err"])
        for r in rows:
            w.writerow([r[0], r[1], f"{r[2]:.4e}", f"{r[3]:.4e}"])
    print(f"{ops} matmuls emulated")
    print(f"{'kept bits':>9} {'chunk':>6} {'rel. error':>11} {'max|err|':>10}")
    for r in rows:
        print(f"{r[0]:>9} {r[1]!s:>6} {r[2]:11.3e} {r[3]:10.3e}")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for chunk in chunks:
        label = f"promoted to f32 every {chunk}" if chunk else "no promotion"
        pts = [(r[0], r[2]) for r in rows if r[1] == (chunk or "none")]
        ax.semilogy([p[0] for p in pts], [p[1] for p in pts], "o-", label=label)
    ax.set_xlabel("kept bits below the largest exponent (and accumulator mantissa)")
    ax.set_ylabel("||y - y_float|| / ||y_float||")
    ax.set_title("transformer layer (ONNX): FP8 tensor-core accumulation model")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "transformer_kept_bits.png"), dpi=100)


if __name__ == "__main__":
    main()
