//===- tq-run.cpp - Run a model on the CPU or GPU, in-process -------------===//
//
// tq-run MODEL.mlir [-i IN.npy]... [-o OUT.npy]... [--quantize=OPTIONS]
//
// Takes TOSA/linalg input (names the ops and inserts quantizers when maps are
// given, then runs tq-cpu-pipeline, or tq-gpu-pipeline with --gpu) or a
// module already lowered by either, JIT-compiles it and calls the entry
// function on .npy inputs (or random ones). Outputs go to .npy files or,
// without -o, to standard output as text. bf16, which NumPy lacks, comes in as
// floats rounded to nearest even or as uint16 bit patterns and goes out as f32.
// See docs/run.md.
//
//===----------------------------------------------------------------------===//

#include "tq/Import/ONNX.h"
#include "tq/Runner/Runner.h"
#include "tq/Support/AtomicFile.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstring>
#include <limits>

using namespace llvm;

static cl::OptionCategory category("tq-run options");
static cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to run (default: the only public function, "
                   "else main, else forward)"),
          cl::cat(category));
static cl::alias entryShort("e", cl::aliasopt(entry));
static cl::list<std::string>
    inputFiles("input",
               cl::desc("Input .npy file (or ONNX TensorProto .pb), one per "
                        "argument in order; a bf16 argument takes floats "
                        "(rounded to nearest even) or uint16 bit patterns"),
               cl::cat(category));
static cl::alias inputShort("i", cl::aliasopt(inputFiles));
static cl::opt<bool>
    randomInputs("random-inputs",
                 cl::desc("Random inputs for every argument (floats in "
                          "[-1, 1), integers in --int-range)"),
                 cl::cat(category));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of --random-inputs"),
                              cl::init(0), cl::cat(category));
static cl::list<std::string>
    outputFiles("output",
                cl::desc("Output .npy file, one per result in order (bf16 "
                         "results as float32, exactly)"),
                cl::cat(category));
static cl::alias outputShort("o", cl::aliasopt(outputFiles));
static cl::opt<std::string>
    quantize("quantize",
             cl::desc("tq-quantize-pipeline options: maps, seed, ... "
                      "(e.g. 'activations=fp8_e4m3 weights=\"nearest,8,6\"')"),
             cl::cat(category));
static cl::opt<std::string>
    mapFile("map-file",
            cl::desc("JSON map file: combined {\"activations\": ..., \"weights\": ...} "
                     "or a TensorQuant flat map (activations) (same as "
                     "--quantize=map-file=F)"),
            cl::cat(category));
static cl::opt<bool> threads("parallel",
                             cl::desc("Use every core (tq-cpu-pipeline{threads}, OpenMP)"),
                             cl::cat(category));
static cl::opt<bool> gpu("gpu",
                         cl::desc("Run on the GPU: tq-gpu-pipeline, kernels "
                                  "through libtq_cuda_runtime.so"),
                         cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level"),
                                  cl::init(3), cl::Prefix, cl::cat(category));
static cl::opt<bool> quiet("quiet",
                           cl::desc("Do not print the timings and progress"),
                           cl::cat(category));
static cl::opt<std::string>
    intRange("int-range",
             cl::desc("Range LO,HI (HI excluded) of the random integer "
                      "inputs of --random-inputs (default 0,100: valid "
                      "token ids and class indices of most models)"),
             cl::init("0,100"), cl::cat(category));
static cl::opt<int64_t>
    batch("batch",
          cl::desc("Fix every argument's dynamic leading (batch) dimension "
                   "to N"),
          cl::init(0), cl::cat(category));
static cl::list<std::string> inputValues(
    "input-value",
    cl::desc("For an ONNX model: give a graph input its value ahead, "
             "NAME=FILE (.npy or TensorProto .pb); the input becomes a "
             "constant, not an argument (for operands TOSA needs static, "
             "such as Reshape's shape or Split's sizes)"),
    cl::value_desc("name=file"), cl::cat(category));
static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Fix an argument's shape, e.g. 1x3x224x224; one per argument "
             "in order (an empty value leaves that argument as it is); for "
             "an ONNX model also by input name, image:1x3x224x224"),
    cl::cat(category));
static cl::opt<bool>
    strict("strict",
           cl::desc("Map entries that match no op are errors (same as "
                    "--quantize=strict=1)"),
           cl::cat(category));
static cl::list<std::string> calibrationFiles(
    "calibration-input",
    cl::desc("Input .npy file of the calibration set that `fit` quantizers "
             "in the maps are fitted to, one per argument in order (default: "
             "the --input files)"),
    cl::cat(category));
