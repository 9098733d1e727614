#!/usr/bin/env bash
# The main job: sets up the machine, builds tq, and measures how the example
# network (examples/digits: a small CNN trained on scikit-learn's digits)
# loses accuracy across number formats: fixed point from 2 to 16 bits, the
# float formats, MX blocks, binary/ternary weights, stochastic rounding, and
# one layer at a time. Prints the table as it runs, and writes
#   $BUILD/digits/sweep.csv   the table
#   $BUILD/digits/sweep.png   the plot (accuracy against bits; per layer)
# Extra arguments go to tq-sweep (e.g. --parallel).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${TQ_BUILD_DIR:-build}"
echo "== set-up and build (first time: a few minutes)"
scripts/build.sh >/dev/null
OUT="$BUILD/digits"
mkdir -p "$OUT"
D=examples/digits
echo "== float run of $D/model.mlir on the 360 held-out digits"
"$BUILD/bin/tq-run" "$D/model.mlir" -i "$D/test_x.npy" -o "$OUT/float.npy"
echo "== sweep ($D/model.mlir, examples/sweeps/standard.json)"
"$BUILD/bin/tq-sweep" "$D/model.mlir" -i "$D/test_x.npy" \
  --labels "$D/test_y.npy" --configs examples/sweeps/standard.json \
  --csv "$OUT/sweep.csv" "$@"
/usr/bin/python3 scripts/plot_sweep.py "$OUT/sweep.csv" "$OUT/sweep.png" \
  --title "examples/digits: top-1 accuracy on 360 test digits"
echo "== wrote $OUT/sweep.csv and $OUT/sweep.png"
