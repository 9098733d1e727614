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
// tq-sweep ... --shard I/N [--sample-parts M] --csv PART.csv runs one part
// of the sweep and writes its partial results; tq-sweep merge PART... -o
// SWEEP.csv gives the single-machine CSV from all of them
// (tq/Runner/SweepResults.h).
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Pipelines/QuantizePipeline.h"
#include "tq/Import/ONNX.h"
#include "tq/Runner/CalibrationRun.h"
#include "tq/Runner/Runner.h"
#include "tq/Runner/SweepFile.h"
#include "tq/Runner/SweepResults.h"
#include "tq/Support/AtomicFile.h"
#include "tq/Support/Numbers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/Threading.h"
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
// -O2 by default: a sweep is mostly compiling (docs/sweep.md, "Timing":
// the Fashion-MNIST sweep 35.5 -> 31.3 s, the same CSV byte for byte).
static cl::opt<unsigned> optLevel(
    "O",
    cl::desc("LLVM optimization level of each configuration's code "
             "(default 2; results are the same at every level)"),
    cl::init(2), cl::cat(category));
static cl::opt<unsigned>
    jobs("jobs",
         cl::desc("Configurations compiled and run at once, each on its "
                  "own thread (default: one per core the process may use, "
                  "e.g. a Slurm task's; 1 with --parallel)"),
         cl::init(0), cl::cat(category));
static cl::opt<size_t> maxConfigs(
    "max-configs",
    cl::desc("Refuse sweeps that expand to more configurations than this"),
    cl::init(tq::kMaxSweepConfigs), cl::cat(category));
static cl::opt<std::string> shardSpec(
    "shard",
    cl::desc("Run the I-th of N disjoint parts of the sweep, I/N, and write "
             "its partial results to --csv (merge them with `tq-sweep merge`)"),
    cl::value_desc("I/N"), cl::cat(category));
static cl::opt<unsigned> sampleParts(
    "sample-parts",
    cl::desc("With --shard: also cut the test set into M parts of whole "
             "calls of the model (M must divide N); default 1"),
    cl::value_desc("M"), cl::init(1), cl::cat(category));
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

/// --batch and --input-shape, for parsing (ONNX import) and compiling.
static tq::RunnerOptions shapeOptions;

static std::vector<double> asDoubles(const tq::NpyArray &a) {
  std::vector<double> v(a.numElements());
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = a.getDouble(i);
  return v;
}

//===----------------------------------------------------------------------===//
// Main
//===----------------------------------------------------------------------===//

/// `tq-sweep merge PARTIAL... -o OUT.csv`
static int mergeMain(int argc, char **argv) {
  std::vector<std::string> files;
  std::string output;
  for (int i = 2; i < argc; ++i) {
    StringRef a = argv[i];
    if (a == "-h" || a == "--help") {
      outs() << "USAGE: tq-sweep merge PARTIAL.csv... -o SWEEP.csv\n\n"
                "Merges the partial results of `tq-sweep --shard I/N` (every "
                "shard once, any order)\ninto the CSV the single-machine run "
                "writes, byte for byte; nothing is written\nwhen a shard is "
                "missing or given twice or the partials are of different "
                "sweeps.\n";
      return 0;
    }
    if (a == "-o" || a == "--output") {
      if (i + 1 == argc)
        return fail(a + " needs a file name");
      output = argv[++i];
    } else if (a.consume_front("-o=") || a.consume_front("--output=")) {
      output = a.str();
    } else if (a.starts_with("-") && a != "-") {
      return fail("merge: unknown option '" + a +
                  "' (usage: tq-sweep merge PARTIAL.csv... -o SWEEP.csv)");
    } else {
      files.push_back(a.str());
    }
  }
  if (output.empty())
    return fail("merge: no output file (-o SWEEP.csv)");
  if (files.empty())
    return fail("merge: no partial files given");
  std::vector<tq::SweepPartial> partials;
  for (const std::string &f : files) {
    auto text = MemoryBuffer::getFile(f, /*IsText=*/true);
    if (!text)
      return fail(f + ": cannot read: " + text.getError().message());
    Expected<tq::SweepPartial> p =
        tq::parseSweepPartial((*text)->getBuffer(), f);
    if (!p)
      return fail(p.takeError());
    partials.push_back(std::move(*p));
  }
  Expected<std::string> csv = tq::mergeSweepPartials(partials);
  if (!csv)
    return fail(csv.takeError());
  if (Error e = tq::writeFileAtomically(output, *csv))
    return fail(std::move(e));
  errs() << formatv("tq-sweep: merged {0} shards: {1} rows\n", partials.size(),
                    partials.front().rows);
  return 0;
}

