//===- QuantMap.cpp - TensorQuant-style quantizer maps --------------------===//

#include "tq/Dialect/TQ/Transforms/QuantMap.h"

#include "llvm/Support/xxhash.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"

#include "tq/Support/JsonReader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/xxhash.h"

using namespace mlir;
using namespace tq;

StringRef tq::roleName(Role role) {
  switch (role) {
  case Role::Activations: return "activations";
  case Role::Weights: return "weights";
  case Role::Intrinsic: return "intrinsic";
  case Role::Gradients: return "gradients";
  case Role::WeightGradients: return "weight-gradients";
  case Role::Updates: return "updates";
  case Role::OptimizerState: return "optimizer-state";
  }
  return "";
}

int64_t tq::quantizerSeed(StringRef name, Role role, unsigned index,
                          uint64_t seed) {
  std::string key = (name + "/" + roleName(role) + "/" + Twine(index)).str();
  return int64_t(llvm::xxh3_64bits(key) ^ seed);
}

namespace {
struct MatchModeInfo {
  MatchMode mode;
  const char *name, *help;
};
} // namespace
/// The match modes' names, for options and messages.
static constexpr MatchModeInfo kMatchModes[] = {
    {MatchMode::Substring, "substring", "a key matches names that contain it"},
    {MatchMode::Exact, "exact", "a key matches its own name only"},
    {MatchMode::Glob, "glob", "keys are glob patterns"},
    {MatchMode::Regex, "regex", "keys are regular expressions (searched)"}};

std::optional<MatchMode> tq::parseMatchMode(StringRef text) {
  for (const MatchModeInfo &m : kMatchModes)
    if (text == m.name)
      return m.mode;
  return std::nullopt;
}

StringRef tq::matchModeName(MatchMode mode) {
  return kMatchModes[unsigned(mode)].name;
}

llvm::cl::ValuesClass tq::matchModeValues() {
  auto value = [](const MatchModeInfo &m) {
    return llvm::cl::OptionEnumValue{m.name, int(m.mode), m.help};
  };
  return llvm::cl::values(value(kMatchModes[0]), value(kMatchModes[1]),
                          value(kMatchModes[2]), value(kMatchModes[3]));
}

bool MapEntry::matches(StringRef name, MatchMode mode) const {
  // The empty key (a bare quantizer string) matches every named op, in
  // every mode.
  if (key.empty())
    return true;
  if (exact)
    return name == key;
  switch (mode) {
  case MatchMode::Substring: return name.contains(key);
  case MatchMode::Exact: return name == key;
  case MatchMode::Glob: return glob->match(name);
  case MatchMode::Regex: return regex->match(name);
  }
  return false;
}

bool QuantMaps::empty() const {
  return llvm::all_of(entries, [](const auto &e) { return e.empty(); });
}

bool QuantMaps::emptyFor(bool training) const {
  for (unsigned r = 0; r < kNumRoles; ++r)
    if (isTrainingRole(Role(r)) == training && !entries[r].empty())
      return false;
  return true;
}

bool QuantMaps::hasFit() const {
  for (const auto &list : entries)
    for (const MapEntry &entry : list)
      if (entry.fit)
        return true;
  return false;
}

std::string tq::modulePath(StringRef name) {
  if (!name.starts_with("/"))
    return "";
  SmallVector<StringRef> parts;
  name.drop_front().split(parts, '/', -1, /*KeepEmpty=*/false);
  if (parts.size() < 2)
    return "";
  parts.pop_back(); // the op: Conv, Gemm, Relu_1, ...
  std::string path;
  for (StringRef p : parts) {
    if (!path.empty() && p.starts_with(path + "."))
      path = p.str();
    else
      path = path.empty() ? p.str() : path + "." + p.str();
  }
  return path;
}

MapEntry *QuantMaps::lookup(Role role, StringRef name, MatchMode mode) {
  std::string path = modulePath(name);
  for (MapEntry &entry : of(role))
    if (entry.matches(name, mode) ||
        (!path.empty() && entry.matches(path, mode)))
      return &entry;
  return nullptr;
}

