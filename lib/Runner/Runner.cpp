//===- Runner.cpp - Compile and run a model in-process --------------------===//

#include "tq/Runner/Runner.h"
#include "tq/Dialect/TQ/IR/ConstantBytes.h"
#include "tq/Import/ONNX.h"
#include "tq/Runner/CalibrationRun.h"
#include "tq/Runner/Npy.h"

#include "tq/Reference/Reference.h"

#include "tq/InitAll.h"
#include "tq/Pipelines/Pipelines.h"
#include "tq/Pipelines/QuantizePipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <unistd.h>

using namespace mlir;
using llvm::Expected;
using llvm::StringRef;

#ifndef TQ_CUDA_RUNTIME_LIBRARY
#define TQ_CUDA_RUNTIME_LIBRARY "libtq_cuda_runtime.so"
#endif
#ifndef TQ_LLVM_LIBRARY_DIR
#define TQ_LLVM_LIBRARY_DIR "/usr/lib/llvm-22/lib"
#endif

namespace tq {

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

int64_t TensorSpec::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static void registerOnce() {
  static bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    registerAllPasses();
    registerTQPasses();
    registerTQPipelines();
    return true;
  }();
  (void)done;
}

std::unique_ptr<MLIRContext> createRunnerContext(bool debugIR) {
  registerOnce();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerTQDialect(registry);
  // Builtin, LLVM, OpenMP; GPU and NVVM for tq-gpu-pipeline's kernels.
  registerAllToLLVMIRTranslations(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  // One line per error: the IR of the op an error is about (a whole module
  // for a pipeline failure) only when asked for.
  context->printOpOnDiagnostic(debugIR);
  // Warnings matter here (a map entry that matched no op): print them, and
  // errors, as file:line:col: severity: message.
  context->getDiagEngine().registerHandler([](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Remark)
      return success();
    auto print = [](Diagnostic &d) {
      Location loc = d.getLocation();
      // The file position inside a name ("abs"("net.mlir":2:8)), call site
      // or fused location.
      if (auto flc = loc->findInstanceOf<FileLineColLoc>())
        llvm::errs() << flc.getFilename().getValue() << ":" << flc.getLine()
                     << ":" << flc.getColumn();
      else
        llvm::errs() << loc;
      StringRef sev = d.getSeverity() == DiagnosticSeverity::Error     ? "error"
                      : d.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                                       : "note";
      llvm::errs() << ": " << sev << ": " << d << "\n";
    };
    print(d);
    for (Diagnostic &note : d.getNotes())
      print(note);
    return success();
  });
  return context;
}

Expected<OwningOpRef<ModuleOp>> parseModelFile(StringRef path,
                                                 MLIRContext &context,
                                                 const RunnerOptions &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!file)
    return err(path + ": cannot read: " + file.getError().message());
  if (looksLikeONNX((*file)->getBuffer())) {
    ONNXImportOptions importOptions;
    importOptions.shapes = options.inputShapes;
    importOptions.namedShapes = options.namedInputShapes;
    importOptions.batch = options.batch;
    for (const auto &[name, file] : options.inputValues) {
      Expected<NpyArray> array = readNpy(file);
      if (!array)
        return err("--input-value " + name + "=" + file + ": " +
                   llvm::toString(array.takeError()));
      if (array->bfloat16)
        return err("--input-value " + name + "=" + file +
                   ": bfloat16 values are not supported here");
      ONNXTensor value;
      value.name = name;
      value.kind = array->kind;
      value.itemSize = array->itemSize;
      value.shape = array->shape;
      value.data = std::move(array->data);
      importOptions.inputValues.emplace_back(name, std::move(value));
    }
    OwningOpRef<ModuleOp> module =
        importONNX((*file)->getBuffer(), path, /*baseDir=*/"", context,
                   importOptions);
    if (!module)
      return err(path + ": cannot import the ONNX model (see the error above)");
    return std::move(module);
  }
  if (!options.inputValues.empty())
    return err("--input-value " + options.inputValues.front().first +
               "=...: input values apply to ONNX models; " + path +
               " is MLIR");
  if (!options.namedInputShapes.empty())
    return err("--input-shape " + options.namedInputShapes.front().first +
               ":...: shapes by input name apply to ONNX models; give " +
               path + "'s argument shapes in order, without names");
  // The MLIR parser wants a null-terminated buffer.
  file = llvm::MemoryBuffer::getMemBufferCopy((*file)->getBuffer(),
                                              (*file)->getBufferIdentifier());
  llvm::SourceMgr sm;
  sm.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sm, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sm, &context);
  if (!module)
    return err(path + ": cannot parse (see the errors above)");
  return std::move(module);
}

std::string progressLine(int64_t done, int64_t total, double seconds,
                         StringRef unit) {
  double rate = seconds > 0 ? done / seconds : 0;
  std::string eta = "?";
  if (rate > 0) {
    int64_t s = int64_t(std::llround(std::max(0.0, (total - done) / rate)));
    eta = s >= 3600 ? llvm::formatv("{0}:{1:d2}:{2:d2}", s / 3600,
                                    s / 60 % 60, s % 60)
                          .str()
                    : llvm::formatv("{0}:{1:d2}", s / 60, s % 60).str();
  }
  return llvm::formatv("[{0}/{1}] {2:f2} {3}/s, ETA {4}", done, total, rate,
                       unit, eta)
      .str();
}

/// Bytes of RAM of this machine (INT64_MAX when unknown).
static int64_t physicalMemory() {
  static const int64_t bytes = [] {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? int64_t(pages) * size : INT64_MAX;
  }();
  return bytes;
}

