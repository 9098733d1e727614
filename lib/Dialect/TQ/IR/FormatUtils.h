//===- FormatUtils.h - What the quantizer formats share ---------*- C++ -*-===//
//
// Private to lib/Dialect/TQ/IR: the checks and printing helpers the
// formats' files (Formats/*.cpp) share. Defined in TQAttributes.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_LIB_DIALECT_TQ_IR_FORMATUTILS_H
#define TQ_LIB_DIALECT_TQ_IR_FORMATUTILS_H

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

#include <optional>
#include <string>

namespace tq::detail {
/// Element type and shape of a value type, for the checks below.
struct ValueTypeInfo {
  ref::ElemType elem;
  mlir::Type elementType;
  std::optional<llvm::ArrayRef<int64_t>> shape; // nullopt for scalars
};
ValueTypeInfo getInfo(mlir::Type type);

/// Resolves a possibly negative axis against a shaped value type; reports
/// scalars and out-of-range axes.
mlir::FailureOr<int64_t>
resolveAxis(mlir::Type type, int64_t axis, llvm::StringRef what,
            llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

bool isNearest(RoundingMode mode);
/// Significand bits of an element type, the implicit one included.
int precisionOf(ref::ElemType elem);
/// The shortest decimal that reads back as the same double.
std::string str(double v);
/// ",<mode>" unless `mode` is the format's default.
std::string roundingSuffix(RoundingMode mode, RoundingMode defaultMode);
/// ",axis=N" unless `axis` is the default, -1 (the last dimension).
std::string axisSuffix(int64_t axis);
/// A per-channel format's `count` values match the `dim` channels along
/// `axis` (as written) of `type`: "WHAT along axis A of T needs D NOUN,
/// got N" otherwise.
mlir::LogicalResult
checkChannelCount(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
                  llvm::StringRef what, int64_t axis, mlir::Type type,
                  int64_t dim, size_t count, llvm::StringRef noun);

/// `what` scale is positive and finite.
mlir::LogicalResult
checkScale(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
           llvm::StringRef what, double scale);
/// `what` scale is finite and nonzero in the element type of `type`.
mlir::LogicalResult
checkScaleFits(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
               llvm::StringRef what, double scale, mlir::Type type);
/// `what` block size is at least 1.
mlir::LogicalResult
checkBlock(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
           llvm::StringRef what, int64_t block);

} // namespace tq::detail

#endif // TQ_LIB_DIALECT_TQ_IR_FORMATUTILS_H