/// Rows [begin, end) of every leading dimension of `a` (a batch cut in
/// whole calls).
static tq::NpyArray sliceRows(const tq::NpyArray &a, int64_t begin,
                              int64_t end) {
  tq::NpyArray s = a;
  size_t rowBytes = a.data.size() / a.shape[0];
  s.shape[0] = end - begin;
  s.data.assign(a.data.begin() + begin * rowBytes,
                a.data.begin() + end * rowBytes);
  return s;
}

/// What a shard records of its inputs: the digest of every file that
/// feeds the results, and the options that change them.
static Expected<tq::SweepInputs> sweepInputs(StringRef entryName) {
  tq::SweepInputs in;
  Expected<std::string> d = tq::fileDigest(modelFile);
  if (!d)
    return d.takeError();
  in.model = *d;
  if (!(d = tq::fileDigest(configsFile)))
    return d.takeError();
  in.configs = *d;
  // The data: each file's digest with its role, hashed together.
  std::string data;
  auto add = [&](StringRef role, StringRef file) -> Error {
    Expected<std::string> fd = tq::fileDigest(file);
    if (!fd)
      return fd.takeError();
    data += (role + " " + *fd + "\n").str();
    return Error::success();
  };
  for (const std::string &f : inputFiles)
    if (Error e = add("input", f))
      return std::move(e);
  if (!labelsFile.empty())
    if (Error e = add("labels", labelsFile))
      return std::move(e);
  for (const std::string &f : calibrationFiles)
    if (Error e = add("calibration-input", f))
      return std::move(e);
  std::string settings = formatv("entry={0} seed={1} batch={2}", entryName,
                                 uint64_t(seed), int64_t(batch))
                             .str();
  for (const std::string &s : inputShapes)
    settings += " input-shape=" + s;
  for (const std::string &v : inputValues) {
    auto [name, file] = StringRef(v).split('=');
    settings += (" input-value=" + name).str();
    if (Error e = add(("input-value " + name).str(), file))
      return std::move(e);
  }
  in.data = "sha256:" + toHex(SHA256::hash(arrayRefFromStringRef(data)),
                              /*LowerCase=*/true);
  in.settings = settings;
  return in;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  if (argc >= 2 && StringRef(argv[1]) == "merge")
    return mergeMain(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "tq-sweep: accuracy of a model across number "
                              "formats\n\n  (and: tq-sweep merge PARTIAL.csv... "
                              "-o SWEEP.csv; see tq-sweep merge --help)\n");

  if (batch < 0)
    return fail("--batch must be positive, got " + Twine(batch));
  // --shard: this process runs one part of the sweep.
  std::optional<tq::SweepShard> shard;
  if (!shardSpec.empty()) {
    Expected<tq::SweepShard> s = tq::parseShard(shardSpec);
    if (!s)
      return fail(s.takeError());
    shard = *s;
    if (sampleParts < 1 || shard->count % sampleParts)
      return fail("--sample-parts " + Twine(sampleParts) +
                  " must divide the number of shards, " + Twine(shard->count));
    shard->sampleParts = sampleParts;
    if (csvFile.empty() && !listOnly)
      return fail("--shard " + shardSpec +
                  ": give --csv FILE for its partial results");
  } else if (sampleParts != 1) {
    return fail("--sample-parts needs --shard");
  }
  shapeOptions.batch = batch;
  shapeOptions.optLevel = optLevel;
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

  Expected<std::string> entryName = tq::resolveEntry(module->get(), entry);
  if (!entryName)
    return fail(entryName.takeError());

  // A shard's sample part: whole calls of the model (a batch of k times the
  // argument's leading dimension is k calls, see tq-run), so that each call
  // sees the inputs it sees in the whole run.
  std::vector<tq::NpyArray> partInputs;
  std::vector<int64_t> partLabels;
  const std::vector<tq::NpyArray> *runInputs = &inputs;
  ArrayRef<int64_t> runLabels = labels;
  std::string partNote;
  if (shard && shard->sampleParts > 1) {
    auto f = module->get().lookupSymbol<func::FuncOp>(*entryName);
    auto argType =
        f && f.getNumArguments() && !inputs.empty()
            ? dyn_cast<RankedTensorType>(f.getArgumentTypes()[0])
            : RankedTensorType();
    const tq::NpyArray &x = inputs.empty() ? tq::NpyArray() : inputs[0];
    int64_t calls = 1;
    if (argType && argType.getRank() >= 1 && !argType.isDynamicDim(0) &&
        argType.getDimSize(0) > 0 && !x.shape.empty() &&
        x.shape.size() == size_t(argType.getRank()) &&
        x.shape[0] != argType.getDimSize(0) &&
        x.shape[0] % argType.getDimSize(0) == 0)
      calls = x.shape[0] / argType.getDimSize(0);
    if (calls < int64_t(shard->sampleParts))
      return fail("--sample-parts " + Twine(shard->sampleParts) +
                  ": the inputs are " + Twine(calls) +
                  (calls == 1 ? " call" : " calls") +
                  " of @" + *entryName +
                  " (a batch of k times its first argument's leading "
                  "dimension is k calls); a sample part takes whole calls");
    int64_t p = shard->samplePart(), parts = shard->sampleParts;
    int64_t c0 = p * calls / parts, c1 = (p + 1) * calls / parts;
    for (const tq::NpyArray &in : inputs) {
      if (in.shape.empty() || in.shape[0] % calls)
        return fail(in.name + ": its leading dimension " +
                    (in.shape.empty() ? std::string("(none)")
                                      : std::to_string(in.shape[0])) +
                    " is not " + Twine(calls) + " calls' worth");
      int64_t rows = in.shape[0] / calls;
      partInputs.push_back(sliceRows(in, c0 * rows, c1 * rows));
    }
    if (!labels.empty()) {
      if (labels.size() % calls)
        return fail(labelsFile + ": " + Twine(labels.size()) +
                    " labels for " + Twine(calls) + " calls");
      size_t per = labels.size() / calls;
      partLabels.assign(labels.begin() + c0 * per, labels.begin() + c1 * per);
    }
    runInputs = &partInputs;
    runLabels = partLabels;
    partNote = formatv(", sample part {0}/{1}: calls {2}-{3} of {4}", p + 1,
                       parts, c0 + 1, c1, calls)
                   .str();
  }

  // The float run: reference outputs and the ranges "fit" uses (on the
  // whole test set unless a calibration set is given, also in a shard).
  tq::RunnerOptions floatOptions = shapeOptions;
  floatOptions.entry = *entryName;
  floatOptions.threads = threads;
  Expected<tq::CalibrationRun> floatRun = tq::runForCalibration(
      module->get(), floatOptions, *runInputs,
      calibrationInputs.empty() && runInputs != &inputs
          ? ArrayRef<tq::NpyArray>(inputs)
          : ArrayRef<tq::NpyArray>(calibrationInputs));
  if (!floatRun)
    return fail(floatRun.takeError());
  std::vector<tq::NpyArray> &reference = floatRun->outputs;
  double floatSeconds = floatRun->seconds;
  tq::SweepModel *ranges = &floatRun->values;
  if (reference.empty())
    return fail("@" + *entryName + " returns nothing to measure");
  const tq::NpyArray &first = reference.front();
  if (!runLabels.empty() &&
      (first.shape.empty() || first.shape[0] != int64_t(runLabels.size())))
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

  // The CSV (or a shard's partial results) goes to a temporary file next to
  // --csv, renamed over it when every configuration has run; on any error
  // (or signal) it is removed and a file already at that path is left as it
  // was (/dev/null or a FIFO is written directly at the end:
  // tq::StagedFile). Opened now, so that an unwritable path fails before any
  // run.
  auto cannotWrite = [&](Error reason) {
    return fail(csvFile + ": cannot write: " + toString(std::move(reason)));
  };
  std::optional<tq::StagedFile> csv;
  if (!csvFile.empty()) {
    Expected<tq::StagedFile> staged = tq::StagedFile::create(csvFile);
    if (!staged)
      return cannotWrite(staged.takeError());
    csv.emplace(std::move(*staged));
  }
  std::optional<tq::SweepInputs> shardInputs;
  if (shard) {
    Expected<tq::SweepInputs> in = sweepInputs(*entryName);
    if (!in)
      return fail(in.takeError());
    shardInputs = std::move(*in);
  }

  // Rows: 0 is the float run, r the r-th configuration; a shard runs some.
  size_t n = configs->size();
  std::vector<size_t> mine; // the configurations this process runs
  for (size_t i = 0; i < n; ++i)
    if (!shard || shard->runsRow(i + 1))
      mine.push_back(i);
  bool floatRow = !shard || shard->runsRow(0);

  auto info = [&](size_t i) {
    const tq::SweepConfig &c = (*configs)[i];
    return tq::SweepRowInfo{c.family, c.quantizer, calibrationName(c),
                            tq::sweepRoleName(c.role).str(), c.layer, c.bits};
  };
  auto row = [&](const tq::SweepRowInfo &r, const tq::SweepStats &m) {
    double top1 = m.top1();
    std::string t =
        std::isnan(top1) ? std::string("-") : formatv("{0:f4}", top1).str();
    outs() << formatv("{0,-14} {1,-22} {2,-15} {3,-11} {4,-12} {5,6:f2} {6,7} "
                      "{7,12:e3} {8,12:e3}\n",
                      r.family, r.quantizer, r.calibration, r.role, r.layer,
                      r.bits, t, m.meanError(), m.maxError);
    outs().flush();
  };

  if (shard)
    errs() << formatv("tq-sweep: @{0}: shard {1}/{2}: {3} of {4} "
                      "configurations{5}{6}; float run {7:f3} s\n",
                      *entryName, shard->index, shard->count, mine.size(), n,
                      floatRow ? " and the float row" : "", partNote,
                      floatSeconds);
  else
    errs() << formatv("tq-sweep: @{0}: {1} configurations; float run {2:f3} "
                      "s\n",
                      *entryName, n, floatSeconds);
  outs() << formatv("{0,-14} {1,-22} {2,-15} {3,-11} {4,-12} {5,6} {6,7} "
                    "{7,12} {8,12}\n",
                    "family", "quantizer", "calibration", "role", "layer",
                    "bits", "top1", "mean|err|", "max|err|");
  const tq::SweepRowInfo floatInfo{"float", "none", "-", "-", "-", 32};
  tq::SweepStats floatStats =
      tq::measureSweep(reference[0], reference[0], runLabels);
  if (floatRow)
    row(floatInfo, floatStats);
  // One configuration: the quantized module, compiled, run and measured
  // (below). Each worker thread has its own context and copy of the model.
  auto evaluate = [&](size_t i, MLIRContext &ctx,
                      ModuleOp base) -> Expected<tq::SweepStats> {
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
    auto out = (*model)->run(*runInputs);
    if (!out)
      return err(describe(i) + ": " + toString(out.takeError()));
    return tq::measureSweep(out->front(), reference.front(), runLabels);
  };

  // Workers take configurations in order; rows are printed in order as soon
  // as every earlier one is done.
  bool tty = sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  size_t count = mine.size();
  std::vector<std::optional<tq::SweepStats>> results(count);
  std::vector<std::string> errors(count);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  size_t printed = 0, done = 0;
  auto finish = [&](size_t k, Expected<tq::SweepStats> r) {
    std::lock_guard<std::mutex> lock(mutex);
    ++done;
    if (!r) {
      errors[k] = toString(r.takeError());
      stop = true;
      return;
    }
    results[k] = *r;
    if (tty)
      errs() << "\r\x1b[K";
    while (printed < count && results[printed]) {
      row(info(mine[printed]), *results[printed]);
      ++printed;
    }
    if (tty && done < count) {
      double elapsed = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      errs() << tq::progressLine(done, count, elapsed, "configurations");
    }
  };
  unsigned workers = std::max<unsigned>(
      1, std::min<size_t>(jobs      ? unsigned(jobs)
                          : threads ? 1u // --parallel: OpenMP uses the cores
                                    : hardware_concurrency().compute_thread_count(),
                          count));
  if (workers == 1) {
    for (size_t k = 0; k < count && !stop; ++k)
      finish(k, evaluate(mine[k], *context, module->get()));
  } else {
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w)
      pool.emplace_back([&] {
        std::unique_ptr<MLIRContext> ctx = tq::createRunnerContext();
        ctx->disableMultithreading();
        auto own = tq::parseModelFile(modelFile, *ctx, shapeOptions);
        if (!own) {
          size_t k = next++;
          if (k < count)
            finish(k, own.takeError());
          else
            consumeError(own.takeError());
          return;
        }
        for (size_t k; !stop && (k = next++) < count;)
          finish(k, evaluate(mine[k], *ctx, own->get()));
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
    std::string text;
    if (shard) {
      tq::SweepPartial partial;
      partial.shard = *shard;
      partial.rows = n + 1;
      partial.inputs = *shardInputs;
      unsigned part = shard->samplePart();
      if (floatRow)
        partial.results.push_back({0, part, floatInfo, floatStats});
      for (size_t k = 0; k < count; ++k)
        partial.results.push_back({mine[k] + 1, part, info(mine[k]),
                                   *results[k]});
      text = tq::printSweepPartial(partial);
    } else {
      text = tq::sweepCsvHeader() + tq::sweepCsvRow(floatInfo, floatStats);
      for (size_t k = 0; k < count; ++k)
        text += tq::sweepCsvRow(info(mine[k]), *results[k]);
    }
    if (Error e = csv->write(text))
      return cannotWrite(std::move(e));
    if (Error e = csv->commit())
      return cannotWrite(std::move(e));
  }
  double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  errs() << formatv("tq-sweep: {0} configurations in {1:f1} s\n", count,
                    total);
  return 0;
}