/// The .npy view of an argument or result type.
static Expected<TensorSpec> specOf(Type t, const llvm::Twine &what) {
  std::string printed;
  llvm::raw_string_ostream(printed) << t;
  auto shaped = dyn_cast<ShapedType>(t);
  if (!shaped || !(isa<RankedTensorType>(t) || isa<MemRefType>(t)))
    return err(what + " has type " + printed +
               "; tq-run passes ranked tensors (or memrefs) only");
  if (auto m = dyn_cast<MemRefType>(t); m && !m.getLayout().isIdentity())
    return err(what + " has type " + printed +
               "; memrefs must have the identity layout");
  if (!shaped.hasStaticShape())
    return err(what + " has type " + printed +
               "; tq-run needs static shapes (fix the dynamic dimensions "
               "of the arguments with --batch=N or --input-shape)");
  TensorSpec s;
  s.type = printed;
  s.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  Type e = shaped.getElementType();
  if (e.isF16() || e.isBF16() || e.isF32() || e.isF64()) {
    s.kind = 'f';
    s.itemSize = e.getIntOrFloatBitWidth() / 8;
    s.bfloat16 = e.isBF16();
  } else if (e.isInteger(1)) {
    s.kind = 'b';
    s.itemSize = 1;
  } else if (e.isInteger(8) || e.isInteger(16) || e.isInteger(32) ||
             e.isInteger(64)) {
    s.kind = e.isUnsignedInteger() ? 'u' : 'i';
    s.itemSize = e.getIntOrFloatBitWidth() / 8;
  } else {
    return err(what + " has type " + printed +
               "; its element type has no .npy dtype (tq-run passes f16, "
               "bf16, f32, f64, i1, i8, i16, i32, i64)");
  }
  // Its size in bytes must exist and fit in this machine's memory (a shape
  // from the model or from --batch may claim 2^62 elements).
  std::optional<int64_t> bytes = ref::checkedProduct(s.shape, s.itemSize);
  if (!bytes)
    return err(what + " has type " + printed +
               ", whose size in bytes overflows 64 bits");
  if (*bytes > physicalMemory())
    return err(what + " has type " + printed + ", which needs " +
               llvm::Twine(*bytes) + " bytes, more than this machine's " +
               llvm::Twine(physicalMemory()));
  return s;
}

static bool hasBody(Operation *op) {
  if (auto f = dyn_cast<func::FuncOp>(op))
    return !f.isDeclaration();
  if (auto f = dyn_cast<LLVM::LLVMFuncOp>(op))
    return !f.isExternal();
  return false;
}

static bool isPublicFunction(Operation *op) {
  if (auto f = dyn_cast<func::FuncOp>(op))
    return f.isPublic() && hasBody(op);
  if (auto f = dyn_cast<LLVM::LLVMFuncOp>(op))
    return hasBody(op) && f->hasAttr("tq.signature");
  return false;
}

static Expected<Operation *> findEntry(ModuleOp module, StringRef name) {
  SmallVector<Operation *> candidates;
  for (Operation &op : module.getBody()->getOperations())
    if (isPublicFunction(&op))
      candidates.push_back(&op);
  std::string list;
  for (Operation *op : candidates)
    list += (list.empty() ? "@" : ", @") +
            SymbolTable::getSymbolName(op).getValue().str();
  if (list.empty())
    list = "none";
  if (!name.empty()) {
    Operation *op = SymbolTable::lookupSymbolIn(module, name);
    if (!op || !(isa<func::FuncOp>(op) || isa<LLVM::LLVMFuncOp>(op)))
      return err("no function @" + name + " in the module (public functions: " +
                 list + ")");
    if (!hasBody(op))
      return err("@" + name + " is a declaration, not a function with a body");
    return op;
  }
  if (candidates.size() == 1)
    return candidates.front();
  for (StringRef preferred : {"main", "forward"})
    for (Operation *op : candidates)
      if (SymbolTable::getSymbolName(op).getValue() == preferred)
        return op;
  if (candidates.empty())
    return err("the module has no public function with a body to run");
  return err("the module has several public functions (" + list +
             "); choose one with --entry");
}

Expected<std::string> resolveEntry(ModuleOp module, StringRef entry) {
  Expected<Operation *> op = findEntry(module, entry);
  if (!op)
    return op.takeError();
  return SymbolTable::getSymbolName(*op).getValue().str();
}

CompiledModel::~CompiledModel() = default;

