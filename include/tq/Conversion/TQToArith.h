//===- TQToArith.h - tq.quantize to arith patterns --------------*- C++ -*-===//
//
// The lowering of tq.quantize as rewrite patterns, for compilers that run
// it inside their own conversion (tq-lower-to-arith is a thin pass around
// them).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_CONVERSION_TQTOARITH_H
#define TQ_CONVERSION_TQTOARITH_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace tq {

/// The shape of the code tq.quantize lowers to; the values are the same.
enum class LoweringTarget {
  /// Stochastic rounding of a static tensor takes 32-128 elements per step.
  cpu,
  /// 4 elements per step: one Philox4x32-10 evaluation per GPU thread.
  gpu,
};

/// Adds the pattern that rewrites every tq.quantize into arith (scalars and
/// vectors) or linalg + arith (ranked tensors), bit for bit the reference
/// semantics. A quantizer the lowering cannot handle (ternary with an
/// automatic threshold on a vector, a non-elementwise quantizer on a
/// scalar) is reported as an error on the op and the op is left in place.
/// The context must have loaded the dialects the code is made of: arith,
/// math, linalg, tensor, vector and scf (tq-lower-to-arith declares them
/// as its dependent dialects), and its registry must hold the formats'
/// lowerings (tq::registerQuantizerLoweringModels, in
/// tq/Conversion/TQToArith/QuantizerLowering.h; tq::registerTQDialect
/// includes them).
void populateTQToArithPatterns(mlir::RewritePatternSet &patterns,
                               LoweringTarget target);

} // namespace tq

#endif // TQ_CONVERSION_TQTOARITH_H
