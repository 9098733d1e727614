//===- QuantizerString.cpp - The quantizer-string language ----------------===//
//
// A quantizer string is a comma-separated list: a format name, positional
// numbers, then options (keywords or key=value) in any order. The grammar of
// every format is in docs/quantizers.md. Parameters are validated by the
// attributes' own verifiers, whose message is reported at the format name.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringSwitch.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>

using namespace mlir;
using namespace tq;

namespace {

struct Token {
  std::string text; // trimmed, lower case
  size_t column;    // of the first non-blank character
};

/// Splits on commas, trimming blanks; columns index into the original spec.
std::vector<Token> tokenize(StringRef spec) {
  std::vector<Token> tokens;
  size_t start = 0;
  while (true) {
    size_t end = spec.find(',', start);
    StringRef piece = spec.slice(start, end == StringRef::npos ? spec.size() : end);
    size_t lead = piece.size() - piece.ltrim().size();
    tokens.push_back({piece.trim().lower(), start + lead});
    if (end == StringRef::npos)
      break;
    start = end + 1;
  }
  return tokens;
}

class Parser {
public:
  Parser(MLIRContext *ctx, StringRef spec, QuantizerStringError &error)
      : ctx(ctx), spec(spec), error(error), tokens(tokenize(spec)) {}

  QuantizerAttrInterface parse();

private:
  // Diagnostics.
  QuantizerAttrInterface fail(size_t column, const Twine &message) {
    error.message = message.str();
    error.column = column;
    return {};
  }
  bool failBool(size_t column, const Twine &message) {
    fail(column, message);
    return false;
  }

  // Positional arguments.
  bool hasPositional(size_t i) const {
    return i < tokens.size() && !isOption(tokens[i].text);
  }
  bool isOption(StringRef text) const;
  bool expectCount(size_t i, const char *what);
  bool parseInt(size_t i, const char *what, int64_t &value);
  bool parseDouble(size_t i, const char *what, double &value);
  bool parseList(size_t i, const char *what, SmallVectorImpl<double> &values);
  bool parseIntList(size_t i, const char *what,
                    SmallVectorImpl<int64_t> &values);

  // Options from index `first` on; each handler returns false when it does
  // not know the option.
  bool parseOptions(size_t first, StringRef format,
                    llvm::function_ref<bool(const Token &)> handle);
  static std::optional<RoundingMode> roundingOf(StringRef text);
  bool keyValue(const Token &t, StringRef key, int64_t &value, bool &ok);
  bool keyValueF64(const Token &t, StringRef key, double &value, bool &ok);

  /// Builds an attribute through its verifier, capturing its message.
  template <typename AttrT, typename... Args>
  QuantizerAttrInterface build(Args &&...args) {
    std::string message;
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    AttrT attr = AttrT::getChecked(
        [&] { return emitError(UnknownLoc::get(ctx)); }, ctx,
        std::forward<Args>(args)...);
    if (!attr)
      return fail(tokens[0].column, message);
    return cast<QuantizerAttrInterface>(attr);
  }

  QuantizerAttrInterface parseFixed(size_t first, RoundingMode rounding,
                                    bool roundingGiven);
  QuantizerAttrInterface parseFloat(size_t first, int exp, int man,
                                    FloatKind kind);
  QuantizerAttrInterface parsePow2();
  QuantizerAttrInterface parseBinary();
  QuantizerAttrInterface parseTernary();
  QuantizerAttrInterface parseSparse();
  QuantizerAttrInterface parseAffine();
  /// `[,block=N][,axis=N][,ROUNDING]` of the block formats.
  bool parseBlockOptions(size_t first, StringRef format, int64_t &block,
                         int64_t &axis, RoundingMode &rounding);
  QuantizerAttrInterface parseMX(MXElement element);
  QuantizerAttrInterface parseBFP();

  MLIRContext *ctx;
  StringRef spec;
  QuantizerStringError &error;
  std::vector<Token> tokens;
};

} // namespace

