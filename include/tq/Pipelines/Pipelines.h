//===- Pipelines.h - tq pass pipelines --------------------------*- C++ -*-===//
//
// tq-cpu-pipeline: TOSA/linalg + tq to the LLVM dialect, ready for
// mlir-runner or the ExecutionEngine.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_PIPELINES_PIPELINES_H
#define TQ_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace tq {

struct CPUPipelineOptions
    : public mlir::PassPipelineOptions<CPUPipelineOptions> {
  Option<bool> threads{
      *this, "threads",
      llvm::cl::desc("Spread the work over all cores (OpenMP through "
                     "scf.parallel; link libomp)"),
      llvm::cl::init(false)};
  Option<bool> fuse{*this, "fuse",
                    llvm::cl::desc("Fuse elementwise linalg ops (quantizers "
                                   "into their producers and consumers)"),
                    llvm::cl::init(true)};
};

/// Appends the CPU pipeline to `pm` (anchored on builtin.module):
/// TOSA to linalg, folding of constant quantizers, tq-lower-to-arith,
/// elementwise fusion, bufferization, loops (or OpenMP), LLVM dialect.
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const CPUPipelineOptions &options);

/// Registers tq-cpu-pipeline (tq::registerTQPipelines registers it with the
/// other pipelines).
void registerCPUPipeline();

} // namespace tq

#endif // TQ_PIPELINES_PIPELINES_H
