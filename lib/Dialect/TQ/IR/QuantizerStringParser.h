//===- QuantizerStringParser.h - The quantizer-string parser ---*- C++ -*-===//
//
// Private to lib/Dialect/TQ/IR: the parser of the quantizer-string language
// (QuantizerString.cpp: tokens, numbers, options, dispatch) and the hooks
// through which each format's file (Formats/*.cpp) parses its own names.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_LIB_DIALECT_TQ_IR_QUANTIZERSTRINGPARSER_H
#define TQ_LIB_DIALECT_TQ_IR_QUANTIZERSTRINGPARSER_H

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <optional>
#include <string>
#include <vector>

// tq::defaults: the parameters' defaults as TQAttributes.td gives them.
#include "tq/Dialect/TQ/IR/TQAttrDefaults.h.inc"

namespace tq::detail {
// A private header of the dialect library, whose files all use mlir.
using namespace mlir;

struct Token {
  std::string text; // trimmed, lower case
  size_t column;    // of the first non-blank character
};

/// A decimal integer with an optional sign that fits in 32 bits.
bool toInt(StringRef text, int64_t &value);

/// Splits on commas, trimming blanks; columns index into the original spec.
std::vector<Token> tokenize(StringRef spec);

class Parser {
public:
  Parser(MLIRContext *ctx, StringRef spec, QuantizerStringError &error)
      : ctx(ctx), spec(spec), error(error), tokens(tokenize(spec)) {}

  QuantizerAttrInterface parse();

  // The names beyond the attributes' mnemonics and stringNames (which the
  // generated strings::parseNamed reads): presets and names with numbers in
  // them, each in its format's file (Formats/*.cpp). The quantizer a name
  // makes, or nullopt when the name is another format's.
  std::optional<QuantizerAttrInterface> parseFixedPreset(StringRef name);
  std::optional<QuantizerAttrInterface> parseFloatPreset(StringRef name);
  std::optional<QuantizerAttrInterface> parseBlockPreset(StringRef name);
  std::optional<QuantizerAttrInterface> parseScaledFloatPreset(StringRef name);
  std::optional<QuantizerAttrInterface> parseGroupIntPreset(StringRef name);

  /// Reads a format's parameters into `s` (a generated strings:: struct):
  /// its positional parameters from token `first` on (when `positional`),
  /// then options, except those setting the parameters in `fixed` (which
  /// the name gave); then builds the attribute. Messages name the format
  /// `what`.
  template <typename S>
  QuantizerAttrInterface parseFormat(S &s, size_t first, bool positional,
                                     StringRef what,
                                     ArrayRef<StringRef> fixed = {}) {
    size_t i = first;
    if (positional && !s.parsePositional(*this, i))
      return {};
    if (!parseOptions(i, what, [&](const Token &t) {
          return s.extraOption(*this, t) || s.setOption(*this, t, fixed);
        }))
      return {};
    if (!s.finish(*this))
      return {};
    return s.build(*this);
  }

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
  /// `V1;V2;...` (finite numbers) at `column` of the spec.
  bool parseNumbers(StringRef text, size_t column, const Twine &what,
                    SmallVectorImpl<double> &values);
  bool parseIntList(size_t i, const char *what,
                    SmallVectorImpl<int64_t> &values);

  // A positional parameter of each type the attributes have, at token `i`
  // (advanced past it); `what` names it in messages.
  bool positional(size_t &i, const char *what, int &value);
  bool positional(size_t &i, const char *what, F64 &value);
  bool positional(size_t &i, const char *what, std::optional<F64> &value);
  bool positional(size_t &i, const char *what, SmallVectorImpl<F64> &values);
  bool positional(size_t &i, const char *what,
                  SmallVectorImpl<int64_t> &values);

  // `key=value` for each parameter type: true when `t` assigns `key` (an
  // ill-formed value is reported, which parseOptions sees).
  bool option(const Token &t, StringRef key, int64_t &value);
  bool option(const Token &t, StringRef key, F64 &value);
  bool option(const Token &t, StringRef key, bool &value);
  bool option(const Token &t, StringRef key, SmallVectorImpl<F64> &values);
  /// The types above in another form (int, std::optional), through them.
  template <typename T, typename Via>
  bool optionVia(const Token &t, StringRef key, T &value) {
    Via v{};
    if (!option(t, key, v))
      return false;
    if (error.message.empty())
      value = T(v);
    return true;
  }
  bool option(const Token &t, StringRef key, int &value) {
    return optionVia<int, int64_t>(t, key, value);
  }
  bool option(const Token &t, StringRef key, std::optional<int64_t> &value) {
    return optionVia<std::optional<int64_t>, int64_t>(t, key, value);
  }
  bool option(const Token &t, StringRef key, std::optional<F64> &value) {
    return optionVia<std::optional<F64>, F64>(t, key, value);
  }
  /// `key=VALUE` of an enum: `what` names it and `expected` lists its values
  /// in the message for an unknown one.
  template <typename E>
  bool enumOption(const Token &t, StringRef key, E &value, StringRef what,
                  StringRef expected) {
    StringRef text;
    size_t column;
    if (!keyWord(t, key, text, column))
      return false;
    if (std::optional<E> e = word<E>(text))
      value = *e;
    else
      fail(column, "unknown " + what + " '" + text + "' (expected " +
                       expected + ")");
    return true;
  }
  template <typename E>
  bool enumOption(const Token &t, StringRef key, std::optional<E> &value,
                  StringRef what, StringRef expected) {
    E e{};
    if (!enumOption(t, key, e, what, expected))
      return false;
    value = e;
    return true;
  }
  /// An enum's value from its name (`zero` also names toward_zero).
  template <typename E>
  static std::optional<E> word(StringRef text) {
    if constexpr (std::is_same_v<E, RoundingMode>)
      return roundingOf(text);
    else
      return symbolizeEnum<E>(text);
  }

  // Options from index `first` on; each handler returns false when it does
  // not know the option.
  bool parseOptions(size_t first, StringRef format,
                    llvm::function_ref<bool(const Token &)> handle);
  static std::optional<RoundingMode> roundingOf(StringRef text);
  /// `key=word`: true when `t` assigns `key`, with the word and its column.
  bool keyWord(const Token &t, StringRef key, StringRef &word, size_t &column);

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

  /// `mxfp8`, `mxfp4`, ...: MX with the element of the name; a float
  /// `scale=TYPE` makes it block_scaled.
  QuantizerAttrInterface parseMX(MXElement element);

  MLIRContext *ctx;
  StringRef spec;
  QuantizerStringError &error;
  std::vector<Token> tokens;
};
} // namespace tq::detail

// tq::detail::strings: each attribute's string syntax, as TQAttributes.td
// declares it.
#include "tq/Dialect/TQ/IR/TQQuantizerStrings.h.inc"

#endif // TQ_LIB_DIALECT_TQ_IR_QUANTIZERSTRINGPARSER_H
