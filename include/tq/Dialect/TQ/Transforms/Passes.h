//===- Passes.h - tq dialect passes -----------------------------*- C++ -*-===//
//
// Declarations of the passes that transform tq ops, generated from
// Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_DIALECT_TQ_TRANSFORMS_PASSES_H
#define TQ_DIALECT_TQ_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/QuantMap.h"

namespace tq {

/// tq-list-names' output format.
enum class ListFormat { Text, Json };

#define GEN_PASS_DECL
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"

/// tq-insert with maps the caller read (readQuantMaps) and, where they hold
/// `fit` quantizers, resolved per op (tq::resolveFitMaps in the runner
/// library); the map options of `options` are not read.
std::unique_ptr<mlir::Pass>
createTQInsert(TQInsertOptions options,
               std::shared_ptr<const QuantMaps> maps);

} // namespace tq

#endif // TQ_DIALECT_TQ_TRANSFORMS_PASSES_H
