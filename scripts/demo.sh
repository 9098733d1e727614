#!/usr/bin/env bash
# The main job (until the runner exists): sets up the machine, builds tq-opt
# and shows a small network before and after its quantize ops are folded.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${TQ_BUILD_DIR:-build}"
scripts/build.sh >/dev/null
EXAMPLE=examples/tiny-cnn.mlir
echo "== $EXAMPLE: a TOSA network with tq.quantize ops (weights: nearest,8,6;"
echo "   bias: bf16; activations: fp8_e4m3)"
grep -v '^//' "$EXAMPLE" | sed '/^$/d'
echo
echo "== after tq-opt --canonicalize: quantized weights folded into constants,"
echo "   activation quantizers kept"
"$BUILD/bin/tq-opt" "$EXAMPLE" --canonicalize
echo "== quantizers in the folded module:"
"$BUILD/bin/tq-opt" "$EXAMPLE" --canonicalize | grep -c 'tq.quantize' \
  | sed 's/^/   tq.quantize ops left: /'