/// Fixes the dynamic dimensions of the entry's arguments (RunnerOptions::
/// inputShapes, batch), lets the shapes flow (tosa-infer-shapes,
/// canonicalize), and makes results static where they became so.
static llvm::Error fixInputShapes(func::FuncOp f, const RunnerOptions &options) {
  if (options.inputShapes.size() > f.getNumArguments())
    return err(llvm::Twine(options.inputShapes.size()) +
               " --input-shape lists given, but @" + f.getSymName() +
               " takes " + llvm::Twine(f.getNumArguments()) + " argument" +
               (f.getNumArguments() == 1 ? "" : "s"));
  // Changing the signature would break calls to the entry from inside.
  if (std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(
          f, f->getParentOfType<ModuleOp>()))
    for (const SymbolTable::SymbolUse &use : *uses)
      return err("--batch and --input-shape change @" + f.getSymName() +
                 "'s signature, but it is called from inside the module (" +
                 use.getUser()->getName().getStringRef() +
                 "); run the caller instead");
  bool changed = false;
  OpBuilder b(f.getBody());
  SmallVector<Type> inputs(f.getArgumentTypes());
  for (auto [i, arg] : llvm::enumerate(f.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    bool given = i < options.inputShapes.size() && !options.inputShapes[i].empty();
    if (!type) {
      if (given)
        return err("--input-shape for argument " + llvm::Twine(i) + " of @" +
                   f.getSymName() + ": it is not a ranked tensor");
      continue;
    }
    SmallVector<int64_t> shape(type.getShape());
    if (i < options.inputShapes.size() && !options.inputShapes[i].empty()) {
      ArrayRef<int64_t> given = options.inputShapes[i];
      std::string printed;
      llvm::raw_string_ostream(printed) << type;
      if (given.size() != shape.size())
        return err("--input-shape for argument " + llvm::Twine(i) + " of @" +
                   f.getSymName() + " has " + llvm::Twine(given.size()) +
                   " dimensions; the argument is " + printed);
      for (auto [d, g] : llvm::enumerate(given)) {
        if (g < 0)
          return err("--input-shape for argument " + llvm::Twine(i) +
                     ": dimension " + llvm::Twine(d) + " must be >= 0");
        if (!ShapedType::isDynamic(shape[d]) && shape[d] != g)
          return err("--input-shape for argument " + llvm::Twine(i) +
                     ": dimension " + llvm::Twine(d) + " is " +
                     llvm::Twine(shape[d]) + " in " + printed + ", not " +
                     llvm::Twine(g));
        shape[d] = g;
      }
    } else if (options.batch > 0 && !shape.empty() &&
               ShapedType::isDynamic(shape[0])) {
      shape[0] = options.batch;
    }
    if (ArrayRef<int64_t>(shape) == type.getShape())
      continue;
    auto fixed = RankedTensorType::get(shape, type.getElementType(),
                                       type.getEncoding());
    arg.setType(fixed);
    inputs[i] = fixed;
    // TOSA ops take the static type as it is (tosa-infer-shapes then
    // refines their results); other uses keep seeing the old type through
    // a cast, which canonicalization folds into them where it can.
    Value cast;
    for (OpOperand &use : llvm::make_early_inc_range(arg.getUses())) {
      if (use.getOwner()->getName().getDialectNamespace() == "tosa")
        continue;
      if (!cast)
        cast = tensor::CastOp::create(b, arg.getLoc(), type, arg);
      use.set(cast);
    }
    changed = true;
  }
  if (!changed)
    return llvm::Error::success();
  f.setFunctionType(FunctionType::get(f.getContext(), inputs,
                                      f.getResultTypes()));
  PassManager pm(f.getContext());
  if (failed(parsePassPipeline("func.func(tosa-infer-shapes,canonicalize)",
                               pm)) ||
      failed(pm.run(f->getParentOfType<ModuleOp>())))
    return err("fixing the input shapes of @" + f.getSymName() +
               " failed (see the errors above)");
  // Results that became static: return them as such.
  auto ret = dyn_cast<func::ReturnOp>(f.getBody().back().getTerminator());
  if (!ret)
    return err("@" + f.getSymName() +
               " does not end in func.return; --batch and --input-shape "
               "need it to");
  SmallVector<Type> results;
  for (OpOperand &o : ret->getOpOperands()) {
    Value v = o.get();
    if (auto c = v.getDefiningOp<tensor::CastOp>())
      if (cast<ShapedType>(c.getSource().getType()).hasStaticShape())
        o.set(v = c.getSource());
    results.push_back(v.getType());
  }
  f.setFunctionType(FunctionType::get(f.getContext(), inputs, results));
  return llvm::Error::success();
}

/// Weights printed without their data (dense_resource<__elided__>, from
/// --mlir-elide-resource-strings-if-larger): reported at the first op that
/// uses them, before a long compile that would fail on them.
static llvm::Error checkResources(ModuleOp module) {
  Operation *first = nullptr;
  int64_t count = 0;
  module->walk([&](Operation *op) {
    for (NamedAttribute a : op->getAttrs())
      a.getValue().walk([&](DenseResourceElementsAttr r) {
        if (r.getRawHandle().getBlob())
          return;
        if (!first)
          first = op;
        ++count;
      });
  });
  if (!first)
    return llvm::Error::success();
  first->emitError() << "the module has elided weights (" << count
                     << " dense_resource attribute" << (count == 1 ? "" : "s")
                     << " without data, such as this op's): it was printed "
                        "without its resources (e.g. with "
                        "--mlir-elide-resource-strings-if-larger); export it "
                        "again with them";
  return err("the module's weights are missing (see the errors above)");
}

/// Functions the module calls but does not define must come from the
/// libraries the JIT loads (`libraries`) or the process (libm, libc).
static llvm::Error checkExternals(ModuleOp module,
                                  ArrayRef<StringRef> libraries) {
  for (StringRef lib : libraries) {
    std::string error;
    if (llvm::sys::DynamicLibrary::LoadLibraryPermanently(lib.str().c_str(),
                                                          &error))
      return err("cannot load " + lib + ": " + error);
  }
  SmallVector<Operation *> missing;
  for (Operation &op : module.getBody()->getOperations()) {
    StringRef name;
    bool cInterface = false;
    if (auto f = dyn_cast<func::FuncOp>(op)) {
      if (!f.isDeclaration())
        continue;
      name = f.getSymName();
      cInterface = f->hasAttr("llvm.emit_c_interface");
    } else if (auto f = dyn_cast<LLVM::LLVMFuncOp>(op)) {
      if (!f.isExternal())
        continue;
      name = f.getSymName();
    } else {
      continue;
    }
    if (SymbolTable::symbolKnownUseEmpty(&op, module))
      continue;
    std::string symbol =
        cInterface ? ("_mlir_ciface_" + name).str() : name.str();
    if (!llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(symbol))
      missing.push_back(&op);
  }
  for (Operation *op : missing)
    op->emitError() << "@" << SymbolTable::getSymbolName(op).getValue()
                    << " is called but defined neither in the module nor in "
                       "the libraries tq-run loads (the MLIR runner "
                       "utilities, libm, libc): define it in the module or "
                       "remove the calls";
  if (!missing.empty())
    return err("the module calls " + llvm::Twine(missing.size()) +
               " undefined function" + (missing.size() == 1 ? "" : "s") +
               " (see the errors above)");
  return llvm::Error::success();
}

/// The CUDA runtime library tq-run --gpu loads (into the JIT as well).
/// TQ_CUDA_RUNTIME when set; else the copy installed next to the program
/// (<prefix>/bin/tq-run finds <prefix>/lib/libtq_cuda_runtime.so); else the
/// build tree's.
static std::string cudaRuntimePath() {
  const char *path = std::getenv("TQ_CUDA_RUNTIME");
  if (path && *path)
    return path;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  if (!exe.empty()) {
    llvm::SmallString<256> installed(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
    llvm::sys::path::append(installed, "lib", "libtq_cuda_runtime.so");
    if (llvm::sys::fs::exists(installed))
      return std::string(installed);
  }
  return TQ_CUDA_RUNTIME_LIBRARY;
}

/// Loads the CUDA runtime library and checks that a GPU is usable (its
/// reason otherwise, e.g. no driver); sets the model's allocation functions.
static llvm::Error openGPURuntime(void *(*&alloc)(uint64_t, void *, bool),
                                  void (*&release)(void *, void *)) {
  std::string path = cudaRuntimePath(), error;
  auto lib = llvm::sys::DynamicLibrary::getPermanentLibrary(path.c_str(),
                                                            &error);
  if (!lib.isValid())
    return err("--gpu: cannot load the CUDA runtime library " + path + ": " +
               error);
  auto probe = reinterpret_cast<int (*)(char *, size_t)>(
      lib.getAddressOfSymbol("tqGpuProbe"));
  alloc = reinterpret_cast<void *(*)(uint64_t, void *, bool)>(
      lib.getAddressOfSymbol("mgpuMemAlloc"));
  release = reinterpret_cast<void (*)(void *, void *)>(
      lib.getAddressOfSymbol("mgpuMemFree"));
  if (!probe || !alloc || !release)
    return err("--gpu: " + path + " is not tq's CUDA runtime library");
  char message[512] = {0};
  if (probe(message, sizeof(message)) == 0)
    return err(llvm::Twine("--gpu: ") + message);
  return llvm::Error::success();
}

/// The bytes of `global`'s initializer when it is a constant tensor of at
/// least 4 KiB whose bytes are at hand (getElementBytes); none otherwise.
static std::optional<ArrayRef<char>> largeConstantBytes(LLVM::GlobalOp global) {
  auto elements = dyn_cast_or_null<ElementsAttr>(global.getValueOrNull());
  if (!global.getConstant() || !elements)
    return std::nullopt;
  std::optional<ArrayRef<char>> bytes = getElementBytes(elements);
  if (!bytes || bytes->size() < 4096)
    return std::nullopt;
  return bytes;
}

Expected<std::unique_ptr<CompiledModel>>
CompiledModel::compile(OwningOpRef<ModuleOp> module,
                       const RunnerOptions &options) {
  registerOnce();
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<CompiledModel> model(new CompiledModel());
  Expected<Operation *> entry = findEntry(*module, options.entry);
  if (!entry)
    return entry.takeError();
  model->entryName = SymbolTable::getSymbolName(*entry).getValue().str();
  bool lowered = isa<LLVM::LLVMFuncOp>(*entry);
  if (!options.inputShapes.empty() || options.batch > 0) {
    auto f = dyn_cast<func::FuncOp>(*entry);
    if (!f)
      return err("--input-shape and --batch apply to TOSA/linalg models, "
                 "not to modules lowered already");
    if (llvm::Error e = fixInputShapes(f, options))
      return std::move(e);
  }

  FunctionType signature;
  if (auto f = dyn_cast<func::FuncOp>(*entry)) {
    signature = f.getFunctionType();
  } else {
    auto attr = (*entry)->getAttrOfType<TypeAttr>("tq.signature");
    if (!attr || !isa<FunctionType>(attr.getValue()))
      return err("@" + model->entryName +
                 " is lowered to the LLVM dialect but has no tq.signature "
                 "attribute (tq-cpu-pipeline records it; or give tq-run the "
                 "TOSA/linalg module)");
    signature = cast<FunctionType>(attr.getValue());
  }
  auto specs = [&](TypeRange types, StringRef what,
                   SmallVectorImpl<TensorSpec> &out) -> llvm::Error {
    for (auto [i, t] : llvm::enumerate(types)) {
      Expected<TensorSpec> s = specOf(t, what + " " + llvm::Twine(i) +
                                             " of @" + model->entryName);
      if (!s)
        return s.takeError();
      out.push_back(std::move(*s));
    }
    return llvm::Error::success();
  };
  if (llvm::Error e = specs(signature.getInputs(), "argument", model->args))
    return std::move(e);
  if (llvm::Error e =
          specs(signature.getResults(), "result", model->resultSpecs))
    return std::move(e);

  MLIRContext *context = module->getContext();
  SmallVector<StringRef> libs = {
      TQ_LLVM_LIBRARY_DIR "/libmlir_c_runner_utils.so",
      TQ_LLVM_LIBRARY_DIR "/libmlir_runner_utils.so"};
  if (options.threads)
    libs.push_back(TQ_LLVM_LIBRARY_DIR "/libomp.so");
  std::string runtime = cudaRuntimePath();
  if (options.gpu)
    libs.push_back(runtime);
  if (llvm::Error e = checkResources(*module))
    return std::move(e);
  if (options.gpu && options.threads)
    return err("--gpu and --parallel exclude each other");
  if (options.gpu)
    if (llvm::Error e = openGPURuntime(model->gpuAlloc, model->gpuFree))
      return std::move(e);
  if (lowered) {
    if (!options.quantize.empty())
      return err("quantizers can only be inserted into TOSA/linalg input; "
                 "this module is already lowered to the LLVM dialect");
    bool hasKernels = !module->getOps<gpu::BinaryOp>().empty();
    if (hasKernels && !options.gpu)
      return err("this module was lowered by tq-gpu-pipeline: run it with "
                 "--gpu");
    if (!hasKernels && options.gpu)
      return err("--gpu given, but this module was lowered for the CPU (no "
                 "GPU kernels)");
  }
  if (llvm::Error e = checkExternals(*module, libs))
    return std::move(e);
  if (!lowered) {
    if (!options.quantize.empty()) {
      TQQuantizeOptions parsed;
      std::string error;
      if (failed(parseTQQuantizeOptions(options.quantize, parsed, error)))
        return err("invalid quantize options: " + error);
      // The maps are read here, `fit` quantizers allowed, and calibrated
      // when they hold one; tq-insert gets them as read.
      auto maps = std::make_shared<QuantMaps>();
      maps->allowFit = true;
      if (failed(readQuantMaps(context,
                               {parsed.activations, parsed.weights,
                                parsed.intrinsic, parsed.activationsFile,
                                parsed.weightsFile, parsed.intrinsicFile,
                                parsed.mapFile},
                               module->getLoc(), *maps)) ||
          failed(maps->compile(parsed.match)))
        return err("inserting the quantizers failed (see the errors above)");
      if (maps->hasFit()) {
        if (failed(checkFitMaps(context, *maps, options.calibration)))
          return err("inserting the quantizers failed (see the errors "
                     "above)");
        if (options.calibrationInputs.empty())
          return err("the maps hold fit quantizers: give the inputs to "
                     "calibrate them on (tq-run: --calibration-input, or "
                     "-i)");
        auto run = runForCalibration(*module, options,
                                     options.calibrationInputs, {},
                                     parsed.nameAttr, parsed.nameOps);
        if (!run)
          return err("the calibration run: " + toString(run.takeError()));
        auto fits = resolveFitMaps(context, *maps, parsed.match, run->values,
                                   options.calibration);
        if (!fits)
          return err("calibration: " + toString(fits.takeError()));
        model->fits = std::move(*fits);
      }
      parsed.maps = std::move(maps);
      PassManager qpm(context);
      buildTQQuantizePipeline(qpm, parsed);
      if (failed(qpm.run(*module)))
        return err("inserting the quantizers failed (see the errors above)");
      // Maps that quantize nothing would give the float result silently.
      int64_t quantized = 0;
      module->walk([&](Operation *op) {
        quantized += op->hasAttr("tq.quantized") || op->hasAttr("tq.intrinsic");
      });
      if (quantized == 0)
        return err("the maps quantize no op of @" + model->entryName +
                   " (see the warnings above; only float tensors are "
                   "quantized: ops on integers are skipped, the insertion "
                   "report lists them: --quantize='report=-')");
    }
    PassManager pm(context);
    if (options.gpu) {
      std::string error;
      if (failed(buildGPUPipeline(pm, GPUPipelineOptions(), &error)))
        return err(error);
    } else {
      CPUPipelineOptions cpu;
      cpu.threads = options.threads;
      buildCPUPipeline(pm, cpu);
    }
    if (failed(pm.run(*module)))
      return err("compiling @" + model->entryName +
                 " failed (see the errors above)");
  }

  // Large constants (weights) stay out of LLVM: each becomes an external
  // declaration, defined by the JIT's symbol table at a copy of its bytes.
  // LLVM would otherwise turn every element into a constant and emit it one
  // by one (ResNet-50, 25M floats: 11.3 s of compile time to 8.4 s).
  std::vector<std::pair<std::string, void *>> weightSymbols;
  if (!options.gpu) {
    module->walk([&](LLVM::GlobalOp global) {
      std::optional<ArrayRef<char>> bytes = largeConstantBytes(global);
      if (!bytes)
        return;
      size_t size = (bytes->size() + 63) / 64 * 64;
      char *copy = static_cast<char *>(std::aligned_alloc(64, size));
      if (!copy)
        return;
      std::memcpy(copy, bytes->data(), bytes->size());
      model->weights.emplace_back(copy);
      // A private global's name is unique in the module, and the module is
      // all the JIT links.
      global.setLinkage(LLVM::Linkage::External);
      global.removeValueAttr();
      weightSymbols.emplace_back(global.getSymName().str(), copy);
    });
  }

  // The host's target machine: without it LLVM's cost model knows no
  // vector registers and the loops stay scalar.
  auto tmBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!tmBuilder)
    return tmBuilder.takeError();
  tmBuilder->setCodeGenOptLevel(options.optLevel >= 3
                                    ? llvm::CodeGenOptLevel::Aggressive
                                    : llvm::CodeGenOptLevel::Default);
  // Gathers from strided loops (transposes, NCHW convolutions) vectorize
  // to vgather, slower here than scalar code: LeNet ran 3x slower with
  // them. The unit-stride loops still vectorize.
  if (tmBuilder->getTargetTriple().isX86()) {
    tmBuilder->getFeatures().AddFeature("prefer-no-gather");
    tmBuilder->getFeatures().AddFeature("prefer-no-scatter");
  }
  // Position-independent code: the weights' symbols (above) are heap
  // addresses, out of reach of 32-bit absolute relocations.
  tmBuilder->setRelocationModel(llvm::Reloc::PIC_);
  auto tm = tmBuilder->createTargetMachine();
  if (!tm)
    return tm.takeError();
  auto transformer = makeOptimizingTransformer(options.optLevel,
                                               /*sizeLevel=*/0, tm->get());
  ExecutionEngineOptions eo;
  eo.transformer = transformer;
  eo.sharedLibPaths = libs;
  Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(*module, eo, std::move(*tm));
  if (!engine)
    return engine.takeError();
  model->engine = std::move(*engine);
  model->engine->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap map;
    for (auto &[name, address] : weightSymbols)
      map[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                             llvm::JITSymbolFlags::Exported};
    return map;
  });
  // The JIT generates code on the first lookup: do it here, so that
  // compileSeconds counts it and run() only runs.
  if (auto fn = model->engine->lookupPacked(model->entryName); !fn)
    return fn.takeError();
  model->compileTime = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
  return std::move(model);
}

