//===- Runner.h - Compile and run a model in-process ------------*- C++ -*-===//
//
// What tq-run and tq-sweep are built on: parse a module, optionally name its
// ops and insert quantizers (tq-quantize-pipeline), lower it with
// tq-cpu-pipeline, JIT it with MLIR's ExecutionEngine, and call its entry
// function on NumPy arrays.
//
// Inputs and outputs are ranked tensors (or memrefs) with static shapes of
// f16, bf16, f32, f64, i1, i8, i16, i32 or i64. A bf16 argument takes a
// bfloat16 array, or a float one rounded to nearest even, or u2 bit patterns
// (tq::toBFloat16); bf16 results come back as bfloat16 arrays. An input
// whose shape is the argument's shape is passed as is; one whose leading
// dimension is k times the argument's (other dimensions equal) is a batch:
// the entry runs k times on consecutive slices and the outputs are
// concatenated along their leading dimension. Inputs of the second kind must
// agree on k.
//
// Already-lowered modules (LLVM dialect) run too when their entry carries
// `tq.signature` (tq-cpu-pipeline records it on every public function).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_RUNNER_H
#define TQ_RUNNER_RUNNER_H

#include "tq/Runner/Calibration.h"
#include "tq/Runner/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
class MLIRContext;
} // namespace mlir

namespace tq {

struct RunnerOptions {
  /// The function to run; empty picks the only public function with a body
  /// (else `main`, else `forward`).
  std::string entry;
  /// tq-quantize-pipeline options (maps, seed, ...); empty inserts nothing.
  std::string quantize;
  /// Lower with tq-cpu-pipeline{threads} and load libomp.
  bool threads = false;
  /// LLVM optimization level of the JIT.
  unsigned optLevel = 3;
  /// Print the IR of the op an error is about (MLIR's "see current
  /// operation" notes); off, errors are one line each.
  bool debugIR = false;
  /// Fixed sizes for the dynamic dimensions of the entry's arguments, one
  /// list per argument (empty: leave that argument as it is). `batch`, when
  /// positive, fixes every argument's leading dimension when it is dynamic.
  std::vector<llvm::SmallVector<int64_t>> inputShapes;
  /// Shapes by input name (`image:1x3x224x224`), for ONNX models (their
  /// graph inputs have names; MLIR arguments do not).
  std::vector<std::pair<std::string, llvm::SmallVector<int64_t>>>
      namedInputShapes;
  int64_t batch = 0;
  /// Values for ONNX graph inputs known ahead (name, .npy or TensorProto
  /// .pb file): such inputs become constants of the imported module
  /// (ONNXImportOptions::inputValues), not arguments.
  std::vector<std::pair<std::string, std::string>> inputValues;
  /// Lower with tq-gpu-pipeline and run the kernels on the GPU through
  /// libtq_cuda_runtime.so (TQ_CUDA_RUNTIME names another copy); arguments
  /// are passed in managed memory.
  bool gpu = false;
  /// `fit` quantizers in the maps (docs/run.md, "Calibration"): fitted per
  /// op by this method to the values of a float run on these inputs
  /// (required when the maps hold one; not owned, alive during compile).
  Calibration calibration;
  llvm::ArrayRef<NpyArray> calibrationInputs;
};

/// One argument or result: shape and element type, in .npy terms.
struct TensorSpec {
  llvm::SmallVector<int64_t> shape;
  char kind = 'f';       // 'f', 'i', 'u' or 'b'
  unsigned itemSize = 4; // bytes per element in memory and in .npy
  bool bfloat16 = false; // bf16 (kind 'f', itemSize 2): NpyArray::bfloat16
  std::string type;      // as MLIR prints it, for messages
  int64_t numElements() const;
};

/// The progress line of tq-run and tq-sweep: "[done/total] R UNIT/s, ETA
/// m:ss" (h:mm:ss past an hour), the rate and time left measured over
/// `seconds` so far.
std::string progressLine(int64_t done, int64_t total, double seconds,
                         llvm::StringRef unit);

/// A context with every dialect a model may use (upstream, tq) and the LLVM
/// IR translations, for parsing models the runner compiles. Diagnostics go
/// to stderr as file:line:col: severity: message, without the IR of the op
/// they are about unless `debugIR`.
std::unique_ptr<mlir::MLIRContext> createRunnerContext(bool debugIR = false);

/// Parses `path` in `context`; diagnostics (with locations) go to stderr.
/// An ONNX model (recognized by its content, whatever its extension) is
/// imported (tq::importONNX) with `options.inputShapes` and `options.batch`
/// fixing its inputs' dynamic dimensions.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
parseModelFile(llvm::StringRef path, mlir::MLIRContext &context,
               const RunnerOptions &options = {});

/// The function CompiledModel::compile runs for `entry` (see
/// RunnerOptions::entry): its name, or an error that lists the candidates.
llvm::Expected<std::string> resolveEntry(mlir::ModuleOp module,
                                         llvm::StringRef entry);

class CompiledModel;

/// Repeated calls of a compiled entry on buffers bound to its arguments,
/// without copying them in and out (a training loop): write an input into
/// argument(i), invoke(), read result(i), and hand a result that is the
/// next call's argument (new parameters, optimizer state) over with
/// feedBack(r, a): the buffer the entry allocated for result r becomes
/// argument a's buffer, and a's old one is freed. Buffers are host memory,
/// or managed memory under RunnerOptions::gpu.
class BoundCall {
public:
  ~BoundCall();
  BoundCall(const BoundCall &) = delete;
  BoundCall &operator=(const BoundCall &) = delete;

