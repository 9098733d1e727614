//===- TQModule.cpp - The `tq` Python package's native module -------------===//
//
// tq._tq: quantizers (tq.Quantizer, tq.quantize) on NumPy arrays with the
// reference semantics (include/tq/Reference, the folder's code path: the
// same bits as the folder and the lowerings), through the C++ libraries;
// no second implementation. docs/python.md.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Pipelines/Pipelines.h"
#include "tq/Reference/Reference.h"
#include "tq/Pipelines/QuantizePipeline.h"
#include "tq/Runner/Npy.h"
#include "tq/Runner/Runner.h"
#include "tq/Runner/SweepResults.h"
#include "tq/Train/Train.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstring>
#include <map>

#ifndef TQ_LLVM_LIBRARY_DIR
#define TQ_LLVM_LIBRARY_DIR "/usr/lib/llvm-22/lib"
#endif
#include <mutex>
#include <thread>
#include <tuple>

namespace py = pybind11;
using namespace mlir;

namespace {

/// One context for the process: attributes are uniqued in it (thread-safe).
MLIRContext &context() {
  static MLIRContext *ctx = [] {
    auto *c = new MLIRContext();
    c->getOrLoadDialect<tq::TQDialect>();
    return c;
  }();
  return *ctx;
}

/// Raised for an invalid quantizer string (a ValueError).
PyObject *quantizerError = nullptr;

struct Quantizer {
  tq::QuantizerAttrInterface attr;
  std::string written; // the string as given

