#!/usr/bin/env bash
# Configures and builds tq (after installing what is missing). Used by
# scripts/demo.sh and scripts/test.sh.
#   TQ_BUILD_DIR   build folder (default: build)
#   TQ_CMAKE_ARGS  extra CMake arguments, e.g. -DTQ_ENABLE_SANITIZERS=ON
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD="${TQ_BUILD_DIR:-build}"
LLVM=/usr/lib/llvm-22
if [ ! -f "$BUILD/build.ninja" ]; then
  # shellcheck disable=SC2086
  cmake -G Ninja -S . -B "$BUILD" \
    -DMLIR_DIR="$LLVM/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM/bin/lit" \
    ${TQ_CMAKE_ARGS:-} >/dev/null
fi
cmake --build "$BUILD" --target all mlir-doc "$@"
# The Python package of this build on Debian's Python's path (its user site
# folder, as `pip install --user -e` would): `/usr/bin/python3 -c "import tq"`
# works after either README command (docs/python.md).
if ls "$BUILD"/python/tq/_tq*.so >/dev/null 2>&1; then
  site="$(/usr/bin/python3 -m site --user-site 2>/dev/null || true)"
  if [ -n "$site" ] && mkdir -p "$site" 2>/dev/null &&
     (cd "$BUILD/python" && pwd) > "$site/tq-build.pth" 2>/dev/null; then
    echo "build: /usr/bin/python3 imports tq from $BUILD/python ($site/tq-build.pth)"
  fi
fi
