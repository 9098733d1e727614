//===- SweepFile.cpp - tq-sweep's sweep files -----------------------------===//

#include "tq/Runner/SweepFile.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/QuantMap.h"
#include "tq/Support/JsonReader.h"
#include "tq/Support/Numbers.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"


using namespace tq;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

StringRef tq::sweepRoleName(SweepRole role) {
  switch (role) {
  case SweepRole::Weights: return "weights";
  case SweepRole::Activations: return "activations";
  case SweepRole::Both: return "both";
  }
  return "";
}

std::string SweepFile::where(SweepPos pos) const {
  return (source + ":" + Twine(pos.line) + ":" + Twine(pos.column)).str();
}

static Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// parseSweepFile
//===----------------------------------------------------------------------===//

namespace {
class SweepParser {
public:
  SweepParser(StringRef text, StringRef source, mlir::MLIRContext *ctx,
              const SweepOptions &options)
      : text(text), lines(text), ctx(ctx), options(options) {
    file.source = source.str();
  }

  Expected<SweepFile> parse();

private:
  SweepPos posAt(size_t offset) const {
    auto [line, column] = lines.lineColumn(offset);
    return {line, column};
  }
  Error error(size_t offset, const Twine &message) const {
    return makeError(file.where(posAt(offset)) + ": " + message);
  }
  /// What a value is, for "got ...": strings are quoted.
  static std::string got(const JsonValue &v) {
    if (!v.isString())
      return v.describe();
    // At most 40 bytes, cut at a character boundary (the reader checked
    // that strings are UTF-8).
    std::string text = v.text;
    if (text.size() > 40) {
      size_t cut = 40;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
      text = text.substr(0, cut) + "...";
    }
    std::string s;
    llvm::raw_string_ostream os(s);
    os << llvm::json::Value(llvm::json::fixUTF8(text));
    return s;
  }
  Error checkKeys(const JsonValue &object, llvm::ArrayRef<StringRef> allowed,
                  const Twine &prefix, const Twine &expected) const;
  Error parseExperiment(const JsonValue &value, unsigned index,
                        double &total);
  Error addQuantizers(SweepExperiment &e, const JsonValue &spec,
                      llvm::ArrayRef<int64_t> bits, const JsonValue *bitsValue,
                      const std::string &prefix);

  StringRef text;
  LineIndex lines;
  mlir::MLIRContext *ctx;
  const SweepOptions &options;
  SweepFile file;
};
} // namespace

Error SweepParser::checkKeys(const JsonValue &object,
                             llvm::ArrayRef<StringRef> allowed,
                             const Twine &prefix,
                             const Twine &expected) const {
  llvm::StringSet<> seen;
  for (const JsonMember &m : object.members) {
    if (!llvm::is_contained(allowed, StringRef(m.key)))
      return error(m.keyOffset, prefix + "unknown key \"" + m.key + "\" (" +
                                    expected + ")");
    if (!seen.insert(m.key).second)
      return error(m.keyOffset, prefix + "duplicate key \"" + m.key + "\"");
  }
  return Error::success();
}

Expected<SweepFile> SweepParser::parse() {
  ctx->getOrLoadDialect<TQDialect>();
  JsonReader reader(text);
  std::optional<JsonValue> doc = reader.parseDocument();
  if (!doc)
    return error(reader.error().offset,
                 "invalid JSON: " + reader.error().message);
  if (!doc->isObject())
    return error(doc->offset,
                 "expected {\"experiments\": [...]}, got " + got(*doc));
  if (Error e = checkKeys(*doc, {"experiments"}, "",
                          "a sweep file has only \"experiments\""))
    return std::move(e);
  const JsonValue *exps = doc->get("experiments");
  if (!exps)
    return error(doc->offset, "expected {\"experiments\": [...]}");
  if (!exps->isArray())
    return error(exps->offset,
                 "\"experiments\" must be a list, got " + got(*exps));
  if (exps->elements.empty())
    return error(exps->offset, "\"experiments\" is empty: nothing to run");
  double total = 0;
  for (auto [i, e] : llvm::enumerate(exps->elements))
    if (Error err = parseExperiment(e, i + 1, total))
      return std::move(err);
  return std::move(file);
}