  static Quantizer parse(const std::string &spec) {
    tq::QuantizerStringError error;
    tq::QuantizerAttrInterface q =
        tq::parseQuantizerString(&context(), spec, error);
    if (!q) {
      std::string msg = "invalid quantizer '" + spec + "' (column " +
                        std::to_string(error.column + 1) +
                        "): " + error.message;
      py::object e = py::reinterpret_borrow<py::object>(quantizerError)(msg);
      e.attr("spec") = spec;
      e.attr("column") = error.column + 1;
      e.attr("reason") = error.message;
      PyErr_SetObject(quantizerError, e.ptr());
      throw py::error_already_set();
    }
    return {q, spec};
  }
  std::string spec() const { return attr.getSpec(); }
  std::string attribute() const {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << Attribute(attr);
    return s;
  }
};

/// How the elements of an array are stored.
struct Dtype {
  tq::ref::ElemType elem;
  unsigned bytes;
};

Dtype dtypeOf(const py::array &a, bool bfloat16) {
  py::dtype dt = a.dtype();
  char kind = dt.kind();
  size_t size = dt.itemsize();
  if (bfloat16) {
    if ((kind == 'u' || kind == 'i') && size == 2)
      return {tq::ref::ElemType::BF16, 2};
    throw py::type_error("bfloat16=True takes bfloat16 bit patterns as a "
                         "uint16 array, got dtype " +
                         std::string(py::str(dt)));
  }
  if (kind == 'f' && size == 2)
    return {tq::ref::ElemType::F16, 2};
  if (kind == 'f' && size == 4)
    return {tq::ref::ElemType::F32, 4};
  if (kind == 'f' && size == 8)
    return {tq::ref::ElemType::F64, 8};
  throw py::type_error("tq.quantize takes float16, float32 or float64 arrays "
                       "(or bfloat16 bit patterns as uint16 with "
                       "bfloat16=True), got dtype " +
                       std::string(py::str(dt)));
}

Type mlirElementType(tq::ref::ElemType e) {
  Builder b(&context());
  switch (e) {
  case tq::ref::ElemType::F16: return b.getF16Type();
  case tq::ref::ElemType::BF16: return b.getBF16Type();
  case tq::ref::ElemType::F32: return b.getF32Type();
  case tq::ref::ElemType::F64: return b.getF64Type();
  }
  return {};
}

const llvm::fltSemantics &semantics(tq::ref::ElemType e) {
  return e == tq::ref::ElemType::F16 ? llvm::APFloat::IEEEhalf()
                                     : llvm::APFloat::BFloat();
}

/// The quantizer applied to a contiguous buffer: the folder's steps
/// (evaluate, round to the element type, NaN inputs keep their bits).
void quantizeBuffer(tq::QuantizerAttrInterface q, Dtype d, const char *in,
                    char *out, const std::vector<int64_t> &shape,
                    uint64_t seed, uint64_t offset = 0) {
  tq::ref::Tensor t;
  t.elem = d.elem;
  t.shape = shape;
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  t.data.resize(n);
  auto halfAt = [&](int64_t i) {
    uint16_t bits;
    std::memcpy(&bits, in + 2 * i, 2);
    return llvm::APFloat(semantics(d.elem), llvm::APInt(16, bits));
  };
  for (int64_t i = 0; i < n; ++i) {
    if (d.elem == tq::ref::ElemType::F32)
      t.data[i] = reinterpret_cast<const float *>(in)[i];
    else if (d.elem == tq::ref::ElemType::F64)
      t.data[i] = reinterpret_cast<const double *>(in)[i];
    else
      t.data[i] = halfAt(i).convertToDouble();
  }
  q.evaluate(t, seed, offset);
  tq::ref::roundTensorToElement(t);
  for (int64_t i = 0; i < n; ++i) {
    if (d.elem == tq::ref::ElemType::F32) {
      float x = reinterpret_cast<const float *>(in)[i];
      reinterpret_cast<float *>(out)[i] = std::isnan(x) ? x : float(t.data[i]);
    } else if (d.elem == tq::ref::ElemType::F64) {
      double x = reinterpret_cast<const double *>(in)[i];
      reinterpret_cast<double *>(out)[i] = std::isnan(x) ? x : t.data[i];
    } else {
      llvm::APFloat x = halfAt(i);
      if (!x.isNaN()) {
        bool lost;
        x = llvm::APFloat(t.data[i]);
        x.convert(semantics(d.elem), llvm::APFloat::rmNearestTiesToEven,
                  &lost);
      }
      uint16_t bits = uint16_t(x.bitcastToAPInt().getZExtValue());
      std::memcpy(out + 2 * i, &bits, 2);
    }
  }
}

//===----------------------------------------------------------------------===//
// Compiled kernels
//===----------------------------------------------------------------------===//

/// Elements per call of a compiled kernel: the array is cut into chunks
/// (spread over threads), the rest goes through the reference with its
/// random-stream offset.
constexpr int64_t kChunk = 1 << 16;

/// An elementwise quantizer compiled for one element type by tq's CPU
/// pipeline (the code tq-run runs): q(in, out, seed, chunk) on kChunk
/// elements, element i using random index chunk * kChunk + i (a multiple
/// of 4 by construction: the lowering's vector steps, four elements per
/// Philox call).
struct Kernel {
  std::unique_ptr<MLIRContext> context;
  std::unique_ptr<ExecutionEngine> engine;
  using Fn = void (*)(void *, void *, int64_t, int64_t);
  Fn fn = nullptr;
  std::string error; // why it could not be compiled (then fn is null)
};

const char *mlirTypeName(tq::ref::ElemType e) {
  switch (e) {
  case tq::ref::ElemType::F16: return "f16";
  case tq::ref::ElemType::BF16: return "bf16";
  case tq::ref::ElemType::F32: return "f32";
  case tq::ref::ElemType::F64: return "f64";
  }
  return "";
}

/// `shape` empty: the chunk kernel of an elementwise quantizer (kChunk
/// elements, offset = chunk index); else a kernel for arrays of that shape
/// (blocks, channels, whole-tensor statistics), random index 0 first.
/// `threaded`: tq-cpu-pipeline{threads} (OpenMP over every CPU), for the
/// shape kernels.
std::unique_ptr<Kernel> compileKernel(const std::string &spec, bool stochastic,
                                      tq::ref::ElemType elem,
                                      const std::vector<int64_t> &shape,
                                      bool threaded) {
  auto k = std::make_unique<Kernel>();
  k->context = tq::createRunnerContext();
  std::string dims;
  for (int64_t d : shape.empty() ? std::vector<int64_t>{kChunk} : shape)
    dims += std::to_string(d) + "x";
  std::string m = "memref<" + dims + mlirTypeName(elem) + ">";
  std::string t = "tensor<" + dims + mlirTypeName(elem) + ">";
  bool chunked = shape.empty();
  std::string quoted;
  for (char c : spec)
    quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  std::string text =
      "func.func @q(%in: " + m + ", %out: " + m +
      ", %seed: i64, %offset: i64) attributes {llvm.emit_c_interface} {\n"
      "  %t = bufferization.to_tensor %in restrict : " + m + " to " + t + "\n" +
      (stochastic && !chunked
           ? "  %q = tq.quantize %t : " + t + " with \"" + quoted +
                 "\" seed_value(%seed)\n"
       : stochastic ? "  %c = arith.index_cast %offset : i64 to index\n"
                    "  %size = arith.constant " + std::to_string(kChunk) +
                        " : index\n"
                    "  %i = arith.muli %c, %size : index\n"
                    "  %q = tq.quantize %t : " + t + " with \"" + quoted +
                        "\" seed_value(%seed) offset(%i)\n"
                  : "  %q = tq.quantize %t : " + t + " with \"" + quoted +
                        "\"\n") +
      "  bufferization.materialize_in_destination %q in restrict writable "
      "%out : (" + t + ", " + m + ") -> ()\n"
      "  return\n}\n";
  std::string diagnostics;
  ScopedDiagnosticHandler handler(k->context.get(), [&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, k->context.get());
  PassManager pm(k->context.get());
  tq::CPUPipelineOptions cpu;
  cpu.threads = threaded;
  tq::buildCPUPipeline(pm, cpu);
  if (!module || failed(pm.run(*module))) {
    k->error = "compiling the kernel failed: " + diagnostics;
    return k;
  }
  auto tmBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!tmBuilder) {
    k->error = llvm::toString(tmBuilder.takeError());
    return k;
  }

  tmBuilder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto tm = tmBuilder->createTargetMachine();
  if (!tm) {
    k->error = llvm::toString(tm.takeError());
    return k;
  }
  // (ExecutionEngineOptions::transformer is a function_ref: the function
  // must live until the lookup below has compiled the code.)
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(3, 0, tm->get());
  ExecutionEngineOptions eo;
  eo.transformer = transformer;
  // The runtime libraries tq-run's JIT loads (memref copies; OpenMP).
  llvm::SmallVector<llvm::StringRef> libs = {
      TQ_LLVM_LIBRARY_DIR "/libmlir_c_runner_utils.so",
      TQ_LLVM_LIBRARY_DIR "/libmlir_runner_utils.so"};
  if (threaded)
    libs.push_back(TQ_LLVM_LIBRARY_DIR "/libomp.so");
  eo.sharedLibPaths = libs;
  auto engine = ExecutionEngine::create(*module, eo, std::move(*tm));
  if (!engine) {
    k->error = llvm::toString(engine.takeError());
    return k;
  }
  k->engine = std::move(*engine);
  auto fn = k->engine->lookup("_mlir_ciface_q");
  if (!fn) {
    k->error = llvm::toString(fn.takeError());
    return k;
  }
  k->fn = reinterpret_cast<Kernel::Fn>(*fn);
  return k;
}

/// Kernels by (quantizer, element type[, shape, threaded]), compiled on
/// first use.
Kernel &kernelFor(tq::QuantizerAttrInterface q, tq::ref::ElemType elem,
                  const std::vector<int64_t> &shape = {},
                  bool threaded = false) {
  static std::mutex mutex;
  // Never destroyed: the JIT's code may outlive LLVM's statics at exit.
  static auto *cache =
      new std::map<std::tuple<const void *, int, std::vector<int64_t>, bool>,
                   std::unique_ptr<Kernel>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto &k = (*cache)[{q.getAsOpaquePointer(), int(elem), shape, threaded}];
  if (!k)
    k = compileKernel(q.getSpec(), q.isStochastic(), elem, shape, threaded);
  return *k;
}

/// A shaped kernel on the whole array (row-major descriptors built here:
/// allocated, aligned, offset, sizes, strides).
void quantizeShaped(Kernel &k, Dtype d, const char *in, char *out,
                    const std::vector<int64_t> &shape, uint64_t seed) {
  auto descriptor = [&](const char *p) {
    std::vector<int64_t> v(3 + 2 * shape.size());
    v[0] = v[1] = reinterpret_cast<int64_t>(p);
    int64_t stride = 1;
    for (int64_t r = int64_t(shape.size()) - 1; r >= 0; --r) {
      v[3 + r] = shape[r];
      v[3 + shape.size() + r] = stride;
      stride *= shape[r];
    }
    return v;
  };
  std::vector<int64_t> src = descriptor(in), dst = descriptor(out);
  k.fn(src.data(), dst.data(), int64_t(seed), 0);
}

/// Arrays of at least this many elements run a kernel compiled for their
/// shape under method "auto" when the quantizer is not elementwise (one
/// compile, about 0.2 s, against 60 ns an element in the reference).
constexpr int64_t kShapedMin = 1 << 20;

/// The compiled path: chunks of kChunk elements through the kernel, spread
/// over `threads` threads, the rest through the reference (same bits).
void quantizeCompiled(Kernel &k, tq::QuantizerAttrInterface q, Dtype d,
                      const char *in, char *out, int64_t n, uint64_t seed,
                      unsigned threads) {
  int64_t chunks = n / kChunk;
  auto work = [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      int64_t first = c * kChunk;
      StridedMemRefType<char, 1> src{const_cast<char *>(in) + first * d.bytes,
                                     const_cast<char *>(in) + first * d.bytes,
                                     0, {kChunk}, {1}};
      StridedMemRefType<char, 1> dst{out + first * d.bytes,
                                     out + first * d.bytes, 0, {kChunk}, {1}};
      k.fn(&src, &dst, int64_t(seed), c);
    }
  };
  threads = std::max<unsigned>(1, std::min<int64_t>(threads, chunks));
  if (threads == 1) {
    work(0, chunks);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back(work, chunks * t / threads, chunks * (t + 1) / threads);
    for (std::thread &t : pool)
      t.join();
  }
  int64_t done = chunks * kChunk;
  if (done < n)
    quantizeBuffer(q, d, in + done * d.bytes, out + done * d.bytes,
                   {n - done}, seed, uint64_t(done));
}

