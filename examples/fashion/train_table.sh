#!/bin/bash
# The accuracy table of docs/train.md: the Fashion-MNIST network trained from
# examples/fashion/init.onnx (PyTorch's initialisation, seed 0) with Adam
# (lr 1e-3), batch 64, EPOCHS epochs (default 3), seed 0, in each number
# format of examples/fashion/train_maps/, on the 60,000 training images; test
# accuracy on the 10,000 test images after each epoch.
#
#   examples/fashion/train_table.sh [OUTDIR] [EPOCHS]
#
# Writes OUTDIR/<row>.csv (tq-train's curves), OUTDIR/<row>.png and prints a
# Markdown table. Needs build/bin/tq-train (scripts/build.sh) and Debian's
# dataset-fashion-mnist. About 30 s to a minute per row on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-build/train-table}
epochs=${2:-3}
data=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
mkdir -p "$out"
rows=(float ternary binary fixed8 fp8 mxfp4 sr-updates)
declare -A what=(
  [float]="float32"
  [ternary]="ternary weights (scale 1/sqrt(fan-in) per layer)"
  [binary]="binary weights (scale 1/sqrt(fan-in) per layer)"
  [fixed8]="8-bit fixed point weights (nearest,8,6) and activations (nearest,8,4)"
  [fp8]="fp8 E4M3 weights and activations, fp8 E5M2 gradients"
  [mxfp4]="MXFP4 weights"
  [sr-updates]="weights stored in 8-bit fixed point (stochastic,8,7 updates)"
)
echo "| format | map | test accuracy after $epochs epochs | s/epoch |"
echo "|---|---|---|---|"
for r in "${rows[@]}"; do
  map=()
  [ "$r" != float ] && map=(--map-file "examples/fashion/train_maps/$r.json")
  build/bin/tq-train examples/fashion/init.onnx --fashion-mnist "$data" \
      --optimizer adam --lr 1e-3 --batch 64 --epochs "$epochs" --seed 0 \
      "${map[@]}" --csv "$out/$r.csv" --png "$out/$r.png" --quiet > /dev/null
  acc=$(tail -1 "$out/$r.csv" | cut -d, -f5)
  secs=$(tail -n +2 "$out/$r.csv" | cut -d, -f6 | awk '{s+=$1} END {printf "%.0f", s/NR}')
  m="-"; [ "$r" != float ] && m="\`train_maps/$r.json\`"
  printf "| %s | %s | %s | %s |\n" "${what[$r]}" "$m" "$(awk -v a="$acc" 'BEGIN {printf "%.2f%%", 100 * a}')" "$secs"
done
