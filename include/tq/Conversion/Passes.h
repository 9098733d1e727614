//===- Passes.h - tq conversion passes --------------------------*- C++ -*-===//
//
// Lowerings of the tq dialect: tq-lower-to-arith; the GPU preparation
// passes tq-gpu-buffers and tq-gpu-launch.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_CONVERSION_PASSES_H
#define TQ_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "tq/Conversion/TQToArith.h"

namespace tq {

#define GEN_PASS_DECL
#include "tq/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tq/Conversion/Passes.h.inc"

} // namespace tq

#endif // TQ_CONVERSION_PASSES_H
