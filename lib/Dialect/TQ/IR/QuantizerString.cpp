//===- QuantizerString.cpp - The quantizer-string language ----------------===//
//
// A quantizer string is a comma-separated list: a format name, positional
// numbers, then options (keywords or key=value) in any order. The grammar of
// every format is in docs/quantizers.md. Parameters are validated by the
// attributes' own verifiers, whose message is reported at the format name.
//
//===----------------------------------------------------------------------===//

#include "QuantizerStringParser.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringSwitch.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>

using namespace mlir;
using namespace tq;
using namespace tq::detail;

namespace tq::detail {
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
} // namespace tq::detail

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
bool tq::detail::toInt(StringRef text, int64_t &value) {
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

bool Parser::parseNumbers(StringRef text, size_t column, const Twine &what,
                          SmallVectorImpl<double> &values) {
  SmallVector<StringRef> parts;
  text.split(parts, ';');
  for (StringRef part : parts) {
    double v;
    if (!toDouble(part.trim(), v) || !std::isfinite(v))
      return failBool(column, "expected a finite number for " + what +
                                  ", got '" + part.trim() + "'");
    values.push_back(v);
    column += part.size() + 1;
  }
  return true;
}

bool Parser::parseList(size_t i, const char *what,
                       SmallVectorImpl<double> &values) {
  return expectCount(i, what) &&
         parseNumbers(tokens[i].text, tokens[i].column, what, values);
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

bool Parser::positional(size_t &i, const char *what, int &value) {
  int64_t v;
  if (!parseInt(i, what, v))
    return false;
  value = int(v);
  ++i;
  return true;
}

bool Parser::positional(size_t &i, const char *what, F64 &value) {
  double v;
  if (!parseDouble(i, what, v))
    return false;
  value = v;
  ++i;
  return true;
}

bool Parser::positional(size_t &i, const char *what,
                        std::optional<F64> &value) {
  F64 v;
  if (!positional(i, what, v))
    return false;
  value = v;
  return true;
}

bool Parser::positional(size_t &i, const char *what,
                        SmallVectorImpl<F64> &values) {
  SmallVector<double> v;
  if (!parseList(i, what, v))
    return false;
  values.assign(v.begin(), v.end());
  ++i;
  return true;
}

bool Parser::positional(size_t &i, const char *what,
                        SmallVectorImpl<int64_t> &values) {
  if (!parseIntList(i, what, values))
    return false;
  ++i;
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

bool Parser::keyWord(const Token &t, StringRef key, StringRef &word,
                     size_t &column) {
  auto kv = assignment(t, key);
  if (!kv)
    return false;
  word = kv->first;
  column = kv->second;
  return true;
}

// `key=value` for each parameter type: an ill-formed value is reported (and
// parseOptions stops at it), the parameter then left as it was.
bool Parser::option(const Token &t, StringRef key, int64_t &value) {
  StringRef text;
  size_t column;
  if (!keyWord(t, key, text, column))
    return false;
  int64_t v;
  if (toInt(text, v))
    value = v;
  else
    fail(column, "expected a 32-bit integer for " + key + ", got '" + text +
                     "'");
  return true;
}

bool Parser::option(const Token &t, StringRef key, F64 &value) {
  StringRef text;
  size_t column;
  if (!keyWord(t, key, text, column))
    return false;
  double v;
  if (toDouble(text, v) && std::isfinite(v))
    value = v;
  else
    fail(column, "expected a finite number for " + key + ", got '" + text +
                     "'");
  return true;
}

bool Parser::option(const Token &t, StringRef key, bool &value) {
  StringRef text;
  size_t column;
  if (!keyWord(t, key, text, column))
    return false;
  if (text == "true" || text == "false")
    value = text == "true";
  else
    fail(column, "expected true or false for " + key + ", got '" + text + "'");
  return true;
}

bool Parser::option(const Token &t, StringRef key,
                    SmallVectorImpl<F64> &values) {
  StringRef text;
  size_t column;
  if (!keyWord(t, key, text, column))
    return false;
  SmallVector<double> v;
  if (parseNumbers(text, column, key, v))
    values.assign(v.begin(), v.end()); // the last assignment wins
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

QuantizerAttrInterface Parser::parse() {
  StringRef name = tokens[0].text;
  if (name == "")
    return fail(tokens[0].column, "expected a quantizer name");
  // The names TQAttributes.td declares, then the formats' presets
  // (Formats/*.cpp).
  if (std::optional<QuantizerAttrInterface> q = strings::parseNamed(*this, name))
    return *q;
  for (auto format :
       {&Parser::parseFixedPreset, &Parser::parseFloatPreset,
        &Parser::parseBlockPreset, &Parser::parseScaledFloatPreset,
        &Parser::parseGroupIntPreset})
    if (std::optional<QuantizerAttrInterface> q = (this->*format)(name))
      return *q;
  return fail(tokens[0].column, "unknown quantizer '" + name + "'");
}

QuantizerAttrInterface tq::parseQuantizerString(MLIRContext *context,
                                                StringRef spec,
                                                QuantizerStringError &error) {
  context->getOrLoadDialect<TQDialect>();
  error = QuantizerStringError();
  return Parser(context, spec, error).parse();
}
