//===- tq-sweep.cpp - Accuracy of a model across number formats -----------===//
//
// tq-sweep MODEL.mlir --input X.npy --labels Y.npy --configs SWEEP.json
//
// Runs the model once in float, then once per configuration of the sweep
// file (a quantizer, where it applies: weights, activations or both, and to
// which layers), and reports top-1 accuracy against the labels and the mean
// and largest absolute error of the first output against the float run: a
// table streamed to standard output, optionally a CSV. See docs/sweep.md.
//
// Every configuration is checked (tq/Runner/SweepFile.h) before the first
// quantized run; the CSV is written to a temporary file next to --csv and
// renamed over it at the end, so a failing sweep leaves no CSV behind.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Pipelines/QuantizePipeline.h"
#include "tq/Import/ONNX.h"
#include "tq/Runner/CalibrationRun.h"
#include "tq/Runner/Runner.h"
#include "tq/Runner/SweepFile.h"
#include "tq/Support/Numbers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <cstring>
#include <map>

using namespace llvm;
using namespace mlir;

static cl::OptionCategory category("tq-sweep options");
static cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir | model.onnx>"),
                                      cl::cat(category));
static cl::opt<std::string> entry("entry", cl::desc("Function to run"),
                                  cl::cat(category));
static cl::alias entryShort("e", cl::aliasopt(entry));
static cl::list<std::string>
    inputFiles("input", cl::desc("Input .npy file, one per argument in order "
                                 "(a batch: see tq-run)"),
               cl::cat(category));
static cl::alias inputShort("i", cl::aliasopt(inputFiles));
static cl::list<std::string> calibrationFiles(
    "calibration-input",
    cl::desc("Calibration set: input .npy file, one per argument in order, "
             "that `fit` quantizers are calibrated on (default: the --input "
             "files)"),
    cl::cat(category));
static cl::opt<std::string>
    labelsFile("labels",
               cl::desc("Integer labels .npy (one per sample) for top-1 "
                        "accuracy"),
               cl::cat(category));
static cl::opt<int64_t>
    batch("batch",
          cl::desc("Fix every argument's dynamic leading (batch) dimension "
                   "to N (an ONNX model's batch, e.g.)"),
          cl::init(0), cl::cat(category));
static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Fix an argument's shape, e.g. 1x3x224x224; one per argument "
             "in order"),
    cl::cat(category));
static cl::list<std::string> inputValues(
    "input-value",
    cl::desc("For an ONNX model: give a graph input its value ahead, "
             "NAME=FILE (.npy or TensorProto .pb); it becomes a constant"),
    cl::cat(category));
static cl::opt<std::string> configsFile("configs", cl::Required,
                                        cl::desc("Sweep file (JSON)"),
                                        cl::cat(category));
static cl::opt<std::string> csvFile("csv", cl::desc("Write a CSV here"),
                                    cl::cat(category));
static cl::opt<uint64_t> seed("seed",
                              cl::desc("Base seed of stochastic quantizers "
                                       "(an experiment's \"seed\" wins)"),
                              cl::init(0), cl::cat(category));
static cl::opt<bool> threads("parallel",
                             cl::desc("Use every core (OpenMP)"),
                             cl::cat(category));
static cl::opt<unsigned>
    jobs("jobs",
         cl::desc("Configurations compiled and run at once, each on its "
                  "own thread (default: one per core; 1 with --parallel)"),
         cl::init(0), cl::cat(category));
static cl::opt<size_t> maxConfigs(
    "max-configs",
    cl::desc("Refuse sweeps that expand to more configurations than this"),
    cl::init(tq::kMaxSweepConfigs), cl::cat(category));
static cl::opt<bool> listOnly("list",
                              cl::desc("Print the configurations and the "
                                       "calibrated ranges, run nothing"),
                              cl::cat(category));

