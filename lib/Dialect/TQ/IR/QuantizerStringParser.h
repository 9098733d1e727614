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

  // The formats' grammars (each in its format's file, Formats/*.cpp): the
  // quantizer a format name makes, or nullopt when the name is another
  // format's.
  std::optional<QuantizerAttrInterface> parseIdentity(StringRef name);
  std::optional<QuantizerAttrInterface> parseFixedPoint(StringRef name);
  std::optional<QuantizerAttrInterface> parseFloatFormat(StringRef name);
  std::optional<QuantizerAttrInterface> parsePow2Format(StringRef name);
  std::optional<QuantizerAttrInterface> parseSignAndSparse(StringRef name);
  std::optional<QuantizerAttrInterface> parseAffineFormat(StringRef name);
  std::optional<QuantizerAttrInterface> parseBlockFormat(StringRef name);
  std::optional<QuantizerAttrInterface> parseScaledFloat(StringRef name);
  std::optional<QuantizerAttrInterface> parseGroupInt(StringRef name);

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

  // Options from index `first` on; each handler returns false when it does
  // not know the option.
  bool parseOptions(size_t first, StringRef format,
                    llvm::function_ref<bool(const Token &)> handle);
  static std::optional<RoundingMode> roundingOf(StringRef text);
  bool keyValue(const Token &t, StringRef key, int64_t &value, bool &ok);
  bool keyValueF64(const Token &t, StringRef key, double &value, bool &ok);
  /// `key=V1;V2;...`, finite numbers.
  bool keyValueList(const Token &t, StringRef key,
                    SmallVectorImpl<double> &values, bool &ok);
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

  QuantizerAttrInterface parseFixed(size_t first, RoundingMode rounding,
                                    bool roundingGiven);
  QuantizerAttrInterface parseFloat(size_t first, int exp, int man,
                                    FloatKind kind);
  QuantizerAttrInterface parsePow2();
  QuantizerAttrInterface parseBinary();
  QuantizerAttrInterface parseTernary();
  QuantizerAttrInterface parseSparse();
  QuantizerAttrInterface parseAffine();
  /// MX's `scale=TYPE` and `tensor_scale` options.
  struct BlockScaleOptions {
    std::optional<MXElement> type; ///< nullopt: E8M0
    bool tensorScale = false;
    size_t column = 0, tensorColumn = 0;
  };
  /// A static tensor amax (`amax=A`) and where it was written.
  struct TensorAmaxOption {
    SmallVector<double> values;
    size_t column = 0;
  };
  /// `[,block=N][,axis=N][,ROUNDING]` of the block formats (each keeps the
  /// value the caller gave it, its attribute's default, unless written). With `scaleRounding` (MX), also
  /// `[,scale_rounding=MODE]`; with `scale`, `[,scale=TYPE][,tensor_scale]`;
  /// with `amax`, `[,amax=A]`.
  bool parseBlockOptions(size_t first, StringRef format, int64_t &block,
                         int64_t &axis, RoundingMode &rounding,
                         MXScaleRounding *scaleRounding = nullptr,
                         BlockScaleOptions *scale = nullptr,
                         TensorAmaxOption *amax = nullptr);
  QuantizerAttrInterface parseMX(MXElement element);
  QuantizerAttrInterface parseNVFP4();
  QuantizerAttrInterface parseBFP();

  MLIRContext *ctx;
  StringRef spec;
  QuantizerStringError &error;
  std::vector<Token> tokens;
};
} // namespace tq::detail

#endif // TQ_LIB_DIALECT_TQ_IR_QUANTIZERSTRINGPARSER_H