/// The words of a ranked memref descriptor (allocated, aligned, offset,
/// sizes, strides) for a row-major buffer of `shape`.
static SmallVector<int64_t> memrefDescriptor(const void *allocated,
                                             const void *aligned,
                                             int64_t offset,
                                             ArrayRef<int64_t> shape) {
  SmallVector<int64_t> d(3 + 2 * shape.size(), 0);
  d[0] = reinterpret_cast<int64_t>(allocated);
  d[1] = reinterpret_cast<int64_t>(aligned);
  d[2] = offset;
  int64_t stride = 1;
  for (int64_t r = shape.size() - 1; r >= 0; --r) {
    d[3 + r] = shape[r];
    d[3 + shape.size() + r] = stride;
    stride *= shape[r];
  }
  return d;
}

/// True when the strides of descriptor `d` (of a memref of `shape`) are
/// row-major (size-1 dimensions may have any stride).
static bool isRowMajor(const int64_t *d, ArrayRef<int64_t> shape) {
  size_t rank = shape.size();
  for (int64_t k = rank - 1, expect = 1; k >= 0; --k) {
    if (shape[k] != 1 && d[3 + rank + k] != expect)
      return false;
    expect *= shape[k];
  }
  return true;
}

static std::string dtypeName(const TensorSpec &s) {
  NpyArray a;
  a.kind = s.kind;
  a.itemSize = s.itemSize;
  a.bfloat16 = s.bfloat16;
  return a.descr();
}

