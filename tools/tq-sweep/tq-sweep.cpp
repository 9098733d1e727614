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
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Pipelines/QuantizePipeline.h"
#include "tq/Runner/Runner.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
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
                                      cl::desc("<model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> entry("entry", cl::desc("Function to run"),
                                  cl::cat(category));
static cl::alias entryShort("e", cl::aliasopt(entry));
static cl::list<std::string>
    inputFiles("input", cl::desc("Input .npy file, one per argument in order "
                                 "(a batch: see tq-run)"),
               cl::cat(category));
static cl::alias inputShort("i", cl::aliasopt(inputFiles));
static cl::opt<std::string>
    labelsFile("labels",
               cl::desc("Integer labels .npy (one per sample) for top-1 "
                        "accuracy"),
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

/// %g: the shortest of fixed and exponent notation, 6 significant digits.
static std::string gformat(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

//===----------------------------------------------------------------------===//
// Configurations
//===----------------------------------------------------------------------===//

namespace {
enum class Role { Weights, Activations, Both };

struct Config {
  std::string family;
  std::string quantizer; // as written, "{bits}" substituted; may end in ",fit"
  Role role = Role::Both;
  std::string layer; // "all" or one op name
  uint64_t seed = 0;
};

StringRef roleName(Role r) {
  return r == Role::Weights ? "weights"
         : r == Role::Activations ? "activations"
                                  : "both";
}

/// Magnitudes seen in the float run.
struct Stat {
  double maxAbs = 0, sumAbs = 0;
  int64_t count = 0;
  double meanAbs() const { return count ? sumAbs / count : 0; }
};

/// Statistics of each named op's result and weights.
struct Ranges {
  std::vector<std::string> names; // every named op of interest, in order
  std::map<std::string, Stat> activations, weights;
};
} // namespace

/// Reads the sweep file. Each experiment expands to one configuration per
/// quantizer (or bit width), role and layer.
static Expected<std::vector<Config>> readConfigs(StringRef path,
                                                 const Ranges &ranges) {
  auto buf = MemoryBuffer::getFile(path);
  if (!buf)
    return err(path + ": cannot read: " + buf.getError().message());
  Expected<json::Value> doc = json::parse((*buf)->getBuffer());
  if (!doc)
    return err(path + ": invalid JSON: " + toString(doc.takeError()));
  const json::Object *top = doc->getAsObject();
  const json::Array *exps = top ? top->getArray("experiments") : nullptr;
  if (!exps)
    return err(path + ": expected {\"experiments\": [...]}");
  std::vector<Config> configs;
  for (auto [n, v] : enumerate(*exps)) {
    std::string where = (path + ": experiment " + Twine(n + 1)).str();
    const json::Object *e = v.getAsObject();
    if (!e)
      return err(where + ": expected an object");
    for (const auto &kv : *e)
      if (!is_contained({"family", "quantizer", "quantizers", "bits", "roles",
                         "layers", "seed"},
                        StringRef(kv.first)))
        return err(where + ": unknown key \"" + kv.first.str() +
                   "\" (expected family, quantizer(s), bits, roles, layers, "
                   "seed)");
    Config base;
    std::optional<StringRef> family = e->getString("family");
    if (!family)
      return err(where + ": \"family\" (a string) is required");
    base.family = family->str();
    base.seed = seed;
    if (std::optional<int64_t> s = e->getInteger("seed"))
      base.seed = *s;

    SmallVector<std::string> quantizers;
    if (std::optional<StringRef> q = e->getString("quantizer"))
      quantizers.push_back(q->str());
    if (const json::Array *qs = e->getArray("quantizers"))
      for (const json::Value &q : *qs) {
        if (!q.getAsString())
          return err(where + ": \"quantizers\" must hold strings");
        quantizers.push_back(q.getAsString()->str());
      }
    if (quantizers.empty())
      return err(where + ": give \"quantizer\" or \"quantizers\"");

    // "bits": "2-16" or [4, 8]: substituted for {bits}.
    SmallVector<int64_t> bits;
    if (const json::Value *b = e->get("bits")) {
      if (std::optional<StringRef> range = b->getAsString()) {
        auto [lo, hi] = range->split('-');
        int64_t l, h;
        if (lo.trim().getAsInteger(10, l) || hi.trim().getAsInteger(10, h) ||
            l > h)
          return err(where + ": \"bits\" range \"" + *range +
                     "\" is not FROM-TO");
        for (int64_t i = l; i <= h; ++i)
          bits.push_back(i);
      } else if (const json::Array *list = b->getAsArray()) {
        for (const json::Value &i : *list) {
          if (!i.getAsInteger())
            return err(where + ": \"bits\" must hold integers");
          bits.push_back(*i.getAsInteger());
        }
      } else {
        return err(where + ": \"bits\" must be \"FROM-TO\" or a list");
      }
    }
    SmallVector<std::string> expanded;
    for (const std::string &q : quantizers) {
      bool hasBits = StringRef(q).contains("{bits}");
      if (hasBits != !bits.empty())
        return err(where + ": \"" + q + "\": " +
                   (hasBits ? "{bits} needs a \"bits\" list"
                            : "\"bits\" given but the quantizer has no {bits}"));
      if (!hasBits) {
        expanded.push_back(q);
        continue;
      }
      for (int64_t b : bits) {
        std::string s = q;
        size_t at;
        while ((at = s.find("{bits}")) != std::string::npos)
          s.replace(at, 6, std::to_string(b));
        expanded.push_back(s);
      }
    }

    SmallVector<Role> roles;
    if (const json::Array *rs = e->getArray("roles")) {
      for (const json::Value &r : *rs) {
        std::optional<StringRef> s = r.getAsString();
        if (s && *s == "weights")
          roles.push_back(Role::Weights);
        else if (s && *s == "activations")
          roles.push_back(Role::Activations);
        else if (s && *s == "both")
          roles.push_back(Role::Both);
        else
          return err(where + ": a role is \"weights\", \"activations\" or "
                             "\"both\"");
      }
    } else {
      roles.push_back(Role::Both);
    }

    SmallVector<std::string> layers;
    const json::Value *l = e->get("layers");
    if (!l || (l->getAsString() && *l->getAsString() == "all")) {
      layers.push_back("all");
    } else if (l->getAsString() && *l->getAsString() == "each") {
      layers.append(ranges.names.begin(), ranges.names.end());
    } else if (const json::Array *list = l->getAsArray()) {
      for (const json::Value &name : *list) {
        std::optional<StringRef> s = name.getAsString();
        if (!s || !is_contained(ranges.names, s->str()))
          return err(where + ": \"layers\": " +
                     (s ? "no op named \"" + *s + "\" in the model"
                        : Twine("expected names")));
        layers.push_back(s->str());
      }
    } else {
      return err(where + ": \"layers\" is \"all\", \"each\" or a list of "
                         "op names");
    }

    for (const std::string &layer : layers)
      for (const std::string &q : expanded)
        for (Role r : roles) {
          // A layer without weights has nothing to quantize in that role.
          if (layer != "all" && r == Role::Weights &&
              !ranges.weights.count(layer))
            continue;
          Config c = base;
          c.quantizer = q;
          c.role = r;
          c.layer = layer;
          configs.push_back(c);
        }
  }
  return configs;
}

/// Integer bits that hold `maxAbs`: the smallest I with 2^I >= maxAbs.
static int integerBits(double maxAbs) {
  if (!(maxAbs > 0))
    return 0;
  return int(std::ceil(std::log2(maxAbs)));
}

/// The quantizer for one op. "ROUNDING,BITS,fit" gets the fractional bits
/// that make the range cover the largest magnitude (BITS - 1 - integer
/// bits); "binary,fit" and "ternary,fit" get the scale mean |x| (XNOR-Net's
/// choice).
static Expected<std::string> fitted(const std::string &q, const Stat &stat) {
  StringRef s(q);
  if (!s.ends_with(",fit"))
    return q;
  if (s == "binary,fit" || s == "ternary,fit") {
    double m = stat.meanAbs() > 0 ? stat.meanAbs() : 1.0;
    return (s.drop_back(3) + gformat(m)).str();
  }
  double maxAbs = stat.maxAbs;
  StringRef head = s.drop_back(3); // "rounding,bits,"
  StringRef bitsText = head.drop_back().rsplit(',').second;
  int bits;
  if (bitsText.getAsInteger(10, bits))
    return err("\"" + q + "\": fit needs the form ROUNDING,BITS,fit");
  return (head + Twine(bits - 1 - integerBits(maxAbs))).str();
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
static std::string csvField(StringRef s) {
  if (s.find_first_of(",\"\n") == StringRef::npos)
    return s.str();
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// JSON string literal.
static std::string quoted(StringRef s) {
  std::string out;
  raw_string_ostream os(out);
  os << json::Value(s.str());
  return out;
}

/// tq-quantize-pipeline options for a configuration.
static Expected<std::string> optionsFor(const Config &c, const Ranges &r) {
  bool fit = StringRef(c.quantizer).ends_with(",fit");
  auto map = [&](bool weights) -> Expected<std::string> {
    const std::map<std::string, Stat> &range =
        weights ? r.weights : r.activations;
    if (c.layer == "all" && !fit)
      return quoted(c.quantizer);
    std::string m = "{";
    for (const std::string &name : r.names) {
      if (c.layer != "all" && c.layer != name)
        continue;
      auto it = range.find(name);
      if (it == range.end())
        continue;
      Expected<std::string> q = fitted(c.quantizer, it->second);
      if (!q)
        return q.takeError();
      m += (m.size() > 1 ? ", " : "") + quoted(name) + ": " + quoted(*q);
    }
    return m + "}";
  };
  std::string o = "match=exact seed=" + std::to_string(c.seed);
  if (c.role != Role::Activations) {
    Expected<std::string> m = map(true);
    if (!m)
      return m.takeError();
    o += " weights=" + *m;
  }
  if (c.role != Role::Weights) {
    Expected<std::string> m = map(false);
    if (!m)
      return m.takeError();
    o += " activations=" + *m;
  }
  return o;
}

//===----------------------------------------------------------------------===//
// Calibration: the float run, with every named op's result and weights as
// extra outputs.
//===----------------------------------------------------------------------===//

static void addToStat(Stat &s, const tq::NpyArray &a) {
  if (a.kind != 'f')
    return;
  for (int64_t i = 0, n = a.numElements(); i < n; ++i) {
    double v = a.getDouble(i);
    if (!std::isfinite(v))
      continue;
    s.maxAbs = std::max(s.maxAbs, std::fabs(v));
    s.sumAbs += std::fabs(v);
    ++s.count;
  }
}

static bool isFloatTensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.hasStaticShape() && (t.getElementType().isF32() ||
                                     t.getElementType().isF64());
}

static Expected<Ranges> calibrate(ModuleOp base, StringRef entryName,
                                  ArrayRef<tq::NpyArray> inputs,
                                  std::vector<tq::NpyArray> &floatOutputs,
                                  double &floatSeconds) {
  OwningOpRef<ModuleOp> module = base.clone();
  PassManager pm(module->getContext());
  if (failed(parsePassPipeline("tq-name-ops", pm)) ||
      failed(pm.run(*module)))
    return err("naming the ops failed (see the errors above)");
  auto f = module->lookupSymbol<func::FuncOp>(entryName);
  if (!f)
    return err("@" + entryName +
               " is not a func.func: tq-sweep needs the TOSA/linalg model");

  Ranges ranges;
  SmallVector<Value> probes;
  SmallVector<std::pair<std::string, bool>> probeOf; // name, is weights
  f.walk([&](Operation *op) {
    if (!tq::isOpOfInterest(op) || op->getNumResults() != 1)
      return;
    std::optional<std::string> name = tq::getOpName(op, "name");
    if (!name || !isFloatTensor(op->getResult(0)))
      return;
    ranges.names.push_back(*name);
    probes.push_back(op->getResult(0));
    probeOf.push_back({*name, false});
    for (unsigned i : tq::getWeightOperands(op))
      if (isFloatTensor(op->getOperand(i))) {
        probes.push_back(op->getOperand(i));
        probeOf.push_back({*name, true});
      }
  });
  auto ret = cast<func::ReturnOp>(f.getBody().back().getTerminator());
  unsigned original = ret.getNumOperands();
  SmallVector<Value> results(ret.getOperands());
  results.append(probes.begin(), probes.end());
  ret->setOperands(results);
  SmallVector<Type> types;
  for (Value v : results)
    types.push_back(v.getType());
  f.setFunctionType(
      FunctionType::get(f.getContext(), f.getArgumentTypes(), types));

  tq::RunnerOptions options;
  options.entry = entryName.str();
  options.threads = threads;
  auto model = tq::CompiledModel::compile(std::move(module), options);
  if (!model)
    return model.takeError();
  auto start = std::chrono::steady_clock::now();
  auto outputs = (*model)->run(inputs);
  if (!outputs)
    return outputs.takeError();
  floatSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  for (unsigned i = 0; i < probes.size(); ++i) {
    auto [name, isWeights] = probeOf[i];
    auto &map = isWeights ? ranges.weights : ranges.activations;
    addToStat(map[name], (*outputs)[original + i]);
  }
  outputs->resize(original);
  floatOutputs = std::move(*outputs);
  return ranges;
}

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

  std::vector<tq::NpyArray> inputs;
  for (const std::string &f : inputFiles) {
    Expected<tq::NpyArray> a = tq::readNpy(f);
    if (!a)
      return fail(a.takeError());
    inputs.push_back(std::move(*a));
  }
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

  std::unique_ptr<MLIRContext> context = tq::createRunnerContext();
  auto module = tq::parseModelFile(modelFile, *context);
  if (!module)
    return fail(module.takeError());

  // The float run: reference outputs and the ranges "fit" uses.
  Expected<std::string> entryName = tq::resolveEntry(module->get(), entry);
  if (!entryName)
    return fail(entryName.takeError());
  std::vector<tq::NpyArray> reference;
  double floatSeconds = 0;
  Expected<Ranges> ranges =
      calibrate(module->get(), *entryName, inputs, reference, floatSeconds);
  if (!ranges)
    return fail(ranges.takeError());
  if (reference.empty())
    return fail("@" + *entryName + " returns nothing to measure");
  const tq::NpyArray &first = reference.front();
  if (!labels.empty() &&
      (first.shape.empty() || first.shape[0] != int64_t(labels.size())))
    return fail(labelsFile + ": " + Twine(labels.size()) +
                " labels for an output of shape " + first.shapeString() +
                " (expected one label per row)");
  Expected<std::vector<Config>> configs = readConfigs(configsFile, *ranges);
  if (!configs)
    return fail(configs.takeError());

  if (listOnly) {
    outs() << "op ranges (largest magnitude in the float run):\n";
    for (const std::string &n : ranges->names) {
      const Stat &a = ranges->activations[n];
      outs() << formatv("  {0,-16} activations max {1,-10} mean {2,-10}", n,
                        gformat(a.maxAbs), gformat(a.meanAbs()));
      if (ranges->weights.count(n)) {
        const Stat &w = ranges->weights[n];
        outs() << formatv(" weights max {0,-10} mean {1}", gformat(w.maxAbs),
                          gformat(w.meanAbs()));
      }
      outs() << "\n";
    }
    outs() << configs->size() << " configurations:\n";
    for (const Config &c : *configs) {
      Expected<std::string> o = optionsFor(c, *ranges);
      if (!o)
        return fail(o.takeError());
      outs() << "  " << c.family << " | " << c.quantizer << " | "
             << roleName(c.role) << " | " << c.layer << " | " << *o << "\n";
    }
    return 0;
  }

  std::unique_ptr<raw_fd_ostream> csv;
  if (!csvFile.empty()) {
    std::error_code ec;
    csv = std::make_unique<raw_fd_ostream>(csvFile, ec);
    if (ec)
      return fail(csvFile + ": cannot write: " + ec.message());
    *csv << "family,quantizer,role,layer,bits,top1,mean_abs_err,max_abs_err\n";
  }
  auto row = [&](StringRef family, StringRef q, StringRef role,
                 StringRef layer, double bits, const Metrics &m) {
    std::string top1 =
        std::isnan(m.top1) ? std::string("-") : formatv("{0:f4}", m.top1).str();
    outs() << formatv("{0,-14} {1,-22} {2,-11} {3,-12} {4,6:f2} {5,7} "
                      "{6,12:e3} {7,12:e3}\n",
                      family, q, role, layer, bits, top1, m.meanErr,
                      m.maxErr);
    outs().flush();
    if (csv)
      *csv << csvField(family) << "," << csvField(q) << "," << csvField(role)
           << "," << csvField(layer) << ","
           << gformat(bits) << ","
           << (std::isnan(m.top1) ? std::string("")
                                  : formatv("{0:f6}", m.top1).str())
           << "," << formatv("{0:e6}", m.meanErr) << ","
           << formatv("{0:e6}", m.maxErr) << "\n";
  };

  errs() << formatv("tq-sweep: @{0}: {1} configurations; float run {2:f3} "
                    "s\n",
                    *entryName, configs->size(), floatSeconds);
  outs() << formatv("{0,-14} {1,-22} {2,-11} {3,-12} {4,6} {5,7} {6,12} "
                    "{7,12}\n",
                    "family", "quantizer", "role", "layer", "bits", "top1",
                    "mean|err|", "max|err|");
  row("float", "none", "-", "-", 32, measure(reference[0], reference[0],
                                               labels));
  // One configuration: insert the quantizers (here rather than in the
  // runner, to check that something got quantized), compile, run, measure.
  // Each worker thread has its own context and copy of the model.
  struct Result {
    double bits = 0;
    Metrics metrics;
  };
  auto evaluate = [&](size_t i, MLIRContext &ctx,
                      ModuleOp base) -> Expected<Result> {
    const Config &c = (*configs)[i];
    Expected<std::string> options = optionsFor(c, *ranges);
    if (!options)
      return options.takeError();
    std::string what = "configuration " + std::to_string(i + 1) + " (" +
                       c.family + ", " + c.quantizer + ", " +
                       roleName(c.role).str() + ", " + c.layer + ")";
    OwningOpRef<ModuleOp> quantized = base.clone();
    PassManager pm(&ctx);
    std::string perr;
    if (failed(tq::buildTQQuantizePipeline(pm, *options, perr)))
      return err(what + ": " + perr);
    if (failed(pm.run(*quantized)))
      return err(what + ": inserting the quantizers failed (see the errors "
                        "above)");
    int64_t count = 0;
    quantized->walk(
        [&](Operation *op) { count += op->hasAttr("tq.quantized"); });
    if (count == 0)
      return err(what + ": quantizes nothing (no op matched)");
    tq::RunnerOptions ro;
    ro.entry = *entryName;
    ro.threads = threads;
    auto model = tq::CompiledModel::compile(std::move(quantized), ro);
    if (!model)
      return err(what + ": " + toString(model.takeError()));
    auto out = (*model)->run(inputs);
    if (!out)
      return out.takeError();
    // Bits per element: of the quantizer as written (a fitted fixed point
    // has the same width everywhere).
    Result r;
    std::string spec = StringRef(c.quantizer).ends_with(",fit")
                           ? *fitted(c.quantizer, Stat{1.0, 1.0, 1})
                           : c.quantizer;
    tq::QuantizerStringError qerr;
    if (auto q = tq::parseQuantizerString(&ctx, spec, qerr))
      r.bits = q.getBitsPerElement();
    r.metrics = measure(out->front(), reference.front(), labels);
    return r;
  };

  // Workers take configurations in order; rows are printed in order as soon
  // as every earlier one is done.
  bool tty = sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  size_t n = configs->size();
  std::vector<std::optional<Result>> results(n);
  std::vector<std::string> errors(n);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  size_t printed = 0, done = 0;
  auto finish = [&](size_t i, Expected<Result> r) {
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
      const Config &c = (*configs)[printed];
      row(c.family, c.quantizer, roleName(c.role), c.layer,
          results[printed]->bits, results[printed]->metrics);
      ++printed;
    }
    if (tty && done < n)
      errs() << formatv("[{0}/{1}] ...", done, n);
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
        auto own = tq::parseModelFile(modelFile, *ctx);
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
  for (const std::string &e : errors)
    if (!e.empty())
      return fail(e);
  double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  errs() << formatv("tq-sweep: {0} configurations in {1:f1} s\n",
                    configs->size(), total);
  return 0;
}