/// "2-16" (blanks allowed around the numbers).
static bool parseRange(StringRef text, int64_t &lo, int64_t &hi) {
  auto [l, h] = text.split('-');
  return !text.contains('-') || l.trim().getAsInteger(10, lo) ||
         h.trim().getAsInteger(10, hi);
}

Error SweepParser::parseExperiment(const JsonValue &v, unsigned index,
                                   double &total) {
  std::string prefix = "experiment " + std::to_string(index) + ": ";
  if (!v.isObject())
    return error(v.offset, prefix + "expected an object, got " + got(v));
  if (Error err = checkKeys(v,
                            {"family", "quantizer", "quantizers", "bits",
                             "roles", "layers", "calibration", "seed"},
                            prefix,
                            "expected family, quantizer(s), bits, roles, "
                            "layers, calibration, seed"))
    return err;
  SweepExperiment e;
  e.index = index;
  e.pos = posAt(v.offset);

  const JsonValue *family = v.get("family");
  if (!family)
    return error(v.offset, prefix + "\"family\" (a string) is required");
  if (!family->isString())
    return error(family->offset,
                 prefix + "\"family\" must be a string, got " + got(*family));
  e.family = family->text;

  if (const JsonValue *s = v.get("seed")) {
    e.seed = s->getUnsigned();
    if (!e.seed)
      return error(s->offset, prefix + "\"seed\" must be an integer from 0 to " +
                                  Twine(UINT64_MAX) + ", got " + got(*s));
  }

  // The quantizer strings as written.
  std::vector<const JsonValue *> specs;
  if (const JsonValue *q = v.get("quantizer")) {
    if (!q->isString())
      return error(q->offset,
                   prefix + "\"quantizer\" must be a string, got " + got(*q));
    specs.push_back(q);
  }
  if (const JsonValue *qs = v.get("quantizers")) {
    if (!qs->isArray())
      return error(qs->offset, prefix +
                                   "\"quantizers\" must be a list of strings, "
                                   "got " +
                                   got(*qs));
    if (qs->elements.empty())
      return error(qs->offset, prefix + "\"quantizers\" is empty");
    for (const JsonValue &q : qs->elements) {
      if (!q.isString())
        return error(q.offset, prefix + "\"quantizers\" must hold strings, "
                                        "got " +
                                        got(q));
      specs.push_back(&q);
    }
  }
  if (specs.empty())
    return error(v.offset, prefix + "give \"quantizer\" or \"quantizers\"");

  // "bits": "2-16" or [4, 8], substituted for {bits}.
  std::vector<int64_t> bits;
  const JsonValue *b = v.get("bits");
  if (b) {
    auto inRange = [&](int64_t n, size_t offset) -> Error {
      if (n < 1 || n > kMaxSweepBits)
        return error(offset, prefix + "\"bits\" must lie in 1-" +
                                 Twine(kMaxSweepBits) + ", got " + Twine(n));
      return Error::success();
    };
    if (b->isString()) {
      int64_t lo, hi;
      if (parseRange(b->text, lo, hi) || lo > hi)
        return error(b->offset, prefix + "\"bits\" range \"" + b->text +
                                    "\" is not FROM-TO with FROM <= TO");
      if (Error err = inRange(lo, b->offset))
        return err;
      if (Error err = inRange(hi, b->offset))
        return err;
      for (int64_t i = lo; i <= hi; ++i)
        bits.push_back(i);
    } else if (b->isArray()) {
      if (b->elements.empty())
        return error(b->offset, prefix + "\"bits\" is empty");
      for (const JsonValue &i : b->elements) {
        std::optional<int64_t> n = i.getInteger();
        if (!n)
          return error(i.offset, prefix + "\"bits\" must hold integers, got " +
                                     got(i));
        if (Error err = inRange(*n, i.offset))
          return err;
        bits.push_back(*n);
      }
    } else {
      return error(b->offset, prefix + "\"bits\" must be \"FROM-TO\" or a "
                                       "list of integers, got " +
                                       got(*b));
    }
  }

  // Roles: a list, or one role as a string.
  auto role = [&](const JsonValue &r) -> Expected<SweepRole> {
    if (r.isString() && r.text == "weights")
      return SweepRole::Weights;
    if (r.isString() && r.text == "activations")
      return SweepRole::Activations;
    if (r.isString() && r.text == "both")
      return SweepRole::Both;
    return error(r.offset, prefix + "a role is \"weights\", \"activations\" "
                                    "or \"both\", got " +
                                    got(r));
  };
  if (const JsonValue *rs = v.get("roles")) {
    if (rs->isString()) {
      Expected<SweepRole> r = role(*rs);
      if (!r)
        return r.takeError();
      e.roles.push_back(*r);
    } else if (rs->isArray()) {
      if (rs->elements.empty())
        return error(rs->offset, prefix + "\"roles\" is empty");
      for (const JsonValue &r : rs->elements) {
        Expected<SweepRole> parsed = role(r);
        if (!parsed)
          return parsed.takeError();
        e.roles.push_back(*parsed);
      }
    } else {
      return error(rs->offset, prefix + "\"roles\" must be a list of roles "
                                        "(or one role), got " +
                                        got(*rs));
    }
  } else {
    e.roles.push_back(SweepRole::Both);
  }

  if (const JsonValue *l = v.get("layers")) {
    if (l->isString() && l->text == "all") {
      e.layers = SweepExperiment::Layers::All;
    } else if (l->isString() && l->text == "each") {
      e.layers = SweepExperiment::Layers::Each;
    } else if (l->isArray()) {
      if (l->elements.empty())
        return error(l->offset, prefix + "\"layers\" is empty");
      e.layers = SweepExperiment::Layers::List;
      for (const JsonValue &name : l->elements) {
        if (!name.isString())
          return error(name.offset,
                       prefix + "\"layers\" must hold op names, got " +
                           got(name));
        e.layerNames.push_back({name.text, posAt(name.offset)});
      }
    } else {
      return error(l->offset, prefix + "\"layers\" is \"all\", \"each\" or a "
                                       "list of op names, got " +
                                       got(*l));
    }
  }

  // "calibration": a method or a list of them.
  auto calibration = [&](const JsonValue &c) -> Error {
    if (!c.isString())
      return error(c.offset, prefix + "a calibration is a string such as "
                                      "\"mse\" or \"percentile=99.9/channel\", "
                                      "got " +
                                      got(c));
    Expected<Calibration> parsed = parseCalibration(c.text);
    if (!parsed)
      return error(c.offset, prefix + "\"calibration\": " +
                                 toString(parsed.takeError()));
    e.calibrations.push_back({*parsed, posAt(c.offset)});
    return Error::success();
  };
  if (const JsonValue *cs = v.get("calibration")) {
    if (cs->isArray()) {
      if (cs->elements.empty())
        return error(cs->offset, prefix + "\"calibration\" is empty");
      for (const JsonValue &c : cs->elements)
        if (Error err = calibration(c))
          return err;
    } else if (Error err = calibration(*cs)) {
      return err;
    }
  } else {
    e.calibrations.push_back({Calibration(), e.pos});
  }

  // Bound the count before expanding anything ("each" counts one layer
  // here; expandSweep counts again).
  double quantizers = 0;
  for (const JsonValue *q : specs)
    quantizers += StringRef(q->text).contains("{bits}") ? bits.size() : 1;
  double layers = e.layers == SweepExperiment::Layers::List
                      ? double(e.layerNames.size())
                      : 1.0;
  total += quantizers * double(e.calibrations.size()) *
           double(e.roles.size()) * layers;
  if (total > double(options.maxConfigs))
    return error(v.offset, prefix + "the sweep expands to more than " +
                               Twine(options.maxConfigs) +
                               " configurations (the limit)");

  for (const JsonValue *q : specs)
    if (Error err = addQuantizers(e, *q, bits, b, prefix))
      return err;
  // Each calibration must apply to the experiment's `fit` quantizers (and
  // a calibration other than the default needs one).
  if (v.get("calibration")) {
    // Per channel is for weights; activations are calibrated per tensor.
    if (llvm::all_of(e.roles,
                     [](SweepRole r) { return r == SweepRole::Activations; }))
      for (const auto &[c, pos] : e.calibrations)
        if (c.perChannel)
          return makeError(file.where(pos) + ": " + prefix + "calibration " +
                           c.name() + ": per channel applies to weights, and "
                           "the experiment quantizes activations only");
    bool anyFit = false;
    for (const SweepQuantizer &q : e.quantizers) {
      if (!q.fits)
        continue;
      anyFit = true;
      for (const auto &[c, pos] : e.calibrations)
        if (Expected<std::string> r =
                fitQuantizer(q.spec, c, probeCalibrationData(), ctx);
            !r)
          return makeError(file.where(pos) + ": " + prefix +
                           toString(r.takeError()));
    }
    if (!anyFit)
      return makeError(file.where(e.calibrations.front().second) + ": " +
                       prefix + "\"calibration\" given but no quantizer "
                                "ends in fit");
  }
  file.experiments.push_back(std::move(e));
  return Error::success();
}

