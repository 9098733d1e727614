//===- ConstantBytes.h - The bytes of a constant tensor ---------*- C++ -*-===//
//
// For the passes and tools that move constant tensors as bytes (packing a
// filter, handing weights to the JIT) without reading them element by
// element.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_DIALECT_TQ_IR_CONSTANTBYTES_H
#define TQ_DIALECT_TQ_IR_CONSTANTBYTES_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"

#include <optional>

namespace tq {

/// The row-major bytes of `attr`'s elements when it stores every element,
/// in whole bytes: a dense attribute that is not a splat, or a
/// dense_resource whose blob is present and has the type's size. None for
/// splats, elided resources and sub-byte elements (i1, i4).
std::optional<llvm::ArrayRef<char>> getElementBytes(mlir::ElementsAttr attr);

} // namespace tq

#endif // TQ_DIALECT_TQ_IR_CONSTANTBYTES_H