Expected<std::vector<NpyArray>>
CompiledModel::run(ArrayRef<NpyArray> inputs,
                   llvm::function_ref<void(int64_t, int64_t)> progress) {
  const std::string fn = "@" + entryName;
  if (inputs.size() != args.size())
    return err(fn + " takes " + llvm::Twine(args.size()) + " input" +
               (args.size() == 1 ? "" : "s") + ", " +
               llvm::Twine(inputs.size()) + " given");
  // Check everything first; find the batch count. A bf16 argument takes
  // floats rounded to bfloat16 and u2 bit patterns too: `converted` holds
  // them.
  int64_t batches = 1;
  SmallVector<bool> sliced(inputs.size(), false);
  std::vector<NpyArray> converted(inputs.size());
  SmallVector<const NpyArray *> passed;
  for (auto [i, given] : llvm::enumerate(inputs)) {
    const TensorSpec &a = args[i];
    std::string what = "input " + std::to_string(i) +
                       (given.name.empty() ? "" : " (" + given.name + ")");
    const NpyArray *input = &given;
    if (a.bfloat16 && !given.bfloat16 &&
        (given.kind == 'f' || (given.kind == 'u' && given.itemSize == 2))) {
      Expected<NpyArray> c = toBFloat16(given);
      if (!c)
        return c.takeError();
      converted[i] = std::move(*c);
      input = &converted[i];
    }
    passed.push_back(input);
    const NpyArray &in = *input;
    if (in.kind != a.kind || in.itemSize != a.itemSize ||
        in.bfloat16 != a.bfloat16)
      return err(what + ": dtype " + given.descr() +
                 " does not match argument " + llvm::Twine(i) + " of " + fn +
                 ", " + a.type + " (dtype " + dtypeName(a) +
                 (a.bfloat16 ? ": floats, rounded to nearest even, or u2 "
                               "bit patterns"
                             : "") +
                 ")");
    if (ArrayRef<int64_t>(in.shape) == ArrayRef<int64_t>(a.shape))
      continue;
    bool batch = !a.shape.empty() && a.shape[0] > 0 &&
                 in.shape.size() == a.shape.size() &&
                 ArrayRef<int64_t>(in.shape).drop_front() ==
                     ArrayRef<int64_t>(a.shape).drop_front() &&
                 in.shape[0] % a.shape[0] == 0 && in.shape[0] > 0;
    if (!batch)
      return err(what + ": shape " + in.shapeString() +
                 " does not match argument " + llvm::Twine(i) + " of " + fn +
                 ", " + a.type + " (nor is it a batch of it)");
    int64_t k = in.shape[0] / a.shape[0];
    if (batches != 1 && k != batches)
      return err(what + ": shape " + in.shapeString() + " makes a batch of " +
                 llvm::Twine(k) + " calls where the inputs before it make " +
                 llvm::Twine(batches));
    batches = k;
    sliced[i] = true;
  }

  std::vector<NpyArray> outputs;
  for (auto [ri, r] : llvm::enumerate(resultSpecs)) {
    // One call's result fits (specOf); the batch's may not.
    std::optional<int64_t> bytes =
        ref::checkedProduct(r.shape, r.itemSize * batches);
    if (!bytes || *bytes > physicalMemory())
      return err("result " + llvm::Twine(ri) + " of " + fn + " for a batch of " +
                 llvm::Twine(batches) +
                 " calls needs more bytes than this machine's memory");
  }
  for (const TensorSpec &r : resultSpecs) {
    NpyArray o;
    o.kind = r.kind;
    o.itemSize = r.itemSize;
    o.bfloat16 = r.bfloat16;
    o.shape = r.shape;
    if (batches > 1) {
      if (o.shape.empty())
        o.shape.push_back(batches);
      else
        o.shape[0] *= batches;
    }
    o.data.resize(size_t(o.numElements()) * o.itemSize);
    outputs.push_back(std::move(o));
  }

  // Argument buffers, rewritten for every call (the entry may write into
  // its arguments): host memory, or managed memory the kernels can read
  // under --gpu.
  SmallVector<std::vector<char>> hostBuffers;
  SmallVector<MutableArrayRef<char>> buffers;
  llvm::scope_exit freeManaged([&] {
    if (gpuFree)
      for (MutableArrayRef<char> b : buffers)
        gpuFree(b.data(), nullptr);
  });
  SmallVector<SmallVector<int64_t>> descriptors;
  for (const TensorSpec &a : args) {
    size_t bytes = std::max<size_t>(1, a.numElements() * a.itemSize);
    char *data;
    if (gpuAlloc) {
      data = static_cast<char *>(gpuAlloc(bytes, nullptr, true));
    } else {
      hostBuffers.emplace_back(bytes);
      data = hostBuffers.back().data();
    }
    buffers.emplace_back(data, bytes);
    descriptors.push_back(memrefDescriptor(data, data, 0, a.shape));
  }
  size_t resultWords = 0;
  for (const TensorSpec &r : resultSpecs)
    resultWords += 3 + 2 * r.shape.size();
  std::vector<int64_t> resultBuffer(std::max<size_t>(1, resultWords));
  SmallVector<void *> packed;
  for (auto &d : descriptors)
    for (int64_t &w : d)
      packed.push_back(&w);
  if (resultWords)
    packed.push_back(resultBuffer.data());

  // Our argument buffers: never freed with the entry's results.
  llvm::DenseSet<int64_t> argumentBuffers;
  for (auto &d : descriptors)
    argumentBuffers.insert(d[0]);
  for (int64_t call = 0; call < batches; ++call) {
    for (auto [i, in] : llvm::enumerate(passed)) {
      size_t bytes = buffers[i].size();
      size_t offset = sliced[i] ? call * bytes : 0;
      if (args[i].numElements())
        std::memcpy(buffers[i].data(), in->data.data() + offset, bytes);
    }
    if (llvm::Error e = engine->invokePacked(entryName, packed))
      return std::move(e);
    // Copy every result out, then free the
    // buffers the entry allocated: not constants (memref.get_global marks
    // them with 0xdeadbeef), not our arguments, each once (two results may
    // share one buffer).
    size_t w = 0;
    SmallVector<int64_t> allocations;
    std::string layoutError;
    for (auto [ri, r] : llvm::enumerate(resultSpecs)) {
      int64_t *d = &resultBuffer[w];
      size_t rank = r.shape.size();
      w += 3 + 2 * rank;
      allocations.push_back(d[0]);
      const char *base = reinterpret_cast<const char *>(d[1]);
      int64_t n = r.numElements();
      char *dst = outputs[ri].data.data() + call * n * r.itemSize;
      // Results have the identity layout (the signature says so; tensors
      // bufferize with identity-layout function boundaries): one copy from
      // their offset.
      if (!isRowMajor(d, r.shape)) {
        if (layoutError.empty())
          layoutError = ("result " + llvm::Twine(ri) + " of " + fn +
                         " came back with strides that are not row-major")
                            .str();
        continue;
      }
      if (n)
        std::memcpy(dst, base + d[2] * r.itemSize, n * r.itemSize);
    }
    llvm::DenseSet<int64_t> freed = argumentBuffers;
    for (int64_t a : allocations) {
      if (a == 0xdeadbeef || a == 0 || !freed.insert(a).second)
        continue;
      // Under --gpu every buffer the entry allocates is managed memory.
      if (gpuFree)
        gpuFree(reinterpret_cast<void *>(a), nullptr);
      else
        std::free(reinterpret_cast<void *>(a));
    }
    // Reported after the buffers are freed.
    if (!layoutError.empty())
      return err(layoutError);
    if (progress)
      progress(call + 1, batches);
  }
  return outputs;
}