Error SweepParser::addQuantizers(SweepExperiment &e, const JsonValue &spec,
                                 llvm::ArrayRef<int64_t> bits,
                                 const JsonValue *bitsValue,
                                 const std::string &prefix) {
  StringRef written = spec.text;
  bool hasBits = written.contains("{bits}");
  if (hasBits != !bits.empty())
    return error(spec.offset,
                 prefix + "\"" + written + "\": " +
                     (hasBits ? "{bits} needs a \"bits\" list"
                              : "\"bits\" given but the quantizer has no "
                                "{bits}"));
  auto expand = [&](std::optional<int64_t> b) -> Error {
    // The expanded string, and for each of its characters the index of the
    // character it comes from in the written one.
    std::string s;
    std::vector<size_t> from;
    for (size_t i = 0; i < written.size();) {
      if (b && written.substr(i).starts_with("{bits}")) {
        std::string n = std::to_string(*b);
        s += n;
        from.insert(from.end(), n.size(), i);
        i += 6;
        continue;
      }
      s += written[i];
      from.push_back(i);
      ++i;
    }
    from.push_back(written.size());
    auto fileOffset = [&](size_t column) {
      return spec.offsetOf(from[std::min(column, from.size() - 1)]);
    };

    // `fit` is resolved per op later; here its form is checked and the
    // rest parsed with a placeholder (the fit of values of magnitude 1).
    std::string probe = s;
    size_t headSize = s.size();
    Expected<bool> fits = isFitQuantizer(s);
    if (!fits)
      return error(fileOffset(s.size() - 3), prefix + "invalid quantizer \"" +
                                                 s + "\": " +
                                                 toString(fits.takeError()));
    if (*fits) {
      headSize = s.size() - 3;
      Expected<std::string> r =
          fitQuantizer(s, Calibration(), probeCalibrationData(), ctx);
      if (!r)
        return error(fileOffset(0), prefix + "invalid quantizer \"" + s +
                                        "\": " + toString(r.takeError()));
      probe = *r;
    }
    QuantizerStringError qerr;
    QuantizerAttrInterface q = parseQuantizerString(ctx, probe, qerr);
    if (!q)
      return error(fileOffset(std::min(qerr.column, headSize)),
                   prefix + "invalid quantizer \"" + s + "\": " +
                       qerr.message);
    e.quantizers.push_back(
        {std::move(s), *fits, q.getBitsPerElement(), posAt(spec.offset)});
    return Error::success();
  };
  if (!hasBits)
    return expand(std::nullopt);
  for (int64_t n : bits)
    if (Error err = expand(n))
      return err;
  return Error::success();
}

