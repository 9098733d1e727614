//===- QuantizerString.h - The quantizer-string language --------*- C++ -*-===//
//
// One parser for quantizer strings ("nearest,8,4", "fp8_e4m3",
// "affine,8,0.05,3", ...), used by `tq.quantize`'s assembly, the insertion
// pass and every tool. TensorQuant's strings parse with the semantics
// TensorQuant meant; docs/quantizers.md lists the grammar.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_DIALECT_TQ_IR_QUANTIZERSTRING_H
#define TQ_DIALECT_TQ_IR_QUANTIZERSTRING_H

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include <string>

namespace tq {

/// What went wrong in a quantizer string, and where (0-based column).
struct QuantizerStringError {
  std::string message;
  size_t column = 0;
};

/// Parses `spec` into a quantizer attribute (the dialect must be loaded in
/// `context`). On failure returns null and fills `error`. Parameters are
/// checked as the attribute's verifier checks them (element-type dependent
/// checks happen when the quantizer is applied to a value).
QuantizerAttrInterface parseQuantizerString(mlir::MLIRContext *context,
                                            llvm::StringRef spec,
                                            QuantizerStringError &error);

} // namespace tq

#endif // TQ_DIALECT_TQ_IR_QUANTIZERSTRING_H
