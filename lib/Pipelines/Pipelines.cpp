//===- Pipelines.cpp - tq pass pipelines ----------------------------------===//

#include "tq/Pipelines/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;

/// The steps the CPU and GPU pipelines share: from TOSA/linalg + tq to
/// bufferized linalg on memrefs with tq lowered. Built from pass names so
/// that it is one readable list; every pass is an upstream one except the
/// tq- ones.
static std::string frontEnd(bool fuse, bool gpu, bool outline = false,
                            bool tile = false) {
  std::string p;
  // Unsigned integers (an imported uint8 input) become signless at the
  // function boundary, as every op inside already is.
  p += "func.func(tosa-convert-integer-type-to-signless),";
  // Out-of-range gather indices read the nearest row, not out of bounds.
  p += "tq-clamp-gather-indices,";
  // Contractions marked tq.intrinsic first, while TOSA ops carry the mark.
  p += "tq-expand-intrinsic,";
  // transpose_conv2d has no linalg lowering of its own: TOSA's optional
  // decompositions rewrite it as a convolution (an imported ConvTranspose).
  p += "func.func(tosa-optional-decompositions,tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith{include-apply-rescale=true},"
       "tosa-to-tensor,"
       // Elementwise arith/math ops on tensors (math.erf in a linalg-level
       // BERT, math.exp in attention) bufferize only as linalg.generic.
       "convert-elementwise-to-linalg),";
  // math ops LLVM has no lowering for (erf, cbrt, asinh, ...), before the
  // quantizers are lowered, so that their code is never touched.
  p += "tq-expand-math,";
  // Quantized constants (weights) fold before lowering: they cost nothing.
  p += "canonicalize,";
  // Block, ternary-auto and stochastic quantizers: their loops once per
  // format and tensor type, in functions, not once per op (compile time).
  if (outline)
    p += "tq-outline-quantizers,";
  p += gpu ? "tq-lower-to-arith{target=gpu}," : "tq-lower-to-arith,";
  if (fuse)
    // (tq-fuse-elementwise: linalg-fuse-elementwise-ops' fusions, except
    // into a contraction that would recompute the producer per read.)
    p += "func.func(tq-fuse-elementwise),";
  p += "canonicalize,cse,";
  // Convolutions as register tiles (vector code), on tensors.
  if (tile)
    p += "func.func(tq-vectorize-convolutions),";
  // Results written into a destination reuse it instead of a new buffer.
  p += "eliminate-empty-tensors,";
  p += "one-shot-bufferize{bufferize-function-boundaries "
       "function-boundary-type-conversion=identity-layout-map},";
  // canonicalize removes the self-copies of in-place slices.
  // Private functions that return their destination argument
  // (tq-outline-quantizers') return nothing: their callers own every
  // buffer statically (a returned buffer needs a run-time ownership check).
  p += "drop-equivalent-buffer-results,";
  p += "cse,canonicalize,buffer-deallocation-pipeline,convert-bufferization-to-memref,";
  return p;
}

/// Host code from loops (and vector code) on memrefs to the LLVM dialect,
/// without the final reconcile-unrealized-casts.
static std::string hostToLLVM(bool openmp) {
  // expand-strided-metadata makes affine.apply ops: lower-affine follows it.
  std::string p = "convert-vector-to-scf,expand-strided-metadata,lower-affine,"
                  "convert-vector-to-llvm,convert-math-to-llvm,"
                  // What is left (f64 erf, cbrt, ...) calls libm.
                  "convert-math-to-libm,";
  if (openmp)
    p += "convert-openmp-to-llvm,";
  // bf16 conversions as integer ops: a CPU with AVX512-BF16 converts
  // f32 to bf16 flushing subnormals to zero, which the reference does not.
  p += "convert-scf-to-cf,convert-cf-to-llvm,arith-expand{include-bf16=true},"
       "convert-arith-to-llvm,convert-index-to-llvm,"
       // aligned_alloc, not malloc plus an inttoptr realignment: LLVM then
       // sees where buffers start and vectorizes (the Fashion-MNIST
       // training step: 40.4 -> 37.0 ms; tq-run frees either with free()).
       "finalize-memref-to-llvm{use-aligned-alloc=true},"
       // tq-run calls lowered modules through the signature kept here.
       "tq-record-signatures,convert-func-to-llvm,convert-ub-to-llvm,";
  if (openmp)
    p += "tq-mark-noalias-pointers,";
  return p;
}

