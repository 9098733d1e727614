//===- Mac.h - Reference semantics of multiply-accumulate units -*- C++ -*-===//
//
// The one definition of what a `#tq.mac` unit computes for one output
// element of a matmul or convolution: the products and partial sums it
// rounds, in its order. `tq-fold-intrinsic` evaluates contractions with it;
// the lowering of `tq-expand-intrinsic` must agree with it bit for bit.
// Plain scalar code: a loop over the terms, written for obviousness.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_REFERENCE_MAC_H
#define TQ_REFERENCE_MAC_H

#include "tq/Reference/Reference.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace tq::ref {

/// A quantizer of one scalar: the exact result of quantizing `x` with the
/// random word of stream counter `counter` (the model's seed applied). A
/// null function is the identity.
using ScalarQuantizer = std::function<double(double x, uint64_t counter)>;

struct MacModel {
  ScalarQuantizer product, accumulator;
  /// The accumulator of chunk sums (null: `accumulator`).
  ScalarQuantizer outer;
  int64_t chunk = 0;
  /// A pairwise tree instead of a sequence (per chunk with a chunk).
  bool pairwise = false;
  /// MX dot products: the terms are MX elements with their blocks' scales
  /// (MacTerm::scaleA, scaleB), a chunk is a block, and its sum is scaled
  /// once.
  bool mxDot = false;
  bool fused = false;
  bool wide = false;
  int64_t align = 0;
  int kept = 0;
  Rounding alignRounding = Rounding::TowardZero;
  /// The sum a group joins takes part in the group's alignment.
  bool alignAccumulator = false;
  /// The element type of the operands and result.
  ElemType element = ElemType::F32;

  /// Products and sums are formed in this type.
  ElemType working() const { return wide ? ElemType::F64 : element; }
  /// Random counters per iteration of the original loop nest.
  int64_t countersPerIteration() const { return chunk ? 3 : 2; }
};

/// One product of the reduction: operands `a` and `b` (values of the element
/// type), `iteration` its index in the original loop nest (row-major), `k`
/// its index along the innermost reduction dimension, which chunks and
/// align groups split.
struct MacTerm {
  double a, b;
  uint64_t iteration;
  int64_t k;
  /// MX dot products: the powers of two of the operands' blocks.
  double scaleA = 1, scaleB = 1;
};

/// Round-to-odd of the exact sum x + y into f64: the nearest f64 when exact,
/// else the neighbour of the exact sum whose last significand bit is 1.
double addRoundToOdd(double x, double y);

/// The result of one output element: `init` its initial value (drawing at
/// `initCounter` when stochastic), `terms` the products in reduction order,
/// `innermost` the size of the innermost reduction dimension. Returns a
/// value of the element type.
double macDot(const MacModel &model, double init, uint64_t initCounter,
              const std::vector<MacTerm> &terms, int64_t innermost);

} // namespace tq::ref

#endif // TQ_REFERENCE_MAC_H
