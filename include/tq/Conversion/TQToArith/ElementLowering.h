//===- ElementLowering.h - One quantizer on one value, in arith -*- C++ -*-===//
//
// Emits the arith code of a quantizer applied to a scalar or a vector of
// floats: the code that the linalg.generic bodies and vector lowerings share.
// Every function mirrors a function of the reference semantics
// (tq/Reference/Reference.h) and must compute the same bits. A format's
// lowering (its QuantizerLoweringInterface model, Formats.cpp) is built
// from these blocks.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_CONVERSION_TQTOARITH_ELEMENTLOWERING_H
#define TQ_CONVERSION_TQTOARITH_ELEMENTLOWERING_H

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

#include <array>

namespace tq {

/// The Philox key of stochastic rounding: tq.quantize's seed attribute
/// (`value`, 0 without one) or its seed_value operand (an i64 scalar), which
/// replaces it when set.
struct PhiloxSeed {
  uint64_t value = 0;
  mlir::Value operand;
};

/// Values a quantizer may need beyond the element itself.
struct ElementExtras {
  mlir::Value index;    ///< i64 linear index (stochastic rounding)
  mlir::Value random;   ///< i32 random words, when the caller drew them
  PhiloxSeed seed;
  mlir::Value scaleExp; ///< i32 block scale exponent (Blocks strategy)
  mlir::Value special;  ///< i1: the block holds NaN/Inf (Blocks strategy)
  /// The block's scale factor in the compute type, for formats whose scale
  /// is not a power of two (Blocks strategy).
  mlir::Value scale;
  /// Further values of the block (compute type) that the format's
  /// lowerBlockScale computes for its element code (Blocks strategy).
  llvm::SmallVector<mlir::Value, 2> blockValues;
  /// The block's smallest and largest value, compute type (Blocks strategy
  /// with blockRange), set before lowerBlockScale.
  mlir::Value blockMin, blockMax;
  /// The prepared statistic of the whole tensor (WholeTensor strategy, and
  /// Blocks with a tensorStatistic): the format's prepareStatistic.
  mlir::Value statistic;
  /// The element's channel's constants, in the order of the format's
  /// getChannelParameters (PerChannel strategy).
  llvm::SmallVector<mlir::Value> channel;
};

class ElementLowering {
public:
  /// `shape` is empty for scalars, the vector shape for vectors.
  ElementLowering(mlir::OpBuilder &b, mlir::Location loc,
                  llvm::ArrayRef<int64_t> shape)
      : b(b), loc(loc), shape(shape) {}

  /// The quantized value of `x` (element type f16/bf16/f32/f64, scalar or
  /// vector of `shape`), in the same type: the format's lowerElement
  /// (QuantizerLoweringInterface) in its compute type, NaN for a block
  /// holding NaN or Inf, rounded once into the element type; NaN inputs
  /// keep their bits. Null when `q` has no lowering.
  mlir::Value quantize(QuantizerAttrInterface q, mlir::Value x,
                       const ElementExtras &extras);

  /// The shared scale of a block of `q` (Blocks strategy) from its largest
  /// magnitude `maxAbs` (compute type, this lowering's shape): sets
  /// `extras.special` (the block holds NaN or Inf), then the format's
  /// lowerBlockScale sets the block's values.
  void blockScale(QuantizerAttrInterface q, mlir::Value maxAbs,
                  ElementExtras &extras);


  // Building blocks, public for the tensor lowering (block exponents).
  mlir::Type typeOf(mlir::Type element) const;
  mlir::Value constF(mlir::Type element, double value);
  mlir::Value constI(mlir::Type element, int64_t value);
  /// floor(log2|x|) as i32 for finite nonzero x of compute type `c`.
  mlir::Value ilogb(mlir::Value x);
  /// For finite x != 0 of compute type c: floor(log2|x|) (i32) and the
  /// significand's bits below its leading one (subnormals normalized),
  /// as an integer of c's width in c's mantissa field: |x| = 2^e (1 +
  /// frac / 2^manBits), exactly.
  std::pair<mlir::Value, mlir::Value> decompose(mlir::Value x);
  /// i1: x is NaN / +-Inf / finite.
  mlir::Value isNaN(mlir::Value x);
  mlir::Value isInf(mlir::Value x);

  /// `x` (element type) widened exactly to compute type `c`.
  mlir::Value widen(mlir::Value x, mlir::Type c) { return fromElement(x, c); }

  /// Philox4x32-10 word for (seed, index), as the reference's randomWord.
  mlir::Value randomWord(const PhiloxSeed &seed, mlir::Value index);
  /// The 4 words of Philox4x32-10 for counter block `block` (i64): the
  /// random words of elements 4*block .. 4*block+3.
  std::array<mlir::Value, 4> philoxWords(const PhiloxSeed &seed,
                                         mlir::Value block);

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() const { return loc; }