//===----------------------------------------------------------------------===//
// BoundCall
//===----------------------------------------------------------------------===//

char *BoundCall::allocate(size_t bytes) {
  bytes = std::max<size_t>(bytes, 1);
  if (model.gpuAlloc) {
    // Managed memory, readable from the host; not zeroed by CUDA.
    auto *p = static_cast<char *>(model.gpuAlloc(bytes, nullptr, true));
    if (p)
      std::memset(p, 0, bytes);
    return p;
  }
  // malloc, as the entry's own allocations: one free() for both.
  return static_cast<char *>(std::calloc(bytes, 1));
}

void BoundCall::release(char *allocated) {
  if (!allocated)
    return;
  if (model.gpuFree)
    model.gpuFree(allocated, nullptr);
  else
    std::free(allocated);
}

BoundCall::~BoundCall() {
  llvm::DenseSet<char *> freed;
  for (Buffer &b : args)
    if (b.owned && freed.insert(b.allocated).second)
      release(b.allocated);
  for (Buffer &b : results)
    if (b.owned && freed.insert(b.allocated).second)
      release(b.allocated);
}

Expected<std::unique_ptr<BoundCall>> CompiledModel::bind() {
  std::unique_ptr<BoundCall> call(new BoundCall(*this));
  for (const TensorSpec &a : args) {
    size_t bytes = size_t(a.numElements()) * a.itemSize;
    if (int64_t(bytes) > physicalMemory())
      return err("an argument of @" + entryName +
                 " needs more bytes than this machine's memory");
    BoundCall::Buffer b;
    b.bytes = bytes;
    b.allocated = b.aligned = call->allocate(bytes);
    if (!b.allocated)
      return err("cannot allocate the arguments of @" + entryName);
    b.owned = true;
    call->args.push_back(b);
  }
  call->results.resize(resultSpecs.size());
  size_t words = 0;
  for (const TensorSpec &r : resultSpecs)
    words += 3 + 2 * r.shape.size();
  call->resultWords.assign(std::max<size_t>(1, words), 0);
  return std::move(call);
}

