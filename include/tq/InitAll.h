//===- InitAll.h - Registration hooks for compilers embedding tq -*- C++ -*-===//
//
// What a compiler that links tq's libraries calls to make tq available, in
// the manner of torch-mlir's InitAll.h: the dialect into a registry, the
// passes and pipelines into the global pass registry, and tq's pipeline
// appended to the compiler's own pass manager. tq-opt, the mlir-opt plugin
// and the C API are built on these same hooks; docs/integration.md shows
// each way in, and an IREE compiler plugin.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_INITALL_H
#define TQ_INITALL_H

#include "tq/Pipelines/QuantizePipeline.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace tq {

/// Adds the tq dialect (and the dialects it creates ops of) to `registry`.
void registerTQDialect(mlir::DialectRegistry &registry);

/// Registers every tq pass with the global pass registry, so textual
/// pipelines can name them. Safe to call twice.
void registerTQPasses();

/// Registers every tq pipeline (`tq-quantize-pipeline`) with the global pass
/// registry. Safe to call twice.
void registerTQPipelines();

// Declared in tq/Pipelines/QuantizePipeline.h, included above:
//   struct TQQuantizeOptions;
//   void buildTQQuantizePipeline(mlir::OpPassManager &pm,
//                                const TQQuantizeOptions &options);
// appends naming + insertion (+ the lowering, once it exists) to a pass
// manager anchored on builtin.module.

} // namespace tq

#endif // TQ_INITALL_H