bool Parser::isOption(StringRef text) const {
  // Numbers (and per-channel lists) are positional; words and key=value are
  // options.
  if (text.empty())
    return false;
  char c = text.front();
  return !(std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
           c == '+' || c == '.') ||
         text.contains('=');
}

bool Parser::expectCount(size_t i, const char *what) {
  if (i < tokens.size() && !tokens[i].text.empty())
    return true;
  size_t column = i < tokens.size() ? tokens[i].column : spec.size();
  return failBool(column, Twine("expected ") + what);
}

/// Parses a decimal integer with an optional sign that fits in 32 bits.
static bool toInt(StringRef text, int64_t &value) {
  text.consume_front("+");
  return !text.getAsInteger(10, value) && value >= INT32_MIN &&
         value <= INT32_MAX;
}

bool Parser::parseInt(size_t i, const char *what, int64_t &value) {
  if (!expectCount(i, what))
    return false;
  StringRef text = tokens[i].text;
  if (!toInt(text, value))
    return failBool(tokens[i].column, Twine("expected a 32-bit integer for ") +
                                          what + ", got '" + text + "'");
  return true;
}

static bool toDouble(StringRef text, double &value) {
  std::string s = text.str();
  char *end = nullptr;
  errno = 0;
  value = std::strtod(s.c_str(), &end);
  // ERANGE also flags subnormal results (5e-324, which the printer writes
  // for 0x1p-1074): those are exact values and read back. Only an overflow
  // (infinite, rejected by the callers) or an underflow to zero fails.
  return !s.empty() && end == s.c_str() + s.size() &&
         (errno != ERANGE || value != 0);
}

bool Parser::parseDouble(size_t i, const char *what, double &value) {
  if (!expectCount(i, what))
    return false;
  if (!toDouble(tokens[i].text, value) || !std::isfinite(value))
    return failBool(tokens[i].column, Twine("expected a finite number for ") +
                                          what + ", got '" + tokens[i].text +
                                          "'");
  return true;
}

bool Parser::parseList(size_t i, const char *what,
                       SmallVectorImpl<double> &values) {
  if (!expectCount(i, what))
    return false;
  SmallVector<StringRef> parts;
  StringRef(tokens[i].text).split(parts, ';');
  size_t column = tokens[i].column;
  for (StringRef part : parts) {
    double v;
    if (!toDouble(part.trim(), v) || !std::isfinite(v))
      return failBool(column, Twine("expected a finite number for ") + what +
                                  ", got '" + part.trim() + "'");
    values.push_back(v);
    column += part.size() + 1;
  }
  return true;
}

bool Parser::parseIntList(size_t i, const char *what,
                          SmallVectorImpl<int64_t> &values) {
  if (!expectCount(i, what))
    return false;
  SmallVector<StringRef> parts;
  StringRef(tokens[i].text).split(parts, ';');
  size_t column = tokens[i].column;
  for (StringRef part : parts) {
    int64_t v;
    if (!toInt(part.trim(), v))
      return failBool(column, Twine("expected a 32-bit integer for ") + what +
                                  ", got '" + part.trim() + "'");
    values.push_back(v);
    column += part.size() + 1;
  }
  return true;
}

std::optional<RoundingMode> Parser::roundingOf(StringRef text) {
  if (text == "zero")
    return RoundingMode::toward_zero;
  return symbolizeRoundingMode(text);
}

/// Splits `key = value` (blanks allowed around '='); returns the value and
/// its column, or nullopt when `t` is not an assignment to `key`.
static std::optional<std::pair<StringRef, size_t>>
assignment(const Token &t, StringRef key) {
  StringRef text = t.text;
  auto [lhs, rhs] = text.split('=');
  if (lhs.size() == text.size() || lhs.trim() != key)
    return std::nullopt;
  StringRef value = rhs.trim();
  size_t column = t.column + (value.data() - text.data());
  return std::make_pair(value, column);
}

