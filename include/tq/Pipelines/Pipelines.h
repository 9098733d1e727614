//===- Pipelines.h - tq pass pipelines --------------------------*- C++ -*-===//
//
// tq-cpu-pipeline: TOSA/linalg + tq to the LLVM dialect, ready for
// mlir-runner or the ExecutionEngine. tq-gpu-pipeline: the same to host code
// in the LLVM dialect plus NVVM kernels (docs/gpu.md).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_PIPELINES_PIPELINES_H
#define TQ_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"
#include "mlir/Support/LLVM.h"

#include <string>

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
  Option<bool> outline{
      *this, "outline",
      llvm::cl::desc("Quantizers that lower to loops of their own: one "
                     "function per format and tensor type "
                     "(tq-outline-quantizers), not code per op"),
      llvm::cl::init(true)};
  Option<bool> tile{
      *this, "tile",
      llvm::cl::desc("Convolutions tiled with output tiles in vector "
                     "registers (tq-vectorize-convolutions)"),
      llvm::cl::init(true)};
};

/// Appends the CPU pipeline to `pm` (anchored on builtin.module):
/// TOSA to linalg, folding of constant quantizers, tq-lower-to-arith,
/// elementwise fusion, bufferization, loops (or OpenMP), LLVM dialect.
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const CPUPipelineOptions &options);

/// Options of tq-gpu-pipeline.
struct GPUPipelineOptions
    : public mlir::PassPipelineOptions<GPUPipelineOptions> {
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("Target GPU (sm_XX)"),
                           llvm::cl::init("sm_90")};
  Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX ISA version as a target feature (+ptxNN); "
                     "CUDA 13's ptxas needs +ptx80 or later for sm_90"),
      llvm::cl::init("+ptx80")};
  /// The kernels' binary format (gpu-module-to-binary's).
  enum class Format { Auto, ISA, Bin, Fatbin };
  Option<Format> format{
      *this, "format", llvm::cl::desc("Kernel binary"),
      llvm::cl::init(Format::Auto),
      llvm::cl::values(
          clEnumValN(Format::Auto, "auto",
                     "bin when ptxas is found, else isa"),
          clEnumValN(Format::ISA, "isa",
                     "PTX text, compiled by the driver when loaded"),
          clEnumValN(Format::Bin, "bin", "cubin, by ptxas"),
          clEnumValN(Format::Fatbin, "fatbin", "a fat binary, by ptxas"))};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit for bin/fatbin (default: $CUDA_ROOT, "
                     "$CUDA_HOME, the ptxas on PATH, /usr/local/cuda)"),
      llvm::cl::init("")};
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("LLVM optimization level of the "
                                           "kernels (0-3)"),
                            llvm::cl::init(3)};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per block"),
                            llvm::cl::init(256)};
  Option<int64_t> elementsPerThread{
      *this, "elements-per-thread",
      llvm::cl::desc("Loop iterations per thread (1-64): their loads are "
                     "issued together, each step coalesced"),
      llvm::cl::init(8)};
  Option<bool> deviceBuffers{
      *this, "device-buffers",
      llvm::cl::desc("Temporaries that only kernels touch in device memory "
                     "instead of managed memory"),
      llvm::cl::init(true)};
  Option<bool> fuse{*this, "fuse",
                    llvm::cl::desc("Fuse elementwise linalg ops (quantizers "
                                   "into their producers and consumers)"),
                    llvm::cl::init(true)};
};

/// Appends the GPU pipeline to `pm`: the CPU pipeline's front half (TOSA to
/// linalg, tq-lower-to-arith, fusion, bufferization), then managed buffers
/// (tq-gpu-buffers), one kernel per parallel loop nest (tq-gpu-launch),
/// outlining, NVVM, host code to the LLVM dialect and the kernels to a
/// binary. On a bad option value returns failure and sets `*error` (when
/// given) to a one-line message.
mlir::LogicalResult buildGPUPipeline(mlir::OpPassManager &pm,
                                     const GPUPipelineOptions &options,
                                     std::string *error = nullptr);

/// The CUDA toolkit directory tq-gpu-pipeline uses for `options.toolkit`
/// (empty when none is found).
std::string findCUDAToolkit(llvm::StringRef requested);

/// Registers tq-cpu-pipeline (tq::registerTQPipelines registers it with the
/// other pipelines).
void registerCPUPipeline();

/// Registers tq-gpu-pipeline.
void registerGPUPipeline();

} // namespace tq

#endif // TQ_PIPELINES_PIPELINES_H