  /// The bytes of argument `i` (row-major, the argument's TensorSpec).
  llvm::MutableArrayRef<char> argument(unsigned i);
  /// Runs the entry once; the results of the previous call that were not
  /// fed back are freed first.
  llvm::Error invoke();
  /// The bytes of result `i` of the last invoke().
  llvm::ArrayRef<char> result(unsigned i) const;
  /// Makes result `r` of the last invoke() argument `a`'s buffer (their
  /// shapes and types must agree). Results the entry did not allocate (a
  /// constant, an argument, a buffer shared with another result) are
  /// copied instead.
  llvm::Error feedBack(unsigned r, unsigned a);

private:
  friend class CompiledModel;
  explicit BoundCall(CompiledModel &model) : model(model) {}
  struct Buffer {
    char *allocated = nullptr; // what free() takes
    char *aligned = nullptr;
    int64_t offset = 0;        // in elements
    size_t bytes = 0;
    bool owned = false;        // ours to free
  };
  char *allocate(size_t bytes);
  void release(char *allocated);
  CompiledModel &model;
  llvm::SmallVector<Buffer> args, results;
  llvm::SmallVector<llvm::SmallVector<int64_t>> descriptors;
  std::vector<int64_t> resultWords;
};

class CompiledModel {
public:
  ~CompiledModel();

  /// Quantizes (when options.quantize is set), lowers and JIT-compiles
  /// `module`, which it consumes. Errors: no such entry, argument types the
  /// runner cannot pass, a failing pipeline (diagnostics on stderr).
  static llvm::Expected<std::unique_ptr<CompiledModel>>
  compile(mlir::OwningOpRef<mlir::ModuleOp> module,
          const RunnerOptions &options);

  /// Runs the entry on `inputs` (see the batching rule above). Everything
  /// is checked before the first call: input count, dtype and shape.
  /// `progress(done, total)` is called after each call when set.
  llvm::Expected<std::vector<NpyArray>>
  run(llvm::ArrayRef<NpyArray> inputs,
      llvm::function_ref<void(int64_t, int64_t)> progress = {});

  const std::string &entry() const { return entryName; }
  llvm::ArrayRef<TensorSpec> arguments() const { return args; }
  llvm::ArrayRef<TensorSpec> results() const { return resultSpecs; }
  /// Seconds spent in the pipeline and in LLVM (JIT) by compile().
  double compileSeconds() const { return compileTime; }
  /// The `fit` quantizers calibration resolved, per op (empty without).
  llvm::ArrayRef<ResolvedFit> calibrated() const { return fits; }

  /// Buffers bound to the entry's arguments for repeated calls (see
  /// BoundCall), zero-filled; the model must outlive them.
  llvm::Expected<std::unique_ptr<BoundCall>> bind();

  /// Inputs for every argument: floats uniform in [-1, 1), integers uniform
  /// in [intLow, intHigh) (clamped to their type's range; the default suits
  /// token ids and class indices of small vocabularies), booleans 0/1;
  /// deterministic for a seed.
  std::vector<NpyArray> randomInputs(uint64_t seed, int64_t intLow = 0,
                                     int64_t intHigh = 100) const;

private:
  friend class BoundCall;
  CompiledModel() = default;
  struct FreeDeleter {
    void operator()(char *p) const { std::free(p); }
  };
  /// The constant tensors (weights) the compiled code reads in place of
  /// its large constant globals (64-byte aligned copies): LLVM compiles
  /// declarations, not megabytes of initializers. Outlives `engine`.
  std::vector<std::unique_ptr<char, FreeDeleter>> weights;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  /// With RunnerOptions::gpu: the runtime's allocation functions, for the
  /// arguments and for freeing the results (managed memory).
  void *(*gpuAlloc)(uint64_t, void *, bool) = nullptr;
  void (*gpuFree)(void *, void *) = nullptr;
  std::string entryName;
  llvm::SmallVector<TensorSpec> args, resultSpecs;
  double compileTime = 0;
  std::vector<ResolvedFit> fits;
};

} // namespace tq

#endif // TQ_RUNNER_RUNNER_H