bool Parser::keyValue(const Token &t, StringRef key, int64_t &value,
                      bool &ok) {
  auto kv = assignment(t, key);
  if (!kv)
    return false;
  if (!toInt(kv->first, value))
    ok = failBool(kv->second, "expected a 32-bit integer for " + key +
                                  ", got '" + kv->first + "'");
  return true;
}

bool Parser::keyValueF64(const Token &t, StringRef key, double &value,
                         bool &ok) {
  auto kv = assignment(t, key);
  if (!kv)
    return false;
  if (!toDouble(kv->first, value) || !std::isfinite(value))
    ok = failBool(kv->second, "expected a finite number for " + key +
                                  ", got '" + kv->first + "'");
  return true;
}

bool Parser::parseOptions(size_t first, StringRef format,
                          llvm::function_ref<bool(const Token &)> handle) {
  for (size_t i = first; i < tokens.size(); ++i) {
    const Token &t = tokens[i];
    if (t.text.empty())
      return failBool(t.column, "empty parameter");
    if (!isOption(t.text))
      return failBool(t.column, "unexpected extra parameter '" + t.text +
                                    "' for " + format);
    if (!error.message.empty())
      return false;
    if (!handle(t)) {
      if (!error.message.empty())
        return false;
      if (t.text == "nearest")
        return failBool(t.column, "ambiguous rounding 'nearest': write "
                                  "nearest_even or nearest_away");
      return failBool(t.column,
                      "unknown option '" + t.text + "' for " + format);
    }
    if (!error.message.empty())
      return false;
  }
  return true;
}

QuantizerAttrInterface Parser::parseFixed(size_t first, RoundingMode rounding,
                                          bool roundingGiven) {
  int64_t bits, frac;
  if (!parseInt(first, "total bits", bits) ||
      !parseInt(first + 1, "fractional bits", frac))
    return {};
  bool isSigned = true;
  Overflow overflow = Overflow::saturate;
  if (!parseOptions(first + 2, "fixed point", [&](const Token &t) {
        if (t.text == "signed" || t.text == "unsigned") {
          isSigned = t.text == "signed";
          return true;
        }
        if (t.text == "saturate" || t.text == "wrap") {
          overflow = *symbolizeOverflow(t.text);
          return true;
        }
        if (!roundingGiven)
          if (auto mode = roundingOf(t.text)) {
            rounding = *mode;
            return true;
          }
        return false;
      }))
    return {};
  return build<FixedAttr>(int(bits), int(frac), isSigned, rounding, overflow);
}

QuantizerAttrInterface Parser::parseFloat(size_t first, int exp, int man,
                                          FloatKind kind) {
  bool subnormals = true;
  RoundingMode rounding = RoundingMode::nearest_even;
  std::optional<Overflow> overflow;
  if (!parseOptions(first, "float", [&](const Token &t) {
        if (auto mode = roundingOf(t.text)) {
          rounding = *mode;
          return true;
        }
        if (t.text == "fn") {
          kind = FloatKind::nan_only;
          return true;
        }
        if (auto k = symbolizeFloatKind(t.text)) {
          kind = *k;
          return true;
        }
        if (t.text == "subnormals" || t.text == "no_subnormals") {
          subnormals = t.text == "subnormals";
          return true;
        }
        if (t.text == "saturate" || t.text == "infinity") {
          overflow = *symbolizeOverflow(t.text);
          return true;
        }
        return false;
      }))
    return {};
  // The kind's own overflow behaviour is stored as "not given", so that
  // "fp16" and "float,5,10,infinity" are the same attribute.
  if (overflow == FloatFormatAttr::getDefaultOverflow(kind))
    overflow = std::nullopt;
  return build<FloatFormatAttr>(exp, man, kind, subnormals, overflow, rounding);
}

