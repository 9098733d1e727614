#!/usr/bin/python3
"""How the Fashion-MNIST network's accuracy changes with the number format,
from Python: a notebook-style walk through the `tq` package (docs/python.md).

    /usr/bin/python3 scripts/fashion_data.py build/fashion     # the test set
    PYTHONPATH=build/python /usr/bin/python3 examples/python/sweep_formats.py \\
        [--images N] [--out fashion-formats.png]

Loads examples/fashion/model.onnx (a PyTorch CNN exported to ONNX), lists
its layers, quantizes an array, runs the float model, sweeps three formats
(fp8 for weights and activations, MXFP4, 4-bit fixed point on the weights
only) and plots top-1 accuracy against bits per element with matplotlib.
"""

import argparse
import os
import sys

import numpy as np

import tq

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--data", default=os.path.join(ROOT, "build", "fashion"))
ap.add_argument("--images", type=int, default=2000)
ap.add_argument("--out", default="fashion-formats.png")
args = ap.parse_args()

# 1. The model and its ops (ONNX node names; maps and sweeps also match
# the PyTorch module paths: conv1, fc1, ...).
model = tq.load(os.path.join(ROOT, "examples", "fashion", "model.onnx"), batch=100)
print("layers:", ", ".join(model.names()))

# 2. A quantizer on an array: the same bits as in the compiled network.
w = np.linspace(-1, 1, 9, dtype=np.float32)
print("fp4_e2m1 of", w, "->", tq.quantize(w, "fp4_e2m1"))

# 3. The float run on the first N test images.
try:
    x = np.load(os.path.join(args.data, "test_x.npy"))[:args.images]
    y = np.load(os.path.join(args.data, "test_y.npy"))[:args.images]
except FileNotFoundError:
    sys.exit(f"no test set in {args.data}: run "
             f"/usr/bin/python3 scripts/fashion_data.py {args.data}")
logits, = model.compile().run(x)
print(f"float top-1: {np.mean(logits.argmax(1) == y):.4f} on {len(y)} images")

# 4. Three formats, as tq-sweep would run them (a progress line on a terminal).
rows = tq.sweep(model, [
    {"quantizer": "fp8_e4m3", "family": "fp8 (both)"},
    {"quantizer": "mxfp4", "family": "MXFP4 (both)"},
    {"quantizer": "nearest,4,2", "family": "fixed 4,2 (weights)",
     "role": "weights"},
], x, y, as_frame=False)
for r in rows:
    print(f"{r['family']:22} {r['bits']:5.2f} bits  top-1 {r['top1']:.4f}  "
          f"mean|err| {r['mean_abs_err']:.3e}")

# 5. The plot.
import matplotlib  # noqa: E402
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
fig, ax = plt.subplots(figsize=(6, 4))
ax.axhline(100 * rows[0]["top1"], linestyle="--", color="gray", label="float")
for r in rows[1:]:
    ax.scatter(r["bits"], 100 * r["top1"], s=60)
    ax.annotate(r["family"], (r["bits"], 100 * r["top1"]),
                textcoords="offset points", xytext=(6, 4))
ax.set_xlim(3.5, 9.5)
ax.set_xlabel("bits per element")
ax.set_ylabel("top-1 accuracy (%)")
ax.set_title(f"Fashion-MNIST CNN, {len(y)} test images")
ax.legend(loc="lower right")
fig.tight_layout()
fig.savefig(args.out, dpi=100)
print("wrote", args.out)