llvm::MutableArrayRef<char> BoundCall::argument(unsigned i) {
  Buffer &b = args[i];
  return {b.aligned + b.offset * model.args[i].itemSize, b.bytes};
}

llvm::ArrayRef<char> BoundCall::result(unsigned i) const {
  const Buffer &b = results[i];
  return {b.aligned + b.offset * model.resultSpecs[i].itemSize, b.bytes};
}

llvm::Error BoundCall::invoke() {
  // The previous results nobody took.
  llvm::DenseSet<char *> freed;
  for (Buffer &b : results) {
    if (b.owned && freed.insert(b.allocated).second)
      release(b.allocated);
    b = Buffer();
  }
  descriptors.clear();
  SmallVector<void *> packed;
  for (auto [i, a] : llvm::enumerate(model.args))
    descriptors.push_back(memrefDescriptor(args[i].allocated, args[i].aligned,
                                           args[i].offset, a.shape));
  for (auto &d : descriptors)
    for (int64_t &w : d)
      packed.push_back(&w);
  packed.push_back(resultWords.data());
  if (llvm::Error e = model.engine->invokePacked(model.entryName, packed))
    return e;
  // Which results are ours: allocated by the entry, each buffer once.
  llvm::DenseSet<char *> seen;
  for (Buffer &b : args)
    seen.insert(b.allocated);
  size_t w = 0;
  std::string layoutError;
  for (auto [i, r] : llvm::enumerate(model.resultSpecs)) {
    int64_t *d = &resultWords[w];
    size_t rank = r.shape.size();
    w += 3 + 2 * rank;
    Buffer &b = results[i];
    b.allocated = reinterpret_cast<char *>(d[0]);
    b.aligned = reinterpret_cast<char *>(d[1]);
    b.offset = d[2];
    b.bytes = size_t(r.numElements()) * r.itemSize;
    b.owned = d[0] != 0xdeadbeef && d[0] != 0 &&
              seen.insert(b.allocated).second;
    if (!isRowMajor(d, r.shape) && layoutError.empty())
      layoutError = ("result " + llvm::Twine(i) + " of @" + model.entryName +
                     " came back with strides that are not row-major")
                        .str();
  }
  if (!layoutError.empty())
    return err(layoutError);
  return llvm::Error::success();
}

