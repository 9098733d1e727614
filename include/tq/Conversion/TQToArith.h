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

/// Adds the pattern that moves an elementwise op below the shuffles that
/// spread its operands: op(shuffle(a, a, M), shuffle(b, b, M), splat c)
/// becomes shuffle(op(a, b, c'), M) when every vector operand is a spread
/// of a shorter vector by the same mask M (or a splat constant). Block
/// formats spread each block's values (scale exponent, scale) to its
/// elements; what the element code derives from them is then computed once
/// per block instead of once per element. Lanes are only permuted and
/// repeated, so the values are the same. tq-lower-to-arith applies it to
/// the users of the spreads it emits.
void populateNarrowSpreadPatterns(mlir::RewritePatternSet &patterns);

} // namespace tq

#endif // TQ_CONVERSION_TQTOARITH_H
