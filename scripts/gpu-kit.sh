#!/bin/bash
# Packs what the GPU tests and benchmark need onto a GPU machine that has
# the NVIDIA driver and CUDA toolkit but none of Debian's LLVM packages:
# tq's built tools and libraries, the LLVM/MLIR shared libraries and tools
# the tests call, lit, and the small libraries libLLVM needs. libz3 and
# libxml2 (libLLVM's SMT solver and Windows manifests, never used by tq)
# are replaced by stubs so the kit stays small.
#
#   scripts/gpu-kit.sh [DIR]        (default .gpukit; writes DIR/llvm.tar.xz
#                                    once, DIR/tq.tar.xz and DIR/install.sh)
# On the GPU machine, in the repository root:  source DIR/install.sh
# then `lit build/test/GPU` and `bench/gpu_bench.py` work as here.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=$(realpath -m "${1:-$ROOT/.gpukit}")
LLVM=/usr/lib/llvm-22
STAGE=$(mktemp -d)
SRC=$(mktemp -d)
trap 'rm -rf "$STAGE" "$SRC"' EXIT
mkdir -p "$OUTDIR" "$STAGE/llvm/bin" "$STAGE/llvm/lib" "$STAGE/llvm/utils" \
  "$STAGE/deps" "$STAGE/tq/bin" "$STAGE/tq/lib"

# LLVM/MLIR: the libraries (real files), the tools the tests use.
cp -L /usr/lib/x86_64-linux-gnu/libLLVM.so.22.1 "$STAGE/llvm/lib/"
for l in libMLIR.so.22.1 libMLIRExecutionEngineShared.so.22.1 \
         libmlir_c_runner_utils.so.22.1 libmlir_runner_utils.so.22.1 \
         libmlir_float16_utils.so.22.1 libmlir_apfloat_wrappers.so.22.1; do
  cp -L "$LLVM/lib/$l" "$STAGE/llvm/lib/"
  ln -s "$l" "$STAGE/llvm/lib/${l%.22.1}"
done
ln -s libLLVM.so.22.1 "$STAGE/llvm/lib/libLLVM.so"
for t in mlir-runner FileCheck not count opt llc llvm-nm llvm-readobj split-file; do
  cp -L "$LLVM/bin/$t" "$STAGE/llvm/bin/"
done
# Large tools no GPU test calls: placeholders so lit's configuration resolves.
for t in mlir-opt mlir-translate; do
  printf '#!/bin/sh\necho "%s: not in the GPU kit" >&2\nexit 1\n' "$t" > "$STAGE/llvm/bin/$t"
  chmod +x "$STAGE/llvm/bin/$t"
done
cp -r "$LLVM/utils/lit" "$STAGE/llvm/utils/"
find "$STAGE/llvm/utils" -name __pycache__ -prune -exec rm -rf {} +
cp "$LLVM/bin/lit" "$STAGE/llvm/bin/lit"

# libLLVM's other dependencies, installed only where the machine lacks them.
for l in libffi.so.8 libedit.so.2 libbsd.so.0 libmd.so.0 libtinfo.so.6 \
         libz.so.1 libzstd.so.1 liblzma.so.5; do
  cp -L "/lib/x86_64-linux-gnu/$l" "$STAGE/deps/"
done
# Stubs: every symbol libLLVM takes from libz3 / libxml2 (with its symbol
# version), aborting if called.
stub() {  # stub REGEX NAME SONAME
  nm -D --undefined-only "$STAGE/llvm/lib/libLLVM.so.22.1" | awk '{print $2}' \
    | grep -E "$1" | sort -u > "$SRC/$2.syms"
  { echo '#include <stdlib.h>'
    sed 's/@.*//; s/.*/void &(void) { abort(); }/' "$SRC/$2.syms"; } > "$SRC/$2.c"
  local flags=()
  if grep -q @ "$SRC/$2.syms"; then
    # One version node per symbol version, in order, each with its symbols.
    awk -F@ '{v[$2] = v[$2] " " $1 ";"} END {for (k in v) print k " {" v[k] " };"}' \
      "$SRC/$2.syms" | sort -V > "$SRC/$2.map"
    flags=(-Wl,--version-script="$SRC/$2.map")
  fi
  cc -shared -fPIC -o "$STAGE/deps/$3" -Wl,-soname,"$3" "${flags[@]}" "$SRC/$2.c"
}
stub '^Z3_' z3 libz3.so.4
stub '^xml' xml libxml2.so.2

# tq: tools, shared libraries, lit site configurations.
cp "$ROOT"/build/bin/* "$STAGE/tq/bin/"
cp "$ROOT"/build/lib/*.so "$STAGE/tq/lib/"
(cd "$ROOT" && find build/test -name lit.site.cfg.py | tar -cf "$STAGE/tq/site.tar" -T -)

# LLVM and its dependencies change only with the packages: packed once.
if [ ! -f "$OUTDIR/llvm.tar.xz" ]; then
  tar -C "$STAGE" -cf - llvm deps | xz -9 -T0 > "$OUTDIR/llvm.tar.xz"
fi
tar -C "$STAGE" -cf - tq | xz -T0 > "$OUTDIR/tq.tar.xz"
cat > "$OUTDIR/install.sh" <<INSTALL
# Sourced on the GPU machine, in the repository root. The copying runs in a
# subshell (set -e there, not in the caller's shell); the environment is
# exported only if it succeeded.
(
set -e
kit=\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)
root=\$(pwd)
stage=\$(mktemp -d)
for a in llvm tq; do xz -dc -T0 "\$kit/\$a.tar.xz" | tar -C "\$stage" -xf -; done
mkdir -p $LLVM
cp -a "\$stage/llvm/." $LLVM/
for l in "\$stage"/deps/*; do
  ldconfig -p | grep -q "\$(basename "\$l") " || cp -a "\$l" $LLVM/lib/
done
mkdir -p build/bin build/lib
cp -a "\$stage"/tq/bin/* build/bin/
cp -a "\$stage"/tq/lib/* build/lib/
tar -xf "\$stage/tq/site.tar"
# The site configurations name the build's absolute path.
if [ "\$root" != "$ROOT" ]; then
  mkdir -p "\$(dirname $ROOT)"
  ln -sfn "\$root" "$ROOT"
fi
rm -rf "\$stage"
)
if [ \$? = 0 ]; then
  export LD_LIBRARY_PATH=$LLVM/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
  export PATH=$LLVM/bin:\$PATH
else
  echo "gpu-kit: installation failed" >&2
fi
INSTALL
ls -la "$OUTDIR"