void tq::buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options) {
  std::string p = frontEnd(options.fuse, /*gpu=*/false, options.outline,
                           options.tile);
  if (options.threads)
    // The moved loop is parallel too: only the outer loops use threads.
    p += "func.func(tq-reductions-outward,convert-linalg-to-parallel-loops,"
         "scf-forall-to-parallel,tq-serialize-nested-parallel{leading-only}),"
         // Buffers marked noalias, so the bodies optimize as serial code.
         "tq-outline-parallel-bodies,convert-scf-to-openmp,";
  else
    // The contiguous output loop inside the reductions: same sums, in the
    // same order, on independent elements (vectorizable).
    p += "func.func(tq-reductions-outward,convert-linalg-to-loops,"
         "scf-forall-to-for),";
  p += hostToLLVM(options.threads);
  p += "reconcile-unrealized-casts,tq-check-lowered{pipeline=tq-cpu-pipeline}";
  if (failed(parsePassPipeline(p, pm)))
    llvm::report_fatal_error("tq-cpu-pipeline: a pass is not registered");
}

/// True when `dir` is a CUDA toolkit: it has an executable bin/ptxas.
static bool hasPtxas(llvm::StringRef dir) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, "bin", "ptxas");
  return !dir.empty() && llvm::sys::fs::can_execute(path);
}

std::string tq::findCUDAToolkit(llvm::StringRef requested) {
  if (!requested.empty())
    return requested.str();
  for (const char *var : {"CUDA_ROOT", "CUDA_HOME", "CUDA_PATH"})
    if (std::optional<std::string> dir = llvm::sys::Process::GetEnv(var))
      if (hasPtxas(*dir))
        return *dir;
  if (llvm::ErrorOr<std::string> ptxas =
          llvm::sys::findProgramByName("ptxas")) {
    llvm::StringRef bin = llvm::sys::path::parent_path(*ptxas);
    return llvm::sys::path::parent_path(bin).str();
  }
  if (hasPtxas("/usr/local/cuda"))
    return "/usr/local/cuda";
  return "";
}

/// Checks `chip` and `features` against LLVM's NVPTX target, which would
/// otherwise ignore an unknown one with a warning per kernel (and emit PTX
/// of another version). Returns the problem, or "" when both are known. (A
/// known PTX version too old for the chip is reported by LLVM itself, with
/// the minimum, as a usage error.)
static std::string checkNVPTXTarget(llvm::StringRef chip,
                                    llvm::StringRef features) {
  static bool initialized = [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTargetMC();
    return true;
  }();
  (void)initialized;
  if (!chip.starts_with("sm_"))
    return ("chip must be sm_XX, got '" + chip + "'").str();
  llvm::Triple triple("nvptx64-nvidia-cuda");
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return "LLVM's NVPTX target is not available: " + error;
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!info->isCPUStringValid(chip))
    return ("chip '" + chip + "' is unknown to LLVM's NVPTX target "
            "(e.g. sm_80, sm_90, sm_100)")
        .str();
  llvm::SmallVector<llvm::StringRef> list;
  features.split(list, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef feature : list) {
    llvm::StringRef name = feature.drop_front(
        feature.starts_with("+") || feature.starts_with("-") ? 1 : 0);
    if (name.size() == feature.size() ||
        llvm::none_of(info->getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &kv) {
                        return name == kv.Key;
                      }))
      return ("feature '" + feature +
              "' is unknown to LLVM's NVPTX target (e.g. +ptx80)")
          .str();
  }
  return "";
}

