//===- Pipelines.cpp - tq pass pipelines ----------------------------------===//

#include "tq/Pipelines/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;

void tq::buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options) {
  // Built from pass names so that it is one readable list; every pass is an
  // upstream one except tq-lower-to-arith.
  std::string p;
  // Contractions marked tq.intrinsic first, while TOSA ops carry the mark.
  p += "tq-expand-intrinsic,";
  p += "func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith{include-apply-rescale=true},"
       "tosa-to-tensor),";
  // Quantized constants (weights) fold before lowering: they cost nothing.
  p += "canonicalize,";
  p += "tq-lower-to-arith,";
  if (options.fuse)
    p += "func.func(linalg-fuse-elementwise-ops),";
  p += "canonicalize,cse,";
  // Results written into a destination reuse it instead of a new buffer.
  p += "eliminate-empty-tensors,";
  p += "one-shot-bufferize{bufferize-function-boundaries "
       "function-boundary-type-conversion=identity-layout-map},";
  // canonicalize removes the self-copies of in-place slices.
  p += "cse,canonicalize,buffer-deallocation-pipeline,convert-bufferization-to-memref,";
  if (options.threads)
    p += "func.func(convert-linalg-to-parallel-loops,scf-forall-to-parallel),"
         "convert-scf-to-openmp,";
  else
    p += "func.func(convert-linalg-to-loops,scf-forall-to-for),";
  // expand-strided-metadata makes affine.apply ops: lower-affine follows it.
  p += "convert-vector-to-scf,expand-strided-metadata,lower-affine,"
       "convert-vector-to-llvm,convert-math-to-llvm,";
  if (options.threads)
    p += "convert-openmp-to-llvm,";
  p += "convert-scf-to-cf,convert-cf-to-llvm,arith-expand,"
       "convert-arith-to-llvm,convert-index-to-llvm,"
       "finalize-memref-to-llvm,"
       // tq-run calls lowered modules through the signature kept here.
       "tq-record-signatures,convert-func-to-llvm,convert-ub-to-llvm,"
       "reconcile-unrealized-casts";
  if (failed(parsePassPipeline(p, pm)))
    llvm::report_fatal_error("tq-cpu-pipeline: a pass is not registered");
}

void tq::registerCPUPipeline() {
  static bool registered = [] {
    PassPipelineRegistration<CPUPipelineOptions>(
        "tq-cpu-pipeline",
        "Lower TOSA/linalg + tq to the LLVM dialect for the CPU",
        buildCPUPipeline);
    return true;
  }();
  (void)registered;
}