QuantizerAttrInterface Parser::parsePow2() {
  // pow2[,floor|nearest][,MIN,MAX][,min_exp=N][,max_exp=N]
  Pow2Rounding rounding = Pow2Rounding::floor;
  std::optional<int64_t> minExp, maxExp;
  size_t i = 1;
  if (i < tokens.size())
    if (auto r = symbolizePow2Rounding(tokens[i].text)) {
      rounding = *r;
      ++i;
    }
  if (hasPositional(i)) {
    int64_t lo, hi;
    if (!parseInt(i, "minimum exponent", lo) ||
        !parseInt(i + 1, "maximum exponent", hi))
      return {};
    minExp = lo;
    maxExp = hi;
    i += 2;
  }
  bool ok = true;
  if (!parseOptions(i, "pow2", [&](const Token &t) {
        int64_t v;
        if (keyValue(t, "min_exp", v, ok)) {
          minExp = v;
          return true;
        }
        if (keyValue(t, "max_exp", v, ok)) {
          maxExp = v;
          return true;
        }
        if (auto r = symbolizePow2Rounding(t.text)) {
          rounding = *r;
          return true;
        }
        return false;
      }) ||
      !ok)
    return {};
  return build<Pow2Attr>(rounding, minExp, maxExp);
}

QuantizerAttrInterface Parser::parseBinary() {
  double scale = 1.0;
  size_t i = 1;
  if (hasPositional(1)) {
    if (!parseDouble(1, "scale", scale))
      return {};
    i = 2;
  }
  bool ok = true;
  if (!parseOptions(i, "binary", [&](const Token &t) {
        return keyValueF64(t, "scale", scale, ok);
      }) ||
      !ok)
    return {};
  return build<BinaryAttr>(F64(scale));
}

QuantizerAttrInterface Parser::parseTernary() {
  double scale = 1.0;
  std::optional<double> threshold;
  size_t i = 1;
  if (hasPositional(1)) {
    if (!parseDouble(1, "scale", scale))
      return {};
    i = 2;
    if (hasPositional(2)) {
      double t;
      if (!parseDouble(2, "threshold", t))
        return {};
      threshold = t;
      i = 3;
    }
  }
  bool ok = true;
  if (!parseOptions(i, "ternary", [&](const Token &t) {
        double v;
        if (keyValueF64(t, "scale", scale, ok))
          return true;
        if (keyValueF64(t, "threshold", v, ok)) {
          threshold = v;
          return true;
        }
        return false;
      }) ||
      !ok)
    return {};
  std::optional<F64> thresholdParam;
  if (threshold)
    thresholdParam = F64(*threshold);
  return build<TernaryAttr>(F64(scale), thresholdParam);
}

QuantizerAttrInterface Parser::parseSparse() {
  double threshold;
  if (!parseDouble(1, "threshold", threshold) ||
      !parseOptions(2, "sparse", [](const Token &) { return false; }))
    return {};
  return build<SparseAttr>(F64(threshold));
}

QuantizerAttrInterface Parser::parseAffine() {
  int64_t bits;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  if (!parseInt(1, "bits", bits) || !parseList(2, "scale", scales) ||
      !parseIntList(3, "zero point", zeroPoints))
    return {};
  bool isSigned = true, narrow = false, divide = false, ok = true;
  std::optional<int64_t> axis;
  RoundingMode rounding = RoundingMode::nearest_even;
  if (!parseOptions(4, "affine", [&](const Token &t) {
        int64_t v;
        if (keyValue(t, "axis", v, ok)) {
          axis = v;
          return true;
        }
        if (t.text == "signed" || t.text == "unsigned") {
          isSigned = t.text == "signed";
          return true;
        }
        if (t.text == "narrow") {
          narrow = true;
          return true;
        }
        if (t.text == "divide") {
          divide = true;
          return true;
        }
        if (auto mode = roundingOf(t.text)) {
          rounding = *mode;
          return true;
        }
        return false;
      }) ||
      !ok)
    return {};
  SmallVector<F64> scaleParams(scales.begin(), scales.end());
  return build<AffineAttr>(int(bits), ArrayRef<F64>(scaleParams),
                           ArrayRef<int64_t>(zeroPoints), isSigned, narrow,
                           axis, rounding, divide);
}