  // Building blocks of the formats' lowerings.
  struct FloatInfo {
    unsigned width, manBits;
    int bias, minNormal, maxExp;
  };
  FloatInfo info(mlir::Type c) const;
  mlir::Type intTypeFor(mlir::Type c) const;

  mlir::Value bitcast(mlir::Value v, mlir::Type element);
  mlir::Value pow2(mlir::Type c, mlir::Value n);         // n: i32 in normal range
  mlir::Value scaleByPow2(mlir::Value v, mlir::Value n); // exact, any n
  mlir::Value copySign(mlir::Value magnitude, mlir::Value sign);
  mlir::Value selectV(mlir::Value cond, mlir::Value a, mlir::Value b);

  /// Rounds x (compute type) to a multiple of 2^qq (i32) per `mode`,
  /// keeping the sign; the reference's roundToQuantum.
  mlir::Value roundToQuantum(mlir::Value x, mlir::Value qq, RoundingMode mode,
                             mlir::Value random);

  /// y rounded to an integer by the hardware (deterministic modes), exact.
  mlir::Value roundToInteger(mlir::Value y, ref::Rounding rounding);
  /// Exact scaling + hardware rounding (see fixedPoint for when it applies).
  mlir::Value fixedPointFast(const ref::FixedPoint &f, mlir::Value x,
                             mlir::Value random, mlir::Value scaleExp);
  /// Stochastic rounding of y to an integer, exact (the fraction is exact).
  mlir::Value roundToIntegerStochastic(mlir::Value y, mlir::Value random);
  mlir::Value fixedPoint(const ref::FixedPoint &f, mlir::Value x,
                         mlir::Value random, mlir::Value scaleExp);
  /// f32: rounds the f32 encoding in place.
  mlir::Value floatFormatBits(const ref::FloatFormat &f, RoundingMode mode,
                              mlir::Value x, mlir::Value random);
  mlir::Value floatFormat(const ref::FloatFormat &f, RoundingMode mode,
                          mlir::Value x, mlir::Value random);
  /// An MX float element format under the block scale 2^s (i32): f on
  /// x * 2^-s, times 2^s (both exact; see the definition).
  mlir::Value mxFloat(const ref::FloatFormat &f, RoundingMode mode,
                      mlir::Value x, mlir::Value random, mlir::Value s);
  mlir::Value pow2Format(const ref::Pow2 &p, mlir::Value x);
  mlir::Value affine(AffineAttr a, mlir::Value x, mlir::Value random,
                     const ElementExtras &extras, mlir::Type element);

  /// Rounds an exact value of compute type `c` into element type `e` once
  /// (round to nearest even) and converts; NaN stays NaN.
  mlir::Value toElement(mlir::Value v, mlir::Type element);
  mlir::Value fromElement(mlir::Value x, mlir::Type compute);
  /// arith.truncf to the narrower IEEE type `to`, with its NaN result
  /// spelled out: the input's sign and top payload bits, quiet (what the
  /// reference and x86 give; NVPTX's cvt returns a canonical NaN instead).
  mlir::Value truncFloat(mlir::Value v, mlir::Type to);

  /// The smallest value of float type `c` that is >= t, and whether it is
  /// t itself.
  static std::pair<double, bool> roundUpTo(mlir::Type c, double t);
  /// i1: `l` `p` `r` (ordered or unordered per `p`).
  mlir::Value cmpF(mlir::arith::CmpFPredicate p, mlir::Value l, mlir::Value r);
  /// The floor(log2 |maxAbs|) of a block's largest magnitude (0 for 0) as
  /// `extras.scaleExp`.
  void blockExponent(mlir::Value maxAbs, ElementExtras &extras);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  llvm::SmallVector<int64_t> shape;
  /// Set by quantize() while a Blocks format's element code runs with
  /// `extras.special`: every element of a block holding NaN or Inf is
  /// replaced afterwards, and in the other blocks the values that the
  /// format rounds (finite elements times finite block values) are never
  /// NaN, so fixedPoint and floatFormat leave out their NaN select. A
  /// format whose element code could make NaN from finite values must not
  /// rely on this.
  bool nanFreeOperands = false;
};

/// The compute type of quantizer `q` on elements of type `element`: f32
/// when every intermediate value is exact in f32, else f64.
mlir::Type getComputeType(QuantizerAttrInterface q, mlir::Type element);

} // namespace tq

#endif // TQ_CONVERSION_TQTOARITH_ELEMENTLOWERING_H