Expected<SweepFile> tq::parseSweepFile(StringRef text, StringRef source,
                                       mlir::MLIRContext *context,
                                       const SweepOptions &options) {
  return SweepParser(text, source, context, options).parse();
}

//===----------------------------------------------------------------------===//
// expandSweep
//===----------------------------------------------------------------------===//

/// JSON string literal.
static std::string quoted(StringRef s) {
  std::string out;
  llvm::raw_string_ostream os(out);
  // (Op names come from the model; a name that is not UTF-8 gets U+FFFD
  // rather than tripping json::Value's assertion.)
  os << llvm::json::Value(llvm::json::isUTF8(s) ? s.str()
                                                : llvm::json::fixUTF8(s));
  return out;
}

/// The layer an op belongs to: its module path where its name has one
/// (`/layer1/layer1.0/conv1/Conv` is in layer1.0.conv1; see
/// tq::modulePath), else its name.
static std::string layerOf(StringRef name) {
  std::string path = modulePath(name);
  return path.empty() ? name.str() : path;
}

namespace {
/// Resolves `fit` per op and role, each (quantizer, calibration, op, role)
/// once: mse and kl search.
class Fitter {
public:
  Fitter(const SweepModel &model, mlir::MLIRContext *ctx)
      : model(model), ctx(ctx) {}