static cl::opt<std::string> calibrationMethod(
    "calibration",
    cl::desc("How `fit` quantizers are fitted: max (default), "
             "percentile[=P], mse or kl, /channel for weights per output "
             "channel (docs/sweep.md, \"fit and calibration\")"),
    cl::init("max"), cl::cat(category));
static cl::opt<bool>
    debugIR("debug-ir",
            cl::desc("With an error, print the IR of the op it is about"),
            cl::cat(category));

static cl::list<std::string>
    expectFiles("expect",
                cl::desc("Expected output (.npy or ONNX TensorProto .pb), one "
                         "per result in order: compare with --rtol/--atol, "
                         "exit 1 when any element is outside (for a bf16 "
                         "result, uint16 is read as bfloat16 bit patterns)"),
                cl::cat(category));
static cl::opt<double> relTol("rtol",
                            cl::desc("Relative tolerance of --expect "
                                     "(default 1e-3, ONNX's backend tests)"),
                            cl::init(1e-3), cl::cat(category));
static cl::opt<double> absTol("atol",
                            cl::desc("Absolute tolerance of --expect "
                                     "(default 1e-7)"),
                            cl::init(1e-7), cl::cat(category));

static int fail(const Twine &msg) {
  WithColor::error(errs(), "tq-run") << msg << "\n";
  return 1;
}

static int fail(Error e) {
  std::string msg = toString(std::move(e));
  return fail(msg);
}

static void printValue(raw_ostream &os, const tq::NpyArray &a, int64_t i) {
  char buf[64];
  if (a.kind == 'f') {
    // Enough digits to read the value back exactly.
    const char *format = a.itemSize == 8   ? "%.17g"
                         : a.itemSize == 4 ? "%.9g"
                         : a.bfloat16      ? "%.4g"
                                           : "%.5g";
    snprintf(buf, sizeof buf, format, a.getDouble(i));
  } else {
    // Integers exactly, also beyond 2^53.
    const char *p = a.data.data() + i * a.itemSize;
    uint64_t bits = 0;
    std::memcpy(&bits, p, a.itemSize);
    int shift = 64 - 8 * a.itemSize;
    if (a.kind == 'i')
      snprintf(buf, sizeof buf, "%" PRId64,
               shift ? int64_t(bits << shift) >> shift : int64_t(bits));
    else
      snprintf(buf, sizeof buf, "%" PRIu64, bits);
  }
  os << buf;
}