llvm::Error BoundCall::feedBack(unsigned r, unsigned a) {
  const TensorSpec &rs = model.resultSpecs[r], &as = model.args[a];
  if (rs.type != as.type)
    return err("result " + llvm::Twine(r) + " of @" + model.entryName + " (" +
               rs.type + ") cannot become argument " + llvm::Twine(a) + " (" +
               as.type + ")");
  Buffer &res = results[r], &arg = args[a];
  if (res.allocated == arg.allocated && res.offset == arg.offset)
    return llvm::Error::success();
  if (!res.owned) {
    // Not the entry's own allocation: copy into argument a's buffer.
    if (res.bytes)
      std::memmove(argument(a).data(), result(r).data(), res.bytes);
    return llvm::Error::success();
  }
  if (arg.owned)
    release(arg.allocated);
  arg = res;
  res.owned = false;
  return llvm::Error::success();
}

std::vector<NpyArray> CompiledModel::randomInputs(uint64_t seed,
                                                  int64_t intLow,
                                                  int64_t intHigh) const {
  std::vector<NpyArray> out;
  std::mt19937_64 rng(seed);
  for (auto [i, a] : llvm::enumerate(args)) {
    NpyArray x;
    x.name = "random input " + std::to_string(i);
    x.kind = a.kind;
    x.itemSize = a.itemSize;
    x.bfloat16 = a.bfloat16;
    x.shape = a.shape;
    int64_t n = a.numElements();
    x.data.resize(size_t(n) * a.itemSize);
    for (int64_t e = 0; e < n; ++e) {
      uint64_t bits = rng();
      char *p = x.data.data() + e * a.itemSize;
      if (a.bfloat16) {
        // 8 significant bits: steps of 2^-7, exact in bfloat16 (the upper
        // half of the float).
        float f = float(double(bits >> 56) * 0x1p-7 - 1.0);
        uint32_t u;
        std::memcpy(&u, &f, 4);
        uint16_t b = uint16_t(u >> 16);
        std::memcpy(p, &b, 2);
      } else if (a.kind == 'f') {
        // 24 random bits: exact in f32 and f64.
        double v = double(bits >> 40) * 0x1p-23 - 1.0;
        if (a.itemSize == 8) {
          std::memcpy(p, &v, 8);
        } else if (a.itemSize == 4) {
          float f = float(v);
          std::memcpy(p, &f, 4);
        } else {
          // f16: 11 significant bits suffice; build the half by hand.
          float f = float(double(bits >> 53) * 0x1p-10 - 1.0);
          uint32_t u;
          std::memcpy(&u, &f, 4);
          uint16_t h;
          if (f == 0.0f) {
            h = uint16_t((u >> 16) & 0x8000);
          } else {
            uint16_t sign = uint16_t((u >> 16) & 0x8000);
            int exp = int((u >> 23) & 0xff) - 127 + 15;
            h = uint16_t(sign | (exp << 10) | ((u >> 13) & 0x3ff));
          }
          std::memcpy(p, &h, 2);
        }
      } else if (a.kind == 'b') {
        *p = char(bits & 1);
      } else {
        // Uniform in [lo, hi) clamped to the type's range (modulo bias is
        // below 2^-40 for the ranges that make sense here).
        int bitsWide = 8 * int(a.itemSize);
        bool isSigned = a.kind == 'i';
        int64_t typeMin = isSigned ? -(int64_t(1) << (bitsWide - 1)) : 0;
        // (u64 values above INT64_MAX are not drawn.)
        int64_t typeMax = bitsWide == 64 ? INT64_MAX
                          : isSigned     ? (int64_t(1) << (bitsWide - 1)) - 1
                                         : (int64_t(1) << bitsWide) - 1;
        int64_t lo = std::clamp(intLow, typeMin, typeMax);
        int64_t hi = std::clamp(intHigh - 1, typeMin, typeMax);
        uint64_t span = uint64_t(hi) - uint64_t(lo) + 1;
        int64_t v = span == 0 ? int64_t(bits) : lo + int64_t(bits % span);
        std::memcpy(p, &v, a.itemSize);
      }
    }
    out.push_back(std::move(x));
  }
  return out;
}

} // namespace tq