  /// The quantizer of `c` for the `weights` (or activations) of `name`.
  Expected<std::string> fit(const SweepConfig &c, bool weights,
                            const std::string &name,
                            const CalibrationData &data) {
    if (!c.calibration)
      return c.quantizer;
    // Per channel applies to weights; activations are per tensor.
    Calibration calibration = *c.calibration;
    calibration.perChannel &= weights;
    std::string key = c.quantizer + "\n" + calibration.name() + "\n" +
                      (weights ? "w" : "a") + name;
    auto it = cache.find(key);
    if (it != cache.end())
      return it->second;
    Expected<std::string> q = fitQuantizer(c.quantizer, calibration, data, ctx);
    if (!q)
      return makeError("the " + Twine(weights ? "weights" : "activations") +
                       " of " + name + ": " + toString(q.takeError()));
    cache[key] = *q;
    return *q;
  }

  /// The map of one role of `c`: a bare quantizer string when it applies
  /// to every op as written, else {"op": "quantizer", ...} over the ops in
  /// scope that have values of that role. `each(name, spec, data)` sees
  /// every entry and may refuse it.
  Expected<std::string>
  buildMap(const SweepConfig &c, bool weights,
           llvm::function_ref<Error(StringRef, StringRef,
                                    const CalibrationData &)>
               each) {
    const std::map<std::string, CalibrationData> &range =
        weights ? model.weights : model.activations;
    if (c.layer == "all" && !c.calibration)
      return quoted(c.quantizer);
    std::string m = "{";
    auto add = [&](const std::string &name) -> Error {
      auto it = range.find(name);
      if (it == range.end())
        return Error::success();
      Expected<std::string> q = fit(c, weights, name, it->second);
      if (!q)
        return q.takeError();
      if (Error err = each(name, *q, it->second))
        return err;
      m += (m.size() > 1 ? ", " : "") + quoted(name) + ": " + quoted(*q);
      return Error::success();
    };
    for (const std::string &name : model.names)
      if (c.layer == "all" || layerOf(name) == c.layer || name == c.layer)
        if (Error err = add(name))
          return std::move(err);
    return m + "}";
  }

private:
  const SweepModel &model;
  mlir::MLIRContext *ctx;
  std::map<std::string, std::string> cache;
};
} // namespace