LogicalResult QuantMaps::compile(MatchMode mode) {
  for (auto &list : entries)
    for (MapEntry &entry : list) {
      if (entry.exact)
        continue; // an op's name, matched as it is
      // Compiled already (tq-run compiles the maps, calibration and
      // tq-insert get them as they are).
      if ((mode == MatchMode::Glob && entry.glob) ||
          (mode == MatchMode::Regex && entry.regex))
        continue;
      if (mode == MatchMode::Glob) {
        auto pattern = llvm::GlobPattern::create(entry.key);
        if (!pattern) {
          emitError(entry.loc) << "invalid glob pattern \"" << entry.key
                               << "\": " << llvm::toString(pattern.takeError());
          return failure();
        }
        entry.glob = std::make_shared<llvm::GlobPattern>(std::move(*pattern));
      } else if (mode == MatchMode::Regex) {
        // Anchored: the pattern must match the whole name.
        entry.regex = std::make_shared<llvm::Regex>("^(" + entry.key + ")$");
        std::string error;
        if (!entry.regex->isValid(error)) {
          emitError(entry.loc) << "invalid regular expression \"" << entry.key
                               << "\": " << error;
          return failure();
        }
      }
    }
  return success();
}

//===----------------------------------------------------------------------===//
// Reading maps: tq's JSON reader (tq/Support/JsonReader.h) keeps keys in file
// order and knows positions; errors are emitted at source:line:column.
//===----------------------------------------------------------------------===//

namespace {
/// The text of one map, its name in diagnostics, and where its lines start.
class MapSource {
public:
  MapSource(MLIRContext *ctx, StringRef text, StringRef source, bool allowFit)
      : ctx(ctx), text(text), source(source), allowFit(allowFit),
        lines(text) {}

  /// The location of a byte offset: source:line:column (1-based).
  Location locAt(size_t offset) const {
    auto [line, column] = lines.lineColumn(offset);
    return FileLineColLoc::get(ctx, source, line, column);
  }

  LogicalResult error(size_t offset, const Twine &message) const {
    return emitError(locAt(offset)) << "malformed quantizer map: " << message;
  }