/// Prints an output as text: a header line, then one line per row of the
/// last dimension.
static void printArray(raw_ostream &os, unsigned index,
                       const tq::NpyArray &a) {
  os << "output " << index << ": " << a.shapeString() << " " << a.descr()
     << "\n";
  int64_t n = a.numElements();
  int64_t row = a.shape.empty() ? 1 : std::max<int64_t>(1, a.shape.back());
  for (int64_t i = 0; i < n; ++i) {
    printValue(os, a, i);
    os << ((i + 1) % row == 0 || i + 1 == n ? "\n" : " ");
  }
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "tq-run: run a model (TOSA/linalg, or lowered by tq-cpu-pipeline or "
      "tq-gpu-pipeline) on the CPU or, with --gpu, on the GPU\n");

  if (randomInputs && !inputFiles.empty())
    return fail("give either --input files or --random-inputs, not both");

  int64_t intLow = 0, intHigh = 0;
  {
    auto [lo, hi] = StringRef(intRange).split(',');
    if (lo.trim().getAsInteger(10, intLow) ||
        hi.trim().getAsInteger(10, intHigh) || intLow >= intHigh)
      return fail("--int-range must be LO,HI with LO < HI (HI excluded), "
                  "got '" + intRange + "'");
  }
  if (batch < 0)
    return fail("--batch must be positive, got " + Twine(batch));

  tq::RunnerOptions options;
  options.entry = entry;
  options.quantize = quantize;
  if (!mapFile.empty())
    options.quantize += " map-file=" + mapFile;
  if (strict) {
    if (options.quantize.empty())
      return fail("--strict applies to maps: give --map-file or --quantize");
    options.quantize += " strict=1";
  }
  options.debugIR = debugIR;
  options.batch = batch;
  for (const std::string &text : inputShapes) {
    if (text.empty()) {
      options.inputShapes.push_back({});
      continue;
    }
    auto parsed = tq::parseInputShape(text);
    if (!parsed)
      return fail("--input-shape '" + text +
                  "': expected sizes separated by 'x', e.g. 1x3x224x224 (or, "
                  "for an ONNX model, NAME:1x3x224x224)");
    if (parsed->first.empty())
      options.inputShapes.push_back(std::move(parsed->second));
    else
      options.namedInputShapes.push_back(std::move(*parsed));
  }
  for (const std::string &text : inputValues) {
    auto parsed = tq::parseInputValue(text);
    if (!parsed)
      return fail(llvm::toString(parsed.takeError()));
    options.inputValues.push_back(std::move(*parsed));
  }
  options.threads = threads;
  options.gpu = gpu;
  options.optLevel = optLevel;
  {
    Expected<tq::Calibration> c = tq::parseCalibration(calibrationMethod);
    if (!c)
      return fail("--calibration: " + toString(c.takeError()));
    options.calibration = *c;
  }

  // Read the inputs first: a bad file fails before a long compile.
  std::vector<tq::NpyArray> inputs;
  for (const std::string &f : inputFiles) {
    Expected<tq::NpyArray> a = tq::readNpy(f);
    if (!a)
      return fail(a.takeError());
    inputs.push_back(std::move(*a));
  }
  std::vector<tq::NpyArray> calibrationInputs;
  for (const std::string &f : calibrationFiles) {
    Expected<tq::NpyArray> a = tq::readNpy(f);
    if (!a)
      return fail(a.takeError());
    calibrationInputs.push_back(std::move(*a));
  }
  if (!calibrationFiles.empty() && !inputFiles.empty() &&
      calibrationFiles.size() != inputFiles.size())
    return fail("--calibration-input: " + Twine(calibrationFiles.size()) +
                " files for " + Twine(inputFiles.size()) +
                " --input files (one per argument)");
  options.calibrationInputs = calibrationFiles.empty()
                                  ? ArrayRef<tq::NpyArray>(inputs)
                                  : ArrayRef<tq::NpyArray>(calibrationInputs);

  std::vector<tq::NpyArray> expected;
  for (const std::string &f : expectFiles) {
    Expected<tq::NpyArray> a = tq::readNpy(f);
    if (!a)
      return fail(a.takeError());
    expected.push_back(std::move(*a));
  }

  std::unique_ptr<mlir::MLIRContext> context =
      tq::createRunnerContext(debugIR);
  auto module = tq::parseModelFile(modelFile, *context, options);
  if (!module)
    return fail(module.takeError());
  auto model = tq::CompiledModel::compile(std::move(*module), options);
  if (!model)
    return fail(model.takeError());
  tq::CompiledModel &m = **model;
  if ((!calibrationFiles.empty() || calibrationMethod.getNumOccurrences()) &&
      m.calibrated().empty())
    WithColor::warning(errs(), "tq-run")
        << "--calibration-input and --calibration apply to `fit` quantizers, "
           "and the maps hold none\n";
  if (!quiet)
    for (const tq::ResolvedFit &f : m.calibrated())
      errs() << "tq-run: calibrated (" << options.calibration.name() << ", "
             << (calibrationFiles.empty() ? "on the inputs"
                                          : "on --calibration-input")
             << ") " << f.role << " of '" << f.name << "': " << f.fit
             << " -> " << f.quantizer << "\n";

  if (randomInputs)
    inputs = m.randomInputs(seed, intLow, intHigh);
  if (!expected.empty() && expected.size() != m.results().size())
    return fail("@" + m.entry() + " has " + Twine(m.results().size()) +
                " result" + (m.results().size() == 1 ? "" : "s") + ", " +
                Twine(expected.size()) + " --expect file" +
                (expected.size() == 1 ? "" : "s") + " given");
  if (!outputFiles.empty() && outputFiles.size() != m.results().size())
    return fail("@" + m.entry() + " has " + Twine(m.results().size()) +
                " result" + (m.results().size() == 1 ? "" : "s") + ", " +
                Twine(outputFiles.size()) + " --output file" +
                (outputFiles.size() == 1 ? "" : "s") + " given");

  // A progress line on a terminal, at most a few times a second: calls
  // done, rate, time left.
  auto start = std::chrono::steady_clock::now();
  bool tty = !quiet && sys::Process::StandardErrIsDisplayed();
  auto lastShown = start;
  bool shown = false;
  int64_t calls = 0;
  auto outputs = m.run(inputs, [&](int64_t done, int64_t total) {
    calls = done;
    auto now = std::chrono::steady_clock::now();
    if (!tty || total < 2 || now - lastShown < std::chrono::milliseconds(250))
      return;
    lastShown = now;
    shown = true;
    double seconds = std::chrono::duration<double>(now - start).count();
    errs() << "\r\x1b[K" << tq::progressLine(done, total, seconds, "calls");
  });
  if (shown)
    errs() << "\r\x1b[K";
  if (!outputs)
    return fail(outputs.takeError());
  double runTime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!quiet)
    errs() << formatv("tq-run: @{0}: compiled in {1:f3} s, ran in {2:f3} s "
                      "({3} call{4})\n",
                      m.entry(), m.compileSeconds(), runTime, calls,
                      calls == 1 ? "" : "s");

  // numpy.allclose with --expect: |out - expected| <= atol + rtol *
  // |expected|; NaN matches NaN. With -o the outputs are still written.
  bool allClose = true;
  if (!expected.empty()) {
    for (auto [i, a] : enumerate(*outputs)) {
      // ONNX's test data store bfloat16 tensors as uint16 bit patterns.
      if (a.bfloat16 && expected[i].kind == 'u' && expected[i].itemSize == 2)
        expected[i] = cantFail(tq::toBFloat16(expected[i]));
      const tq::NpyArray &e = expected[i];
      if (a.shape != e.shape) {
        errs() << "tq-run: result " << i << ": shape " << a.shapeString()
               << ", expected " << e.shapeString() << " (" << e.name << ")\n";
        allClose = false;
        continue;
      }
      int64_t n = a.numElements(), outside = 0, worst = -1;
      double maxAbs = 0, maxRel = 0, worstRatio = 0;
      for (int64_t k = 0; k < n; ++k) {
        double x = a.getDouble(k), y = e.getDouble(k);
        // Equal values (infinities included, where rtol 0 times inf would
        // make the bound NaN) are inside any tolerance.
        if (x == y || (std::isnan(x) && std::isnan(y)))
          continue;
        double d = std::fabs(x - y);
        if (std::isnan(d)) // one NaN, or inf - inf of one sign
          d = x == y ? 0 : std::numeric_limits<double>::infinity();
        maxAbs = std::max(maxAbs, d);
        // The element farthest outside its tolerance is the one shown.
        double ratio = d / (absTol + relTol * std::fabs(y));
        if (worst < 0 || ratio > worstRatio) {
          worstRatio = ratio;
          worst = k;
        }
        if (y != 0)
          maxRel = std::max(maxRel, d / std::fabs(y));
        if (!(d <= absTol + relTol * std::fabs(y)))
          ++outside;
      }
      errs() << "tq-run: result " << i << ": " << outside << " of " << n
             << " elements outside rtol " << format("%g", double(relTol))
             << " atol " << format("%g", double(absTol)) << "; max abs error "
             << format("%g", maxAbs) << ", max rel error "
             << format("%g", maxRel);
      if (outside && worst >= 0)
        errs() << " (element " << worst << ": "
               << format("%.9g", a.getDouble(worst)) << ", expected "
               << format("%.9g", e.getDouble(worst)) << ")";
      errs() << "\n";
      allClose &= outside == 0;
    }
  }
  if (outputFiles.empty()) {
    if (expected.empty())
      for (auto [i, a] : enumerate(*outputs))
        printArray(outs(), i, a);
    return allClose ? 0 : 1;
  }
  // Write every output to a temporary file next to it, then rename them all:
  // nothing partial is left behind. An output that is not a regular file
  // (/dev/null, a FIFO: tq::writesInPlace) is written to directly, last.
  SmallVector<std::string> temps; // "" where written in place
  auto cleanup = [&] {
    for (const std::string &t : temps)
      if (!t.empty())
        sys::fs::remove(t);
  };
  for (auto [i, a] : enumerate(*outputs)) {
    if (tq::writesInPlace(outputFiles[i])) {
      temps.emplace_back();
      continue;
    }
    std::string tmp = outputFiles[i] + ".tmp" +
                      std::to_string(sys::Process::getProcessId());
    temps.push_back(tmp);
    if (Error e = tq::writeNpy(tmp, a)) {
      cleanup();
      return fail(std::move(e));
    }
  }
  for (auto [i, t] : enumerate(temps)) {
    if (t.empty())
      continue;
    if (std::error_code ec = sys::fs::rename(t, outputFiles[i])) {
      cleanup();
      return fail(outputFiles[i] + ": cannot write: " + ec.message());
    }
  }
  for (auto [i, a] : enumerate(*outputs))
    if (temps[i].empty())
      if (Error e = tq::writeNpy(outputFiles[i], a))
        return fail(std::move(e));
  return allClose ? 0 : 1;
}