static int fail(const Twine &msg) {
  WithColor::error(errs(), "tq-sweep") << msg << "\n";
  return 1;
}
static int fail(Error e) { return fail(toString(std::move(e))); }
static Error err(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
static std::string csvField(StringRef s) {
  if (s.find_first_of(",\"\n\r") == StringRef::npos)
    return s.str();
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// --batch and --input-shape, for parsing (ONNX import) and compiling.
static tq::RunnerOptions shapeOptions;

//===----------------------------------------------------------------------===//
// Metrics
//===----------------------------------------------------------------------===//

namespace {
struct Metrics {
  double top1 = NAN, meanErr = 0, maxErr = 0;
};
} // namespace

static std::vector<double> asDoubles(const tq::NpyArray &a) {
  std::vector<double> v(a.numElements());
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = a.getDouble(i);
  return v;
}

static Metrics measure(const tq::NpyArray &out, const tq::NpyArray &ref,
                       ArrayRef<int64_t> labels) {
  Metrics m;
  std::vector<double> o = asDoubles(out), r = asDoubles(ref);
  double sum = 0;
  for (size_t i = 0; i < o.size(); ++i) {
    double e = std::fabs(o[i] - r[i]);
    if (std::isnan(e))
      e = INFINITY;
    sum += e;
    m.maxErr = std::max(m.maxErr, e);
  }
  m.meanErr = o.empty() ? 0 : sum / o.size();
  if (!labels.empty()) {
    size_t classes = o.size() / labels.size();
    int64_t right = 0;
    for (size_t s = 0; s < labels.size(); ++s) {
      // argmax; NaN never wins, ties go to the first.
      size_t best = 0;
      double bestValue = -INFINITY;
      bool any = false;
      for (size_t c = 0; c < classes; ++c) {
        double v = o[s * classes + c];
        if (!std::isnan(v) && (!any || v > bestValue)) {
          best = c;
          bestValue = v;
          any = true;
        }
      }
      right += any && int64_t(best) == labels[s];
    }
    m.top1 = double(right) / labels.size();
  }
  return m;
}

//===----------------------------------------------------------------------===//
// Main
//===----------------------------------------------------------------------===//

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "tq-sweep: accuracy of a model across number "
                              "formats\n");

  if (batch < 0)
    return fail("--batch must be positive, got " + Twine(batch));
  shapeOptions.batch = batch;
  for (const std::string &text : inputShapes) {
    auto parsed = tq::parseInputShape(text);
    if (!parsed)
      return fail(parsed.takeError());
    if (parsed->first.empty())
      shapeOptions.inputShapes.push_back(parsed->second);
    else
      shapeOptions.namedInputShapes.push_back(std::move(*parsed));
  }
  for (const std::string &text : inputValues) {
    auto parsed = tq::parseInputValue(text);
    if (!parsed)
      return fail(parsed.takeError());
    shapeOptions.inputValues.push_back(std::move(*parsed));
  }

  // The sweep file first: its mistakes are found in no time.
  std::unique_ptr<MLIRContext> context = tq::createRunnerContext();
  tq::SweepOptions sweepOptions;
  sweepOptions.seed = seed;
  sweepOptions.maxConfigs = maxConfigs;
  auto configsText = MemoryBuffer::getFile(configsFile, /*IsText=*/true);
  if (!configsText)
    return fail(configsFile + ": cannot read: " +
                configsText.getError().message());
  Expected<tq::SweepFile> sweepFile = tq::parseSweepFile(
      (*configsText)->getBuffer(), configsFile, context.get(), sweepOptions);
  if (!sweepFile)
    return fail(sweepFile.takeError());

  std::vector<tq::NpyArray> inputs, calibrationInputs;
  for (const std::string &f : inputFiles) {
    Expected<tq::NpyArray> a = tq::readNpy(f);
    if (!a)
      return fail(a.takeError());
    inputs.push_back(std::move(*a));
  }
  for (const std::string &f : calibrationFiles) {
    Expected<tq::NpyArray> a = tq::readNpy(f);
    if (!a)
      return fail(a.takeError());
    calibrationInputs.push_back(std::move(*a));
  }
  if (!calibrationFiles.empty() &&
      calibrationFiles.size() != inputFiles.size())
    return fail("--calibration-input: " + Twine(calibrationFiles.size()) +
                " files for " + Twine(inputFiles.size()) +
                " --input files (one per argument)");
  std::vector<int64_t> labels;
  if (!labelsFile.empty()) {
    Expected<tq::NpyArray> l = tq::readNpy(labelsFile);
    if (!l)
      return fail(l.takeError());
    if (l->kind != 'i' && l->kind != 'u')
      return fail(labelsFile + ": labels must be integers, not " + l->descr());
    if (l->shape.size() != 1)
      return fail(labelsFile + ": labels must be one-dimensional, not " +
                  l->shapeString());
    for (double v : asDoubles(*l))
      labels.push_back(int64_t(v));
  }

  auto module = tq::parseModelFile(modelFile, *context, shapeOptions);
  if (!module)
    return fail(module.takeError());

  // The float run: reference outputs and the ranges "fit" uses.
  Expected<std::string> entryName = tq::resolveEntry(module->get(), entry);
  if (!entryName)
    return fail(entryName.takeError());
  tq::RunnerOptions floatOptions = shapeOptions;
  floatOptions.entry = *entryName;
  floatOptions.threads = threads;
  Expected<tq::CalibrationRun> floatRun = tq::runForCalibration(
      module->get(), floatOptions, inputs, calibrationInputs);
  if (!floatRun)
    return fail(floatRun.takeError());
  std::vector<tq::NpyArray> &reference = floatRun->outputs;
  double floatSeconds = floatRun->seconds;
  tq::SweepModel *ranges = &floatRun->values;
  if (reference.empty())
    return fail("@" + *entryName + " returns nothing to measure");
  const tq::NpyArray &first = reference.front();
  if (!labels.empty() &&
      (first.shape.empty() || first.shape[0] != int64_t(labels.size())))
    return fail(labelsFile + ": " + Twine(labels.size()) +
                " labels for an output of shape " + first.shapeString() +
                " (expected one label per row)");
  // Every configuration, its maps built and checked, before any runs.
  Expected<std::vector<tq::SweepConfig>> configs =
      tq::expandSweep(*sweepFile, *ranges, context.get(), sweepOptions);
  if (!configs)
    return fail(configs.takeError());

  // A configuration's quantized module: the quantizers inserted here rather
  // than in the runner, to check that something got quantized.
  auto calibrationName = [](const tq::SweepConfig &c) {
    return c.calibration ? c.calibration->name() : std::string("-");
  };
  auto describe = [&](size_t i) {
    const tq::SweepConfig &c = (*configs)[i];
    return c.where + ": configuration " + std::to_string(i + 1) + " (" +
           c.family + ", " + c.quantizer +
           (c.calibration ? ", " + calibrationName(c) : std::string()) +
           ", " +
           tq::sweepRoleName(c.role).str() + ", " + c.layer + ")";
  };
  auto quantize = [&](size_t i, MLIRContext &ctx, ModuleOp base,
                      bool canonicalize) -> Expected<OwningOpRef<ModuleOp>> {
    const tq::SweepConfig &c = (*configs)[i];
    std::string options = c.options;
    if (!canonicalize)
      options += " canonicalize=false";
    OwningOpRef<ModuleOp> quantized = base.clone();
    PassManager pm(&ctx);
    std::string perr;
    if (failed(tq::buildTQQuantizePipeline(pm, options, perr)))
      return err(describe(i) + ": " + perr);
    if (failed(pm.run(*quantized)))
      return err(describe(i) + ": inserting the quantizers failed (see the "
                               "errors above)");
    int64_t count = 0;
    quantized->walk(
        [&](Operation *op) { count += op->hasAttr("tq.quantized"); });
    if (count == 0)
      return err(describe(i) + ": quantizes nothing (no op matched)");
    return std::move(quantized);
  };
  // Insertion is cheap next to compiling: every configuration's is checked
  // (types, per-channel axes, something quantized) before the first run.
  for (size_t i = 0; i < configs->size(); ++i)
    if (Expected<OwningOpRef<ModuleOp>> q =
            quantize(i, *context, module->get(), /*canonicalize=*/false);
        !q)
      return fail(q.takeError());

  if (listOnly) {
    outs() << "op ranges (largest magnitude in the "
           << (calibrationFiles.empty() ? "float" : "calibration")
           << " run):\n";
    for (const std::string &n : ranges->names) {
      const tq::CalibrationData &a = ranges->activations[n];
      outs() << formatv("  {0,-16} activations max {1,-10} mean {2,-10}", n,
                        tq::formatG(a.maxAbs), tq::formatG(a.meanAbs()));
      if (ranges->weights.count(n)) {
        const tq::CalibrationData &w = ranges->weights[n];
        outs() << formatv(" weights max {0,-10} mean {1}", tq::formatG(w.maxAbs),
                          tq::formatG(w.meanAbs()));
      }
      outs() << "\n";
    }
    outs() << configs->size() << " configurations:\n";
    for (const tq::SweepConfig &c : *configs)
      outs() << "  " << c.family << " | " << c.quantizer << " | "
             << calibrationName(c) << " | " << tq::sweepRoleName(c.role)
             << " | " << c.layer << " | " << c.options << "\n";
    return 0;
  }

  // The CSV goes to a temporary file next to --csv, renamed over it when
  // every configuration has run; on any error (or signal) it is removed and
  // a CSV already at that path is left as it was.
  struct TempFile {
    std::string path;
    bool keep = false;
    ~TempFile() {
      if (!path.empty() && !keep)
        sys::fs::remove(path);
    }
  } tempCsv;
  // (A write error is reported at the end; on an earlier error the stream
  // must not abort the program for it when destroyed.)
  struct CsvStream {
    std::unique_ptr<raw_fd_ostream> os;
    ~CsvStream() {
      if (os)
        os->clear_error();
    }
  } csvStream;
  std::unique_ptr<raw_fd_ostream> &csv = csvStream.os;
  if (!csvFile.empty()) {
    if (sys::fs::is_directory(csvFile))
      return fail(csvFile + ": cannot write: it is a directory");
    int fd;
    SmallString<256> path;
    if (std::error_code ec = sys::fs::createUniqueFile(
            csvFile + ".tmp-%%%%%%", fd, path, sys::fs::OF_None, 0666))
      return fail(csvFile + ": cannot write: " + ec.message());
    tempCsv.path = path.str().str();
    sys::RemoveFileOnSignal(tempCsv.path);
    csv = std::make_unique<raw_fd_ostream>(fd, /*shouldClose=*/true);
    *csv << "family,quantizer,calibration,role,layer,bits,top1,mean_abs_err,"
            "max_abs_err\n";
  }
  auto row = [&](StringRef family, StringRef q, StringRef calibration,
                 StringRef role, StringRef layer, double bits,
                 const Metrics &m) {
    std::string top1 =
        std::isnan(m.top1) ? std::string("-") : formatv("{0:f4}", m.top1).str();
    outs() << formatv("{0,-14} {1,-22} {2,-15} {3,-11} {4,-12} {5,6:f2} {6,7} "
                      "{7,12:e3} {8,12:e3}\n",
                      family, q, calibration, role, layer, bits, top1,
                      m.meanErr, m.maxErr);
    outs().flush();
    // Numbers in the CSV read back exactly (shortest round-trip form).
    if (csv)
      *csv << csvField(family) << "," << csvField(q) << ","
           << csvField(calibration) << "," << csvField(role)
           << "," << csvField(layer) << "," << tq::shortestDecimal(bits) << ","
           << (std::isnan(m.top1) ? std::string("") : tq::shortestDecimal(m.top1)) << ","
           << tq::shortestDecimal(m.meanErr) << "," << tq::shortestDecimal(m.maxErr) << "\n";
  };

  errs() << formatv("tq-sweep: @{0}: {1} configurations; float run {2:f3} "
                    "s\n",
                    *entryName, configs->size(), floatSeconds);
  outs() << formatv("{0,-14} {1,-22} {2,-15} {3,-11} {4,-12} {5,6} {6,7} "
                    "{7,12} {8,12}\n",
                    "family", "quantizer", "calibration", "role", "layer",
                    "bits", "top1", "mean|err|", "max|err|");
  row("float", "none", "-", "-", "-", 32,
      measure(reference[0], reference[0], labels));
  // One configuration: the quantized module, compiled, run and measured
  // (below). Each worker thread has its own context and copy of the model.
  auto evaluate = [&](size_t i, MLIRContext &ctx,
                      ModuleOp base) -> Expected<Metrics> {
    Expected<OwningOpRef<ModuleOp>> quantized =
        quantize(i, ctx, base, /*canonicalize=*/true);
    if (!quantized)
      return quantized.takeError();
    tq::RunnerOptions ro = shapeOptions;
    ro.entry = *entryName;
    ro.threads = threads;
    auto model = tq::CompiledModel::compile(std::move(*quantized), ro);
    if (!model)
      return err(describe(i) + ": " + toString(model.takeError()));
    auto out = (*model)->run(inputs);
    if (!out)
      return err(describe(i) + ": " + toString(out.takeError()));
    return measure(out->front(), reference.front(), labels);
  };

  // Workers take configurations in order; rows are printed in order as soon
  // as every earlier one is done.
  bool tty = sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  size_t n = configs->size();
  std::vector<std::optional<Metrics>> results(n);
  std::vector<std::string> errors(n);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  size_t printed = 0, done = 0;
  auto finish = [&](size_t i, Expected<Metrics> r) {
    std::lock_guard<std::mutex> lock(mutex);
    ++done;
    if (!r) {
      errors[i] = toString(r.takeError());
      stop = true;
      return;
    }
    results[i] = *r;
    if (tty)
      errs() << "\r\x1b[K";
    while (printed < n && results[printed]) {
      const tq::SweepConfig &c = (*configs)[printed];
      row(c.family, c.quantizer, calibrationName(c), tq::sweepRoleName(c.role),
          c.layer, c.bits, *results[printed]);
      ++printed;
    }
    if (tty && done < n) {
      double elapsed = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      errs() << tq::progressLine(done, n, elapsed, "configurations");
    }
  };
  unsigned workers = std::max<unsigned>(
      1, std::min<size_t>(jobs      ? unsigned(jobs)
                          : threads ? 1u // --parallel: OpenMP uses the cores
                                    : std::thread::hardware_concurrency(),
                          n));
  if (workers == 1) {
    for (size_t i = 0; i < n && !stop; ++i)
      finish(i, evaluate(i, *context, module->get()));
  } else {
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w)
      pool.emplace_back([&] {
        std::unique_ptr<MLIRContext> ctx = tq::createRunnerContext();
        ctx->disableMultithreading();
        auto own = tq::parseModelFile(modelFile, *ctx, shapeOptions);
        if (!own) {
          size_t i = next++;
          if (i < n)
            finish(i, own.takeError());
          else
            consumeError(own.takeError());
          return;
        }
        for (size_t i; !stop && (i = next++) < n;)
          finish(i, evaluate(i, *ctx, own->get()));
      });
    for (std::thread &t : pool)
      t.join();
  }
  if (tty)
    errs() << "\r\x1b[K";
  for (const std::string &e : errors)
    if (!e.empty())
      return fail(e);
  if (csv) {
    csv->close();
    if (csv->has_error())
      return fail(csvFile + ": cannot write: " + csv->error().message());
    if (std::error_code ec = sys::fs::rename(tempCsv.path, csvFile))
      return fail(csvFile + ": cannot write: " + ec.message());
    tempCsv.keep = true;
    sys::DontRemoveFileOnSignal(tempCsv.path);
  }
  double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  errs() << formatv("tq-sweep: {0} configurations in {1:f1} s\n",
                    configs->size(), total);
  return 0;
}
