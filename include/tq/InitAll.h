//===- InitAll.h - Registration hooks for compilers embedding tq -*- C++ -*-===//
//
// What a compiler that links tq's libraries calls to make tq available, in
// the manner of torch-mlir's InitAll.h: the dialect into a registry, the
// passes into the global pass registry.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_INITALL_H
#define TQ_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace tq {

/// Adds the tq dialect (and the dialects it creates ops of) to `registry`.
void registerTQDialect(mlir::DialectRegistry &registry);

/// Registers every tq pass and pipeline (tq-cpu-pipeline) with the global
/// pass registry, so textual pipelines can name them. Safe to call twice.
void registerTQPasses();

} // namespace tq

#endif // TQ_INITALL_H