  MLIRContext *ctx;
  StringRef text;
  StringRef source;
  bool allowFit;

private:
  LineIndex lines;
};

/// The keys already in each role's map, for the duplicate warning.
using SeenKeys = llvm::StringSet<>[kNumRoles];

/// Parses one quantizer string, the JSON string `value` or, when `value` is
/// null, the bare text at byte `offset`; errors point into the string. A
/// `fit` quantizer sets `fit` (with QuantMaps::allowFit, in the activations
/// and weights maps) and gives null.
QuantizerAttrInterface parseEntryQuantizer(const MapSource &src,
                                           StringRef spec,
                                           const JsonValue *value,
                                           size_t offset, StringRef key,
                                           Role role, bool *fit = nullptr) {
  Location where = src.locAt(value ? value->offsetOf(0) : offset);
  if (spec.ends_with(",fit")) {
    if (fit && src.allowFit &&
        (role == Role::Activations || role == Role::Weights)) {
      *fit = true;
      return {};
    }
    emitError(where) << "quantizer \"" << spec << "\" for \"" << key
                     << "\" in the " << roleName(role) << " map is calibrated "
                     << (role == Role::Activations || role == Role::Weights
                             ? "from data: run it with tq-run or tq-sweep "
                               "(docs/run.md, \"Calibration\"), which resolve "
                               "fit per op"
                             : "for activations and weights only");
    return {};
  }
  QuantizerStringError error;
  QuantizerAttrInterface q = parseQuantizerString(src.ctx, spec, error);
  if (!q) {
    size_t column = std::min<size_t>(error.column, spec.size());
    emitError(src.locAt(value ? value->offsetOf(column) : offset + column))
        << "invalid quantizer \"" << spec << "\" for \"" << key << "\" in the "
        << roleName(role) << " map: " << error.message;
  }
  return q;
}

/// Adds {"": spec} to the map of `role`: a bare quantizer string means every
/// op, as in TensorQuant. `value` is the JSON string holding it, or null
/// when `spec` is written bare at byte `offset`.
LogicalResult addWholeMapEntry(const MapSource &src, StringRef spec,
                               const JsonValue *value, size_t offset,
                               Role role, QuantMaps &maps, SeenKeys &seen) {
  MapEntry entry(role, "", spec.str(), src.locAt(offset));
  if (role == Role::Intrinsic)
    if (MacAttr preset = MacAttr::getPreset(src.ctx, spec)) {
      entry.quantizer = preset.getProduct();
      entry.accumulator = preset.getAccumulator();
      entry.mac = preset;
      seen[unsigned(role)].insert("");
      maps.of(role).push_back(std::move(entry));
      return success();
    }
  entry.quantizer =
      parseEntryQuantizer(src, spec, value, offset, "", role, &entry.fit);
  if (!entry.quantizer && !entry.fit)
    return failure();
  if (role == Role::Intrinsic)
    entry.accumulator = entry.quantizer;
  seen[unsigned(role)].insert("");
  maps.of(role).push_back(std::move(entry));
  return success();
}

/// A value as messages quote it: a string as written, else what it is.
std::string quoted(const JsonValue &v) {
  return v.isString() ? "\"" + v.text + "\"" : v.describe();
}

/// The intrinsic entry `{"product": ..., "accumulator": ..., "chunk": C,
/// ...}` (the parameters of #tq.mac, docs/intrinsic.md), optionally based
/// on a `"preset"`.
LogicalResult parseMacObject(const MapSource &src, const JsonValue &object,
                             StringRef key, MapEntry &entry) {
  MLIRContext *ctx = src.ctx;
  QuantizerAttrInterface product, accumulator, outer;
  int64_t chunk = 0, align = 0, kept = 0;
  bool fused = false, wide = false, alignAccumulator = false;
  MacOrder order = MacOrder::sequential;
  MXAttr mx;
  RoundingMode alignRounding = RoundingMode::toward_zero;
  if (const JsonValue *preset = object.get("preset")) {
    MacAttr base = preset->isString() ? MacAttr::getPreset(ctx, preset->text)
                                      : MacAttr();
    if (!base)
      return src.error(preset->offset,
                       "\"preset\" must be one of " +
                           llvm::join(MacAttr::getPresetNames(), ", ") +
                           ", got " + quoted(*preset));
    product = base.getProduct();
    accumulator = base.getAccumulator();
    outer = base.getOuter();
    chunk = base.getChunk();
    order = base.getOrder();
    mx = base.getMxFormat();
    fused = base.getFused();
    wide = base.getWide();
    align = base.getAlign();
    kept = base.getKept();
    alignRounding = base.getAlignRounding();
    alignAccumulator = base.getAlignAccumulator();
  }
  for (const JsonMember &member : object.members) {
    const JsonValue &v = member.value;
    StringRef name = member.key;
    auto quantizer = [&](QuantizerAttrInterface &q) -> LogicalResult {
      if (!v.isString())
        return src.error(v.offset, "\"" + name +
                                       "\" must be a quantizer string, got " +
                                       v.describe());
      q = parseEntryQuantizer(src, v.text, &v, v.offset, key,
                              Role::Intrinsic);
      return success(bool(q));
    };
    auto integer = [&](int64_t &out) -> LogicalResult {
      if (!v.isNumber() || llvm::StringRef(v.text).getAsInteger(10, out) ||
          out < 0)
        return src.error(v.offset, "\"" + name +
                                       "\" must be a non-negative integer, "
                                       "got " +
                                       v.describe());
      return success();
    };
    auto boolean = [&](bool &out) -> LogicalResult {
      if (v.kind != JsonValue::Bool)
        return src.error(v.offset, "\"" + name + "\" must be true or false, "
                                                 "got " +
                                       v.describe());
      out = v.text == "true";
      return success();
    };
    LogicalResult ok = success();
    if (name == "preset")
      continue;
    if (name == "product")
      ok = quantizer(product);
    else if (name == "accumulator")
      ok = quantizer(accumulator);
    else if (name == "outer")
      ok = quantizer(outer);
    else if (name == "chunk")
      ok = integer(chunk);
    else if (name == "align")
      ok = integer(align);
    else if (name == "kept")
      ok = integer(kept);
    else if (name == "fused")
      ok = boolean(fused);
    else if (name == "wide")
      ok = boolean(wide);
    else if (name == "align-accumulator")
      ok = boolean(alignAccumulator);
    else if (name == "mx") {
      QuantizerAttrInterface q;
      if (failed(quantizer(q)))
        return failure();
      mx = dyn_cast<MXAttr>(q);
      if (!mx)
        return src.error(v.offset, "\"mx\" must be an MX format (mxfp8, "
                                   "mxfp4, mxint8, ...), got " +
                                       quoted(v));
    } else if (name == "order") {
      std::optional<MacOrder> o =
          v.isString() ? symbolizeMacOrder(v.text) : std::nullopt;
      if (!o)
        return src.error(v.offset, "\"order\" must be \"sequential\" or "
                                   "\"pairwise\", got " +
                                       quoted(v));
      order = *o;
    } else if (name == "align-rounding") {
      std::optional<RoundingMode> mode =
          v.isString() ? symbolizeRoundingMode(v.text) : std::nullopt;
      if (!mode)
        return src.error(v.offset, "\"align-rounding\" must be "
                                   "\"toward_zero\" or \"nearest_even\", got " +
                                       quoted(v));
      alignRounding = *mode;
    } else {
      return src.error(member.keyOffset,
                       "unknown key \"" + name +
                           "\" in the multiply-accumulate model of \"" + key +
                           "\" (expected preset, product, accumulator, "
                           "outer, chunk, order, mx, fused, wide, align, kept, "
                           "align-rounding, align-accumulator)");
    }
    if (failed(ok))
      return failure();
  }
  if (!accumulator)
    return src.error(object.offset, "the multiply-accumulate model of \"" +
                                        key +
                                        "\" needs an \"accumulator\" (or a "
                                        "\"preset\")");
  if (!product)
    product = IdentityAttr::get(ctx);
  // An MX dot product sums blocks: the chunk is the block.
  if (mx && !chunk)
    chunk = mx.getBlock();
  // The seed is the op's: a placeholder passes the verifier here.
  std::optional<int64_t> seed;
  if (product.isStochastic() || accumulator.isStochastic() ||
      (outer && outer.isStochastic()))
    seed = 0;
  Location loc = src.locAt(object.offset);
  MacAttr mac = MacAttr::getChecked(
      [&] {
        return emitError(loc) << "in the intrinsic map, \"" << key << "\": ";
      },
      ctx, product, accumulator, outer, chunk, order,
      mx ? QuantizerAttrInterface(mx) : QuantizerAttrInterface(), fused, wide,
      align,
      kept,
      alignRounding, alignAccumulator, seed);
  if (!mac)
    return failure();
  entry.quantizer = product;
  entry.accumulator = accumulator;
  entry.mac = mac;
  return success();
}

LogicalResult readEntries(const MapSource &src, const JsonValue &object,
                          Role role, QuantMaps &maps, SeenKeys &seen) {
  if (!object.isObject())
    return src.error(object.offset,
                     Twine("the ") + roleName(role) +
                         " map must be an object of \"name\": "
                         "\"quantizer\" entries");
  for (const JsonMember &member : object.members) {
    const std::string &key = member.key;
    const JsonValue &value = member.value;
    MapEntry entry(role, key, "", src.locAt(member.keyOffset));
    if (value.isString()) {
      entry.text = value.text;
      if (role == Role::Intrinsic) {
        if (MacAttr preset = MacAttr::getPreset(src.ctx, value.text)) {
          entry.quantizer = preset.getProduct();
          entry.accumulator = preset.getAccumulator();
          entry.mac = preset;
          maps.of(role).push_back(std::move(entry));
          seen[unsigned(role)].insert(key);
          continue;
        }
      }
      entry.quantizer = parseEntryQuantizer(src, value.text, &value,
                                            value.offset, key, role,
                                            &entry.fit);
      if (!entry.quantizer && !entry.fit)
        return failure();
      if (role == Role::Intrinsic)
        entry.accumulator = entry.quantizer;
    } else if (role == Role::Intrinsic && value.isObject()) {
      entry.text = std::string(
          src.text.substr(value.offset, value.end - value.offset));
      if (failed(parseMacObject(src, value, key, entry)))
        return failure();
    } else if (role == Role::Intrinsic && value.isArray() &&
               value.elements.size() == 2 && value.elements[0].isString() &&
               value.elements[1].isString()) {
      const JsonValue &p = value.elements[0], &a = value.elements[1];
      entry.text = p.text + "|" + a.text;
      entry.quantizer =
          parseEntryQuantizer(src, p.text, &p, p.offset, key, role);
      if (!entry.quantizer)
        return failure();
      entry.accumulator =
          parseEntryQuantizer(src, a.text, &a, a.offset, key, role);
      if (!entry.accumulator)
        return failure();
    } else {
      return src.error(value.offset,
                       Twine("the value of \"") + key +
                           "\" must be a quantizer string" +
                           (role == Role::Intrinsic
                                ? " or a [product, accumulator] pair, a "
                                  "multiply-accumulate preset or model "
                                  "object"
                                : ""));
    }
    if (!seen[unsigned(role)].insert(key).second)
      emitWarning(entry.loc) << "duplicate key \"" << key << "\" in the "
                             << roleName(role) << " map: the first one wins";
    maps.of(role).push_back(std::move(entry));
  }
  return success();
}

std::optional<Role> parseRole(StringRef name) {
  return llvm::StringSwitch<std::optional<Role>>(name)
      .Case("activations", Role::Activations)
      .Case("weights", Role::Weights)
      .Case("intrinsic", Role::Intrinsic)
      .Case("gradients", Role::Gradients)
      .Case("weight-gradients", Role::WeightGradients)
      .Case("updates", Role::Updates)
      .Case("optimizer-state", Role::OptimizerState)
      .Default(std::nullopt);
}
} // namespace

