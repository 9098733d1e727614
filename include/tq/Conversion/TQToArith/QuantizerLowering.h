//===- QuantizerLowering.h - A format's arith code ---------------*- C++ -*-===//
//
// QuantizerLoweringInterface: what tq-lower-to-arith asks a quantizer
// attribute for, and the registration of the models of tq's formats.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_CONVERSION_TQTOARITH_QUANTIZERLOWERING_H
#define TQ_CONVERSION_TQTOARITH_QUANTIZERLOWERING_H

#include "tq/Conversion/TQToArith/ElementLowering.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectRegistry.h"

#include "tq/Conversion/TQToArith/QuantizerLoweringInterface.h.inc"

namespace tq {
/// Attaches QuantizerLoweringInterface to every quantizer attribute of the
/// tq dialect (when the dialect is loaded). tq-lower-to-arith does it
/// itself; a compiler that uses populateTQToArithPatterns calls it.
void registerQuantizerLoweringModels(mlir::DialectRegistry &registry);
} // namespace tq

#endif // TQ_CONVERSION_TQTOARITH_QUANTIZERLOWERING_H