bool Parser::parseBlockOptions(size_t first, StringRef format, int64_t &block,
                               int64_t &axis, RoundingMode &rounding) {
  block = 32;
  axis = -1;
  rounding = RoundingMode::nearest_even;
  bool ok = true;
  return parseOptions(first, format,
                      [&](const Token &t) {
                        if (keyValue(t, "block", block, ok) ||
                            keyValue(t, "axis", axis, ok))
                          return true;
                        if (auto mode = roundingOf(t.text)) {
                          rounding = *mode;
                          return true;
                        }
                        return false;
                      }) &&
         ok;
}

QuantizerAttrInterface Parser::parseMX(MXElement element) {
  int64_t block, axis;
  RoundingMode rounding;
  if (!parseBlockOptions(1, "mx", block, axis, rounding))
    return {};
  return build<MXAttr>(element, block, axis, rounding);
}

QuantizerAttrInterface Parser::parseBFP() {
  int64_t bits, block, axis;
  RoundingMode rounding;
  if (!parseInt(1, "mantissa bits", bits) ||
      !parseBlockOptions(2, "bfp", block, axis, rounding))
    return {};
  return build<BlockFloatAttr>(int(bits), block, axis, rounding);
}

QuantizerAttrInterface Parser::parse() {
  StringRef name = tokens[0].text;
  if (name.empty())
    return fail(tokens[0].column, "expected a quantizer name");

  // fp64: every value of every element type tq quantizes is an f64.
  if (name == "none" || name == "identity" || name == "fp64") {
    if (!parseOptions(1, name, [](const Token &) { return false; }))
      return {};
    return cast<QuantizerAttrInterface>(IdentityAttr::get(ctx));
  }

  // TensorQuant fixed point: nearest = ties away (its C kernel's std::round).
  std::optional<RoundingMode> fixedMode =
      llvm::StringSwitch<std::optional<RoundingMode>>(name)
          .Case("nearest", RoundingMode::nearest_away)
          .Case("zero", RoundingMode::toward_zero)
          .Default(roundingOf(name));
  if (fixedMode)
    return parseFixed(1, *fixedMode, /*roundingGiven=*/true);
  if (name == "fixed")
    return parseFixed(1, RoundingMode::nearest_even, /*roundingGiven=*/false);

  if (name == "float") {
    int64_t exp, man;
    if (!parseInt(1, "exponent bits", exp) ||
        !parseInt(2, "mantissa bits", man))
      return {};
    return parseFloat(3, int(exp), int(man), FloatKind::ieee);
  }
  for (const NamedFloatFormat &f : getNamedFloatFormats())
    if (name == f.name)
      return parseFloat(1, f.exp, f.man, f.kind);

  if (name == "logarithmic" || name == "pow2")
    return parsePow2();
  if (name == "binary")
    return parseBinary();
  if (name == "ternary")
    return parseTernary();
  if (name == "sparse")
    return parseSparse();
  if (name == "affine")
    return parseAffine();
  if (name == "bfp")
    return parseBFP();

  std::optional<MXElement> mx =
      llvm::StringSwitch<std::optional<MXElement>>(name)
          .Cases({"mxfp8", "mxfp8_e4m3"}, MXElement::fp8_e4m3)
          .Case("mxfp8_e5m2", MXElement::fp8_e5m2)
          .Cases({"mxfp6", "mxfp6_e2m3"}, MXElement::fp6_e2m3)
          .Case("mxfp6_e3m2", MXElement::fp6_e3m2)
          .Cases({"mxfp4", "mxfp4_e2m1"}, MXElement::fp4_e2m1)
          .Case("mxint8", MXElement::int8)
          .Default(std::nullopt);
  if (mx)
    return parseMX(*mx);

  return fail(tokens[0].column, "unknown quantizer '" + name + "'");
}

QuantizerAttrInterface tq::parseQuantizerString(MLIRContext *context,
                                                StringRef spec,
                                                QuantizerStringError &error) {
  context->getOrLoadDialect<TQDialect>();
  error = QuantizerStringError();
  return Parser(context, spec, error).parse();
}