Quantizer toQuantizer(const py::object &q) {
  if (py::isinstance<Quantizer>(q))
    return q.cast<Quantizer>();
  if (py::isinstance<py::str>(q))
    return Quantizer::parse(q.cast<std::string>());
  throw py::type_error("a quantizer is a string or a tq.Quantizer");
}

py::array quantize(py::array array, const py::object &quantizer,
                   uint64_t seed, std::optional<int64_t> axis, bool bfloat16,
                   std::optional<py::array> outArg, const std::string &method,
                   std::optional<unsigned> threadsArg) {
  if (method != "auto" && method != "reference" && method != "compiled")
    throw py::value_error("method must be 'auto', 'reference' or "
                          "'compiled', got '" + method + "'");
  Quantizer q = toQuantizer(quantizer);
  Dtype d = dtypeOf(array, bfloat16);
  std::vector<int64_t> shape(array.shape(), array.shape() + array.ndim());
  if (axis) {
    int64_t a = *axis < 0 ? *axis + array.ndim() : *axis;
    if (a < 0 || a >= array.ndim())
      throw py::value_error("axis " + std::to_string(*axis) +
                            " is out of range for an array of " +
                            std::to_string(array.ndim()) + " dimensions");
    q = Quantizer::parse(q.spec() + ",axis=" + std::to_string(a));
  }
  // The checks of tq.quantize's verifier for this type (per-channel axes,
  // block sizes, element types): a ValueError with its message.
  std::string message;
  auto type = RankedTensorType::get(shape, mlirElementType(d.elem));
  {
    ScopedDiagnosticHandler handler(&context(), [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (failed(q.attr.verifyForType(type, [&] {
          return emitError(UnknownLoc::get(&context()));
        })))
      throw py::value_error("quantizer '" + q.spec() + "' on an array of " +
                            std::string(py::str(array.attr("shape"))) + " " +
                            std::string(py::str(array.dtype())) + ": " +
                            message);
  }
  py::array in = py::array::ensure(array, py::array::c_style);
  py::array out;
  if (outArg) {
    out = *outArg;
    if (!out.dtype().is(in.dtype()) || out.ndim() != in.ndim() ||
        !std::equal(shape.begin(), shape.end(), out.shape()) ||
        !(out.flags() & py::array::c_style) || !out.writeable())
      throw py::value_error("out must be a writable C-contiguous array of "
                            "the input's dtype and shape");
  } else {
    out = py::array(in.dtype(),
                    std::vector<py::ssize_t>(shape.begin(), shape.end()));
  }
  int64_t n = in.size();
  const char *src = static_cast<const char *>(in.data());
  char *dst = static_cast<char *>(out.mutable_data());
  // Elementwise quantizers on arrays of a chunk or more run in compiled
  // chunks; the others on large arrays a kernel compiled for the shape.
  bool elementwise = q.attr.isElementwise();
  bool compiled =
      n > 0 && !shape.empty() &&
      (method == "compiled" ||
       (method == "auto" && n >= (elementwise ? kChunk : kShapedMin)));
  std::vector<int64_t> kernelShape = elementwise ? std::vector<int64_t>{}
                                                 : shape;
  unsigned threads = threadsArg ? *threadsArg
                                : llvm::hardware_concurrency().compute_thread_count();
  std::string failure;
  {
    py::gil_scoped_release release;
    // (A shape kernel uses OpenMP over every CPU unless threads == 1.)
    Kernel *k = compiled ? &kernelFor(q.attr, d.elem, kernelShape,
                                      !elementwise && threads > 1)
                         : nullptr;
    if (k && k->fn && elementwise)
      quantizeCompiled(*k, q.attr, d, src, dst, n, seed, threads);
    else if (k && k->fn)
      quantizeShaped(*k, d, src, dst, shape, seed);
    else if (k && method == "compiled")
      failure = k->error; // reported below, with the GIL
    else
      quantizeBuffer(q.attr, d, src, dst, shape, seed);
  }
  if (!failure.empty())
    throw std::runtime_error("'" + q.spec() + "' could not be compiled: " +
                             failure);
  return out;
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

/// Raised for a model that cannot be read, quantized, compiled or run.
PyObject *modelError = nullptr;

[[noreturn]] void raiseModelError(const std::string &msg) {
  PyErr_SetString(modelError, msg.c_str());
  throw py::error_already_set();
}

template <typename T> T orRaise(llvm::Expected<T> v) {
  if (!v)
    raiseModelError(llvm::toString(v.takeError()));
  return std::move(*v);
}

/// orRaise for a call made with the GIL released: reacquires it to raise.
template <typename T> T orRaiseReleased(llvm::Expected<T> v) {
  if (!v) {
    std::string e = llvm::toString(v.takeError());
    py::gil_scoped_acquire acquire;
    raiseModelError(e);
  }
  return std::move(*v);
}

/// A NumPy array as the runner's array (copied, C order).
tq::NpyArray toNpy(const py::array &a0, const std::string &name) {
  py::array a = py::array::ensure(a0, py::array::c_style);
  if (!a)
    throw py::type_error(name + ": not an array");
  tq::NpyArray n;
  n.name = name;
  n.kind = a.dtype().kind();
  n.itemSize = unsigned(a.dtype().itemsize());
  if (n.kind == '?') { // NumPy bool: the runner's 'b', one byte
    n.kind = 'b';
  }
  n.shape.assign(a.shape(), a.shape() + a.ndim());
  const char *p = static_cast<const char *>(a.data());
  n.data.assign(p, p + a.nbytes());
  return n;
}

py::array fromNpy(const tq::NpyArray &n0) {
  tq::NpyArray n = n0.bfloat16 ? tq::widenBFloat16(n0) : n0;
  std::string descr = n.kind == 'b' ? "?" : std::string(1, n.kind) +
                                                std::to_string(n.itemSize);
  py::array a(py::dtype(descr), std::vector<py::ssize_t>(n.shape.begin(),
                                                         n.shape.end()));
  std::memcpy(a.mutable_data(), n.data.data(), n.data.size());
  return a;
}

struct Compiled;

/// A TOSA/linalg module (or an imported ONNX model) with its own context.
struct Model {
  std::shared_ptr<MLIRContext> context;
  mutable OwningOpRef<ModuleOp> module; // (cloned and printed from const methods)
  tq::RunnerOptions options; // shapes, batch, entry
  py::object report = py::none();

  static std::shared_ptr<Model> load(const std::string &path, int64_t batch,
                                     std::vector<std::vector<int64_t>> shapes,
                                     const std::string &entry) {
    auto m = std::make_shared<Model>();
    m->context = tq::createRunnerContext();
    m->options.batch = batch;
    for (auto &s : shapes)
      m->options.inputShapes.emplace_back(s.begin(), s.end());
    m->options.entry = entry;
    {
      py::gil_scoped_release release;
      m->module = orRaiseReleased(
          tq::parseModelFile(path, *m->context, m->options));
    }
    m->options.entry = orRaise(tq::resolveEntry(*m->module, entry));
    return m;
  }

  std::shared_ptr<Model> copy() const {
    auto m = std::make_shared<Model>();
    m->context = context;
    m->module = module->clone();
    m->options = options;
    return m;
  }

  /// tq-name-ops then tq-list-names (JSON), read back.
  std::string listNames() const {
    OwningOpRef<ModuleOp> named = module->clone();
    llvm::SmallString<128> path;
    if (llvm::sys::fs::createTemporaryFile("tq-names", "json", path))
      raiseModelError("cannot create a temporary file");
    PassManager pm(context.get(), ModuleOp::getOperationName());
    std::string pipeline = "tq-name-ops,tq-list-names{format=json output=" +
                           path.str().str() + "}";
    if (failed(parsePassPipeline(pipeline, pm)) || failed(pm.run(*named))) {
      llvm::sys::fs::remove(path);
      raiseModelError("naming the ops failed (see the errors above)");
    }
    auto text = llvm::MemoryBuffer::getFile(path);
    llvm::sys::fs::remove(path);
    if (!text)
      raiseModelError("cannot read the names back");
    return (*text)->getBuffer().str();
  }

  /// A new model with tq-quantize-pipeline's insertion (lower=none) run
  /// with `options` (the option string of --tq-quantize-pipeline).
  std::shared_ptr<Model> quantize(const std::string &pipelineOptions) const {
    auto m = copy();
    tq::TQQuantizeOptions parsed;
    std::string error;
    if (failed(tq::parseTQQuantizeOptions(pipelineOptions, parsed, error)))
      raiseModelError("quantize: " + error);
    std::string diagnostics;
    {
      ScopedDiagnosticHandler handler(context.get(), [&](Diagnostic &d) {
        if (d.getSeverity() == DiagnosticSeverity::Error) {
          std::string loc;
          llvm::raw_string_ostream os(loc);
          os << d.getLocation();
          diagnostics += "\n  " + loc + ": " + d.str();
        }
        return success();
      });
      PassManager pm(context.get());
      tq::buildTQQuantizePipeline(pm, parsed);
      if (failed(pm.run(*m->module)))
        raiseModelError("inserting the quantizers failed:" + diagnostics);
    }
    return m;
  }

  std::string text() const {
    std::string s;
    llvm::raw_string_ostream os(s);
    module->print(os);
    return s;
  }

  std::shared_ptr<Compiled> compile(bool threads, bool gpu) const;
};

/// A model lowered and JIT-compiled once, called many times.
struct Compiled {
  std::shared_ptr<MLIRContext> context; // outlives the engine's module
  std::unique_ptr<tq::CompiledModel> model;
  std::mutex mutex; // one call at a time

  py::list run(const std::vector<py::array> &inputs) {
    std::vector<tq::NpyArray> in;
    for (size_t i = 0; i < inputs.size(); ++i)
      in.push_back(toNpy(inputs[i], "input " + std::to_string(i)));
    std::vector<tq::NpyArray> out;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex);
      out = orRaiseReleased(model->run(in));
    }
    py::list result;
    for (const tq::NpyArray &a : out)
      result.append(fromNpy(a));
    return result;
  }
};

std::shared_ptr<Compiled> Model::compile(bool threads, bool gpu) const {
  auto c = std::make_shared<Compiled>();
  c->context = context;
  tq::RunnerOptions ro = options;
  ro.threads = threads;
  ro.gpu = gpu;
  OwningOpRef<ModuleOp> clone = module->clone();
  llvm::Expected<std::unique_ptr<tq::CompiledModel>> model =
      llvm::createStringError(llvm::inconvertibleErrorCode(), "");
  {
    py::gil_scoped_release release;
    model = tq::CompiledModel::compile(std::move(clone), ro);
  }
  c->model = orRaise(std::move(model));
  return c;
}

//===----------------------------------------------------------------------===//
// Training
//===----------------------------------------------------------------------===//

/// tq::train with the options of a dict (the Python wrapper checks the
/// keys); a progress line on stderr when `progress`. Returns the epochs.
py::list trainModel(const py::dict &o, bool progress) {
  tq::TrainOptions t;
  auto str = [&](const char *k, std::string &v) {
    if (o.contains(k) && !o[k].is_none())
      v = o[k].cast<std::string>();
  };
  auto num = [&](const char *k, auto &v) {
    if (o.contains(k) && !o[k].is_none())
      v = o[k].cast<std::decay_t<decltype(v)>>();
  };
  str("model", t.model);
  str("entry", t.entry);
  str("train_x", t.trainX);
  str("train_y", t.trainY);
  str("test_x", t.testX);
  str("test_y", t.testY);
  str("fashion_dir", t.fashionDir);
  num("train_limit", t.trainLimit);
  num("test_limit", t.testLimit);
  num("batch", t.batch);
  num("epochs", t.epochs);
  str("optimizer", t.optimizer);
  num("lr", t.lr);
  num("momentum", t.momentum);
  num("weight_decay", t.weightDecay);
  num("beta1", t.beta1);
  num("beta2", t.beta2);
  num("eps", t.eps);
  str("schedule", t.schedule);
  num("step_size", t.stepSize);
  num("gamma", t.gamma);
  num("seed", t.seed);
  str("map_file", t.mapFile);
  str("match", t.match);
  str("ste", t.ste);
  num("threads", t.threads);
  num("gpu", t.gpu);
  str("csv", t.csv);
  str("png", t.png);
  str("out", t.out);
  if (llvm::Error e = tq::checkTrainOptions(t))
    throw py::value_error(llvm::toString(std::move(e)));
  std::vector<tq::EpochResult> epochs;
  {
    py::gil_scoped_release release;
    int64_t epochNo = 1;
    auto step = [&](int64_t done, int64_t total, double seconds,
                    double loss) {
      if (progress)
        llvm::errs() << "\r\x1b[Kepoch " << epochNo << "/" << t.epochs
                     << ": " << tq::progressLine(done, total, seconds, "steps")
                     << llvm::formatv(", loss {0:f4}", loss);
    };
    auto epoch = [&](const tq::EpochResult &r) {
      ++epochNo;
      if (progress)
        llvm::errs() << llvm::formatv(
            "\r\x1b[Kepoch {0}: train loss {1:f4}, test loss {2:f4}, "
            "accuracy {3:f4} ({4:f1} s)\n",
            r.epoch, r.trainLoss, r.testLoss, r.testAccuracy, r.seconds);
    };
    tq::TrainCallbacks callbacks;
    callbacks.step = step;
    callbacks.epoch = epoch;
    epochs = orRaiseReleased(tq::train(t, callbacks));
  }
  py::list out;
  for (const tq::EpochResult &r : epochs) {
    py::dict d;
    d["epoch"] = r.epoch;
    d["lr"] = r.lr;
    d["train_loss"] = r.trainLoss;
    d["test_loss"] = r.testLoss;
    d["test_accuracy"] = r.testAccuracy;
    d["test_correct"] = r.testCorrect;
    d["test_count"] = r.testCount;
    d["seconds"] = r.seconds;
    out.append(d);
  }
  return out;
}

} // namespace