LogicalResult tq::readQuantMap(MLIRContext *ctx, StringRef text,
                               StringRef source, std::optional<Role> role,
                               QuantMaps &maps) {
  ctx->getOrLoadDialect<TQDialect>();
  MapSource src(ctx, text, source, maps.allowFit);
  SeenKeys seen;
  for (unsigned r = 0; r < kNumRoles; ++r)
    for (const MapEntry &entry : maps.entries[r])
      seen[r].insert(entry.key);

  StringRef trimmed = text.trim();
  // A bare quantizer string means every op, as in TensorQuant.
  if (role && !trimmed.starts_with("{") && !trimmed.starts_with("\""))
    return addWholeMapEntry(src, trimmed, /*value=*/nullptr,
                            trimmed.data() - text.data(), *role, maps, seen);
  // `"key": "q", ...` without braces: an object whose braces were stripped.
  bool bare = false;
  if (role && trimmed.starts_with("\"")) {
    size_t close = 1;
    while (close < trimmed.size() && trimmed[close] != '"')
      close += trimmed[close] == '\\' ? 2 : 1;
    bare = close < trimmed.size() &&
           trimmed.drop_front(close + 1).ltrim().starts_with(":");
  }
  JsonReader reader(text);
  std::optional<JsonValue> doc =
      bare ? reader.parseBareObject() : reader.parseDocument();
  if (!doc)
    return src.error(reader.error().offset, reader.error().message);
  if (role && doc->isString())
    return addWholeMapEntry(src, doc->text, &*doc, doc->offset, *role, maps,
                            seen);
  if (role)
    return readEntries(src, *doc, *role, maps, seen);

  if (!doc->isObject())
    return src.error(doc->offset,
                     "a combined map must be an object with "
                     "\"activations\", \"weights\" and/or \"intrinsic\"");
  // TensorQuant's flat map ({"conv1": "nearest,8,4"}, its extr_q_map) where
  // a combined map is expected: when no key is a role and every value is a
  // quantizer string, it is the activations map. Role keys and layer keys
  // mixed, or a misspelt role ({"activation": {...}}), stay an error.
  const JsonMember *firstRole = nullptr, *firstOther = nullptr;
  bool allStrings = true;
  for (const JsonMember &member : doc->members) {
    const JsonMember *&first = parseRole(member.key) ? firstRole : firstOther;
    if (!first)
      first = &member;
    allStrings &= member.value.isString();
  }
  if (firstOther && !firstRole && allStrings)
    return readEntries(src, *doc, Role::Activations, maps, seen);
  if (firstOther)
    return src.error(
        firstOther->keyOffset,
        "unknown role \"" + firstOther->key +
            "\" (expected activations, weights, intrinsic, gradients, "
            "weight-gradients, updates or optimizer-state): a flat "
            "{\"layer\": \"quantizer\"} map goes alone in map-file= (as the "
            "activations map) or in activations-file=, weights-file= or "
            "intrinsic-file=");
  for (const JsonMember &member : doc->members) {
    Role r = *parseRole(member.key);
    if (member.value.isString()) {
      if (failed(addWholeMapEntry(src, member.value.text, &member.value,
                                  member.value.offset, r, maps, seen)))
        return failure();
      continue;
    }
    if (failed(readEntries(src, member.value, r, maps, seen)))
      return failure();
  }
  return success();
}

