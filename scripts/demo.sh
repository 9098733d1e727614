#!/usr/bin/env bash
# The main job: sets up the machine, builds tq, and measures how a network
# trained with PyTorch (examples/fashion: a small CNN, 90.9 % on
# Fashion-MNIST, exported with torch.onnx.export) loses accuracy across
# number formats on the 10,000 test images: fixed point from 2 to 16 bits,
# the float formats, MX blocks, binary/ternary weights, stochastic rounding,
# and one layer at a time, with maps keyed by the PyTorch module names
# (conv1, conv2, fc1, fc2). The model is read as ONNX directly. Prints the
# table as it runs, and writes
#   $BUILD/fashion/sweep.csv   the table
#   $BUILD/fashion/sweep.png   the plot (accuracy against bits; per layer)
# Extra arguments go to tq-sweep (e.g. --jobs 1).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${TQ_BUILD_DIR:-build}"
echo "== set-up and build (first time: a few minutes)"
scripts/build.sh >/dev/null
OUT="$BUILD/fashion"
mkdir -p "$OUT"
M=examples/fashion/model.onnx
echo "== Fashion-MNIST test set (dataset-fashion-mnist) as .npy"
/usr/bin/python3 scripts/fashion_data.py "$OUT"
echo "== float run of $M on the 10,000 test images"
"$BUILD/bin/tq-run" "$M" --batch 100 -i "$OUT/test_x.npy" -o "$OUT/float.npy"
echo "== sweep ($M, examples/sweeps/fashion.json)"
"$BUILD/bin/tq-sweep" "$M" --batch 100 -i "$OUT/test_x.npy" \
  --labels "$OUT/test_y.npy" --configs examples/sweeps/fashion.json \
  --csv "$OUT/sweep.csv" "$@"
/usr/bin/python3 scripts/plot_sweep.py "$OUT/sweep.csv" "$OUT/sweep.png" \
  --title "examples/fashion: top-1 accuracy on 10,000 Fashion-MNIST test images"
echo "== wrote $OUT/sweep.csv and $OUT/sweep.png"
