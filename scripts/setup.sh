#!/usr/bin/env bash
# Installs what tq needs to build and test: Debian's LLVM/MLIR 22 packages, CMake, Ninja,
# GoogleTest, NumPy, Matplotlib and scikit-learn (Debian's python3-*) for the
# example networks, their tests and the sweep plot, libonnx-dev (the ONNX
# importer), libonnx-testdata (ONNX's backend tests, an oracle) and
# dataset-fashion-mnist (the main job's data), slurm-wlm and munge (the
# sharded sweep's test on a one-node cluster, scripts/slurm/check.sh),
# pybind11-dev, python3-dev and python3-pytest (the `tq` Python package and
# its tests). PyTorch (python3-torch,
# python3-torchvision, python3-onnx) is needed only to regenerate the
# committed models: scripts/setup.sh --torch installs it. A no-op when everything is
# already present. Needs root (or sudo) to install.
set -euo pipefail

PKGS=(llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22 libclang-rt-22-dev
      ninja-build cmake libgtest-dev g++ libomp-22-dev
      python3-numpy python3-matplotlib python3-sklearn
      libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
      dataset-fashion-mnist slurm-wlm munge
      pybind11-dev python3-dev python3-pytest)

if [ "${1:-}" = "--torch" ]; then
  PKGS+=(python3-torch python3-torchvision python3-onnx)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "setup: error: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