Expected<std::vector<SweepConfig>>
tq::expandSweep(const SweepFile &file, const SweepModel &model,
                mlir::MLIRContext *ctx, const SweepOptions &options) {
  ctx->getOrLoadDialect<TQDialect>();
  std::vector<SweepConfig> configs;
  // Layers: the ops' names, one per module for imported models.
  std::vector<std::string> allLayers;
  llvm::StringSet<> known;
  for (const std::string &name : model.names)
    if (known.insert(layerOf(name)).second)
      allLayers.push_back(layerOf(name));
  // A list may also name an op itself (/fc1/Gemm).
  for (const std::string &name : model.names)
    known.insert(name);
  llvm::StringSet<> hasWeights;
  for (const auto &[name, stat] : model.weights)
    hasWeights.insert(layerOf(name));
  // Resolved quantizers already parsed.
  llvm::StringSet<> parsed;
  for (const SweepExperiment &e : file.experiments) {
    std::string prefix = "experiment " + std::to_string(e.index) + ": ";
    std::vector<std::string> layers;
    switch (e.layers) {
    case SweepExperiment::Layers::All:
      layers.push_back("all");
      break;
    case SweepExperiment::Layers::Each:
      layers = allLayers;
      break;
    case SweepExperiment::Layers::List:
      for (const auto &[name, pos] : e.layerNames) {
        if (!known.contains(name))
          return makeError(file.where(pos) + ": " + prefix +
                           "\"layers\": no op or module named \"" + name +
                           "\" in the model");
        layers.push_back(name);
      }
      break;
    }
    size_t before = configs.size();
    // A calibration is a configuration of `fit` quantizers only.
    std::vector<std::optional<Calibration>> calibrations;
    for (const auto &[c, pos] : e.calibrations)
      calibrations.push_back(c);
    const std::optional<Calibration> none;
    for (const std::string &layer : layers)
      for (const SweepQuantizer &q : e.quantizers)
        for (const std::optional<Calibration> &calibration :
             q.fits ? llvm::ArrayRef(calibrations) : llvm::ArrayRef(none))
        for (SweepRole r : e.roles) {
          // A layer without weights has nothing to quantize in that role.
          if (layer != "all" && r == SweepRole::Weights &&
              !hasWeights.contains(layer) && !model.weights.count(layer))
            continue;
          if (configs.size() >= options.maxConfigs)
            return makeError(file.where(e.pos) + ": " + prefix +
                             "the sweep expands to more than " +
                             Twine(options.maxConfigs) +
                             " configurations (the limit)");
          SweepConfig c;
          c.family = e.family;
          c.quantizer = q.spec;
          c.calibration = calibration;
          c.role = r;
          c.layer = layer;
          c.seed = e.seed ? *e.seed : options.seed;
          c.bits = q.bits;
          c.experiment = e.index;
          c.where = file.where(q.pos);
          configs.push_back(std::move(c));
        }
    if (configs.size() == before)
      return makeError(
          file.where(e.pos) + ": " + prefix + "no configuration: " +
          (layers.empty() ? "\"layers\": \"each\" and the model has no "
                            "named op with float values"
                          : "\"roles\" is only weights and none of its "
                            "layers has weights"));
  }

  // Build every map once: resolve `fit` per op, parse what it gives, and
  // refuse a configuration whose maps are all empty.
  Fitter fitter(model, ctx);
  for (SweepConfig &c : configs) {
    bool any = false;
    c.options = "match=exact seed=" + std::to_string(c.seed);
    for (bool weights : {true, false}) {
      if (c.role == (weights ? SweepRole::Activations : SweepRole::Weights))
        continue;
      auto check = [&](StringRef name, StringRef spec,
                       const CalibrationData &stat) -> Error {
        if (spec == c.quantizer || parsed.contains(spec))
          return Error::success();
        QuantizerStringError qerr;
        if (!parseQuantizerString(ctx, spec, qerr))
          return makeError(c.where + ": experiment " + Twine(c.experiment) +
                           ": \"" + c.quantizer + "\" gives \"" + spec +
                           "\" for the " + (weights ? "weights" : "activations") +
                           " of " + name + " (largest magnitude " +
                           formatG(stat.maxAbs) + "): " + qerr.message);
        parsed.insert(spec);
        return Error::success();
      };
      Expected<std::string> m = fitter.buildMap(c, weights, check);
      if (!m)
        return makeError(c.where + ": experiment " + Twine(c.experiment) +
                         ": " + toString(m.takeError()));
      any |= *m != "{}";
      c.options += (weights ? " weights=" : " activations=") + *m;
    }
    if (!any)
      return makeError(c.where + ": experiment " + Twine(c.experiment) +
                       ": \"" + c.quantizer + "\" quantizes nothing (role " +
                       sweepRoleName(c.role) + ", layer " + c.layer +
                       "): no op has float " +
                       (c.role == SweepRole::Weights ? "weights" : "values") +
                       " to fit it to");
  }
  return configs;
}