LogicalResult tq::buildGPUPipeline(OpPassManager &pm,
                                   const GPUPipelineOptions &options,
                                   std::string *error) {
  auto fail = [&](const llvm::Twine &message) {
    if (error)
      *error = ("tq-gpu-pipeline: " + message).str();
    return failure();
  };
  using Format = GPUPipelineOptions::Format;
  std::string toolkit = findCUDAToolkit(options.toolkit);
  Format f = options.format;
  if (f == Format::Auto)
    f = toolkit.empty() ? Format::ISA : Format::Bin;
  std::string format = f == Format::ISA   ? "isa"
                       : f == Format::Bin ? "bin"
                                          : "fatbin";
  if (format != "isa" && toolkit.empty()) {
    return fail("format=" + format +
                " needs ptxas: no CUDA toolkit found (set toolkit=, "
                "$CUDA_ROOT or PATH), or use format=isa");
  }
  if (options.optLevel > 3)
    return fail("opt-level must be 0-3");
  if (options.blockSize < 1 || options.blockSize > 1024)
    return fail("block-size must be in [1, 1024], got " +
                llvm::Twine(int64_t(options.blockSize)));
  if (options.elementsPerThread < 1 || options.elementsPerThread > 64)
    return fail("elements-per-thread must be in [1, 64], got " +
                llvm::Twine(int64_t(options.elementsPerThread)));
  std::string targetProblem = checkNVPTXTarget(options.chip, options.features);
  if (!targetProblem.empty())
    return fail(targetProblem);
  if (!options.toolkit.empty() && format != "isa" && !hasPtxas(options.toolkit))
    return fail("toolkit '" + options.toolkit + "' has no bin/ptxas");
  std::string p = frontEnd(options.fuse, /*gpu=*/true);
  // Managed buffers; then one kernel per outermost parallel loop nest.
  p += "tq-gpu-buffers,";
  p += "func.func(convert-linalg-to-parallel-loops,scf-forall-to-parallel),";
  p += "canonicalize,cse,";
  // tq-gpu-launch clones constants and globals into the kernels; nothing
  // that would hoist them out again (canonicalize, cse) runs before
  // outlining.
  // redux.sync (one warp-wide integer max/min) exists from sm_80 on (the
  // chip's number: sm_90a is 90).
  unsigned sm = 0;
  llvm::StringRef number = llvm::StringRef(options.chip).drop_front(3);
  (void)number.consumeInteger(10, sm);
  std::string redux = sm >= 80 ? "true" : "false";
  p += "tq-gpu-launch{block-size=" + std::to_string(options.blockSize) +
       " elements-per-thread=" + std::to_string(options.elementsPerThread) +
       " redux=" + redux + " device-buffers=" +
       (options.deviceBuffers ? "true" : "false") + "},";
  p += "gpu-launch-sink-index-computations,gpu-kernel-outlining,";
  p += "nvvm-attach-target{chip=" + options.chip +
       " features=" + options.features +
       " O=" + std::to_string(options.optLevel) + "},";
  // Kernels: math ops (roundeven, fabs, ctlz, ...) become LLVM intrinsics,
  // which NVPTX has instructions for, not the libdevice calls that
  // convert-gpu-to-nvvm would make.
  p += "tq-gpu-math-intrinsics,";
  p += "gpu.module(convert-vector-to-scf,convert-scf-to-cf,"
       "expand-strided-metadata,lower-affine,arith-expand,convert-gpu-to-nvvm,"
       "canonicalize,cse,reconcile-unrealized-casts),";
  // Host code as in the CPU pipeline; then gpu-to-llvm lowers the launches
  // and the managed allocations.
  p += hostToLLVM(/*openmp=*/false);
  p += "gpu-to-llvm,reconcile-unrealized-casts,";
  p += "gpu-module-to-binary{format=" + format;
  if (!toolkit.empty())
    p += " toolkit=" + toolkit;
  // Without the compile times it records, the output is reproducible.
  p += "},tq-gpu-reproducible-binaries,tq-check-lowered{pipeline=tq-gpu-pipeline}";
  if (failed(parsePassPipeline(p, pm)))
    return fail("could not build the pipeline (an option value is not "
                "valid: chip, features or block-size)");
  return success();
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

void tq::registerGPUPipeline() {
  static bool registered = [] {
    registerPassPipeline(
        "tq-gpu-pipeline",
        "Lower TOSA/linalg + tq to host code in the LLVM dialect and NVVM "
        "kernels (PTX, cubin or fatbin)",
        [](OpPassManager &pm, StringRef optionsString,
           function_ref<LogicalResult(const Twine &)> errorHandler) {
          GPUPipelineOptions options;
          if (failed(options.parseFromString(optionsString)))
            return failure();
          std::string error;
          if (failed(buildGPUPipeline(pm, options, &error)))
            return errorHandler(error);
          return success();
        },
        [](function_ref<void(const detail::PassOptions &)> optionHandler) {
          optionHandler(GPUPipelineOptions());
        });
    return true;
  }();
  (void)registered;
}