LogicalResult tq::readQuantMaps(MLIRContext *ctx, const MapOptions &options,
                                Location loc, QuantMaps &maps) {
  // Inline maps first, then files, in role order; entries keep their order.
  struct Inline {
    StringRef text;
    Role role;
    const char *option;
  } inlines[] = {{options.activations, Role::Activations, "activations"},
                 {options.weights, Role::Weights, "weights"},
                 {options.intrinsic, Role::Intrinsic, "intrinsic"}};
  for (const Inline &in : inlines)
    if (!in.text.empty() &&
        failed(readQuantMap(ctx, in.text,
                            (Twine("<tq-insert ") + in.option + " option>").str(),
                            in.role, maps)))
      return failure();
  struct File {
    StringRef path;
    std::optional<Role> role;
  } files[] = {{options.activationsFile, Role::Activations},
               {options.weightsFile, Role::Weights},
               {options.intrinsicFile, Role::Intrinsic},
               {options.mapFile, std::nullopt}};
  for (const File &f : files) {
    if (f.path.empty())
      continue;
    auto buffer = llvm::MemoryBuffer::getFile(f.path, /*IsText=*/true);
    if (!buffer)
      return emitError(loc) << "tq-insert: cannot read map file '" << f.path
                            << "': " << buffer.getError().message();
    if (failed(readQuantMap(ctx, (*buffer)->getBuffer(), f.path, f.role, maps)))
      return failure();
  }
  return success();
}