PYBIND11_MODULE(_tq, m) {
  m.doc() = "tq's native module; use the `tq` package.";
  quantizerError = PyErr_NewExceptionWithDoc(
      "tq.QuantizerError",
      "An invalid quantizer string: the parser's message, with `spec`, "
      "`column` (1-based) and `reason` attributes.",
      PyExc_ValueError, nullptr);
  m.attr("QuantizerError") = py::handle(quantizerError);
  modelError = PyErr_NewExceptionWithDoc(
      "tq.ModelError",
      "A model that cannot be read, quantized, compiled or run: the "
      "message of tq's runner (tq-run's).",
      PyExc_RuntimeError, nullptr);
  m.attr("ModelError") = py::handle(modelError);

  py::class_<Model, std::shared_ptr<Model>>(m, "_Model")
      .def_static("load", &Model::load, py::arg("path"), py::arg("batch"),
                  py::arg("input_shapes"), py::arg("entry"))
      .def("list_names", &Model::listNames)
      .def("quantize", &Model::quantize, py::arg("options"))
      .def("compile", &Model::compile, py::arg("threads"), py::arg("gpu"))
      .def("text", &Model::text)
      .def_property_readonly("entry",
                             [](const Model &m) { return m.options.entry; });
  m.def(
      "_measure",
      [](const py::array &out, const py::array &ref,
         const std::vector<int64_t> &labels) {
        tq::SweepStats st = tq::measureSweep(toNpy(out, "output"),
                                             toNpy(ref, "reference"), labels);
        double top1 = st.top1();
        return py::make_tuple(std::isnan(top1) ? py::none()
                                               : py::object(py::float_(top1)),
                              st.meanError(), st.maxError);
      },
      py::arg("out"), py::arg("ref"), py::arg("labels"));
  m.def("_train", &trainModel, py::arg("options"), py::arg("progress"));
  py::class_<Compiled, std::shared_ptr<Compiled>>(m, "_Compiled")
      .def("run", &Compiled::run, py::arg("inputs"))
      .def_property_readonly("compile_seconds", [](const Compiled &c) {
        return c.model->compileSeconds();
      });

  py::class_<Quantizer>(m, "Quantizer", R"(A number format: a quantizer string parsed once.

    Quantizer("nearest,8,4"); every string of docs/quantizers.md and every
    attribute form (mnemonic and key=value options) is accepted. Raises
    tq.QuantizerError with the parser's message and column.)")
      .def(py::init(&Quantizer::parse), py::arg("spec"))
      .def_property_readonly("spec", &Quantizer::spec,
                             "The canonical quantizer string (parses back "
                             "to the same quantizer).")
      .def_property_readonly(
          "bits", [](const Quantizer &q) { return q.attr.getBitsPerElement(); },
          "Storage bits per element (the sweep's `bits` column).")
      .def_property_readonly(
          "stochastic", [](const Quantizer &q) { return q.attr.isStochastic(); },
          "True when the result depends on the seed.")
      .def_property_readonly(
          "elementwise",
          [](const Quantizer &q) { return q.attr.isElementwise(); },
          "True when each element is quantized alone (no blocks, channels "
          "or whole-tensor statistics).")
      .def_property_readonly("attribute", &Quantizer::attribute,
                             "The MLIR attribute, e.g. `#tq.fixed<...>`.")
      .def("__repr__",
           [](const Quantizer &q) { return "tq.Quantizer('" + q.spec() + "')"; })
      .def("__str__", &Quantizer::spec)
      .def("__eq__",
           [](const Quantizer &a, const py::object &b) {
             return py::isinstance<Quantizer>(b) &&
                    a.attr == b.cast<Quantizer>().attr;
           })
      .def("__hash__", [](const Quantizer &q) {
        return std::hash<const void *>()(q.attr.getAsOpaquePointer());
      });

  m.def("quantize", &quantize, py::arg("array"), py::arg("quantizer"),
        py::kw_only(), py::arg("seed") = 0, py::arg("axis") = py::none(),
        py::arg("bfloat16") = false, py::arg("out") = py::none(),
        py::arg("method") = "auto", py::arg("threads") = py::none(),
        R"(Quantizes a NumPy array: a new array of the same dtype and shape.

    array      float16, float32 or float64 (any layout), or bfloat16 bit
               patterns as uint16 with bfloat16=True
    quantizer  a quantizer string or a tq.Quantizer
    seed       the random stream of stochastic rounding (element i of the
               array in C order uses word i of the stream)
    axis       the axis of per-channel and block formats (negative counts
               from the end); the same as writing `,axis=A` in the string
    out        a preallocated C-contiguous array of the same dtype and
               shape to write into (returned)
    method     'auto' (default): elementwise quantizers on arrays of 65536
               elements or more run as code compiled by tq's CPU pipeline
               (once per quantizer and dtype, cached), in chunks over
               `threads` threads; other quantizers on arrays of 2^20
               elements or more as code compiled for the array's shape
               (once per shape, cached; OpenMP over every CPU unless
               threads=1); the rest through the C++ reference. 'reference' or 'compiled' force one (the bits
               are the same)
    threads    threads of the compiled path (default: the CPUs this
               process may use; a shape kernel takes 1 or all)

    The result is the reference semantics, bit for bit the folder's and the
    compiled code's. Errors: tq.QuantizerError for a bad string, ValueError
    when the quantizer does not apply to the array (the verifier's message),
    TypeError for other dtypes. Releases the GIL while it computes.)");
}
