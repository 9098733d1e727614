//===- ExpandIntrinsic.cpp - Emulate multiply-accumulate arithmetic -------===//
//
// Contractions marked `tq.intrinsic = {product = P, accumulator = A}` become
// linalg.generic ops that round every product to P and every partial sum to
// A, in a fixed sequential order. See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/Reference/Reference.h"

#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseSet.h"

namespace tq {
#define GEN_PASS_DEF_TQEXPANDINTRINSIC
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;
using namespace tq;

static constexpr StringLiteral kIntrinsicAttr = "tq.intrinsic";

/// Lowers the TOSA op `op` to linalg with the upstream patterns and moves its
/// tq.intrinsic record onto the contraction(s) it became.
static LogicalResult lowerTosaOp(Operation *op,
                                 const FrozenRewritePatternSet &patterns) {
  MLIRContext *ctx = op->getContext();
  auto record = op->getAttrOfType<MacAttr>(kIntrinsicAttr);
  Operation *scope = op->getParentOp();
  llvm::DenseSet<Operation *> before;
  scope->walk([&](linalg::LinalgOp l) { before.insert(l); });

  ConversionTarget target(*ctx);
  target.markUnknownOpDynamicallyLegal([op](Operation *o) { return o != op; });
  Location loc = op->getLoc();
  std::string name = op->getName().getStringRef().str();
  // Who uses the result: after the conversion they use its replacement.
  SmallVector<std::pair<Operation *, unsigned>> uses;
  for (OpOperand &use : op->getResult(0).getUses())
    uses.push_back({use.getOwner(), use.getOperandNumber()});
  if (failed(applyPartialConversion(ArrayRef<Operation *>{op}, target,
                                    patterns)))
    return emitError(loc) << "tq.intrinsic: cannot lower " << name
                          << " to linalg";
  SmallVector<linalg::LinalgOp> contractions;
  scope->walk([&](linalg::LinalgOp l) {
    if (!before.count(l) && l.getNumReductionLoops() > 0) {
      l->setAttr(kIntrinsicAttr, record);
      contractions.push_back(l);
    }
  });
  if (contractions.empty())
    return emitError(loc) << "tq.intrinsic: " << name
                          << " did not become a linalg contraction";
  // Where the lowering adds the bias after the contraction (depthwise
  // convolutions), the sum with the bias is rounded to the accumulator
  // format too.
  if (uses.empty())
    return success();
  Value replacement = uses.front().first->getOperand(uses.front().second);
  if (llvm::any_of(contractions, [&](linalg::LinalgOp l) {
        return l->getResult(0) == replacement;
      }))
    return success();
  if (!record)
    return success(); // expand() reports the malformed record
  QuantizerAttrInterface accumulator = record.getOuterOrAccumulator();
  OpBuilder b(ctx);
  b.setInsertionPointAfterValue(replacement);
  IntegerAttr seed;
  Value offset;
  if (accumulator.isStochastic()) {
    seed = b.getI64IntegerAttr(*record.getSeed());
    int64_t iterations = 1;
    for (int64_t r : contractions.front().getStaticLoopRanges())
      iterations *= ShapedType::isDynamic(r) ? 1 : r;
    offset = arith::ConstantIndexOp::create(b, loc, 4 * iterations);
  }
  Value q = QuantizeOp::create(b, loc, replacement.getType(), replacement,
                               accumulator, seed, offset);
  for (auto [owner, number] : uses)
    owner->setOperand(number, q);
  return success();
}

/// A tensor of `type`'s shape with its elements converted to `element`
/// (arith.extf / arith.truncf, round to nearest even).
/// A float scalar in type `t`: extended or truncated (rounded) into it.
static Value convertFloat(OpBuilder &b, Location l, Value v, Type t) {
  if (v.getType() == t)
    return v;
  if (t.getIntOrFloatBitWidth() > v.getType().getIntOrFloatBitWidth())
    return arith::ExtFOp::create(b, l, t, v);
  return arith::TruncFOp::create(b, l, t, v);
}

/// The exponent field of an f64 value, unbiased (i64): floor(log2 |v|) for
/// a normal v, -1023 for 0.
static Value exponentOfF64(OpBuilder &b, Location l, Value v) {
  auto icst = [&](int64_t c) -> Value {
    return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(c));
  };
  Value bits = arith::BitcastOp::create(b, l, b.getI64Type(), v);
  return arith::SubIOp::create(
      b, l,
      arith::AndIOp::create(b, l, arith::ShRUIOp::create(b, l, bits, icst(52)),
                            icst(0x7ff)),
      icst(1023));
}

/// 2^e as an f64, for an i64 e in f64's normal range.
static Value pow2F64(OpBuilder &b, Location l, Value e) {
  auto icst = [&](int64_t c) -> Value {
    return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(c));
  };
  return arith::BitcastOp::create(
      b, l, b.getF64Type(),
      arith::ShLIOp::create(b, l, arith::AddIOp::create(b, l, e, icst(1023)),
                            icst(52)));
}

static Value convertTensor(OpBuilder &b, Location loc, Value v, Type element) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType() == element)
    return v;
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), element);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> par(type.getRank(),
                                       utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, empty.getType(), v, empty, ArrayRef<AffineMap>{id, id},
             par,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l,
                                       convertFloat(nb, l, args[0], element));
             })
      .getResult(0);
}

/// x + y in f64 rounded to odd (tq::ref::addRoundToOdd): TwoSum's error
/// says on which side of the f64 sum the exact one lies. An inexact sum
/// (error != 0, not NaN: a sum that overflowed or met Inf has a NaN error)
/// becomes its truncation toward zero (one ulp down in magnitude where the
/// error's sign is not the sum's) with the last bit set:
/// (bits - toward) | inexact.
/// TwoSum (Knuth): s + err == x + y exactly where s is finite.
static std::pair<Value, Value> twoSum(OpBuilder &b, Location l, Value x,
                                      Value y) {
  Value s = arith::AddFOp::create(b, l, x, y);
  Value yv = arith::SubFOp::create(b, l, s, x);
  Value err = arith::AddFOp::create(
      b, l,
      arith::SubFOp::create(b, l, x, arith::SubFOp::create(b, l, s, yv)),
      arith::SubFOp::create(b, l, y, yv));
  return {s, err};
}

/// In x's type: f64, or f32 where the operands make x + y's TwoSum exact
/// there (fusedInF32).
static Value addRoundToOdd(OpBuilder &b, Location l, Value x, Value y) {
  auto type = cast<FloatType>(x.getType());
  unsigned width = type.getWidth();
  Type bitsType = b.getIntegerType(width);
  auto icst = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, l, b.getIntegerAttr(bitsType, v));
  };
  auto [s, err] = twoSum(b, l, x, y);
  Value bits = arith::BitcastOp::create(b, l, bitsType, s);
  Value inexact = arith::ExtUIOp::create(
      b, l, bitsType,
      arith::CmpFOp::create(
          b, l, arith::CmpFPredicate::ONE, err,
          arith::ConstantOp::create(b, l, b.getFloatAttr(type, 0))));
  Value opposite = arith::ShRUIOp::create(
      b, l,
      arith::XOrIOp::create(b, l,
                            arith::BitcastOp::create(b, l, bitsType, err),
                            bits),
      icst(width - 1));
  Value toward = arith::AndIOp::create(b, l, opposite, inexact);
  return arith::BitcastOp::create(
      b, l, type,
      arith::OrIOp::create(b, l, arith::SubIOp::create(b, l, bits, toward),
                           inexact));
}

/// x + y (f64) rounded to odd in f32 (tq::ref::addRoundToOdd, then to odd
/// again at 24 bits: the same). With s + err = x + y (TwoSum) and f = s
/// rounded to nearest in f32, the exact sum lies beyond f on the side of
/// r = s - f (exact), or of err where s is f: inexact where r != 0 (not
/// NaN: Inf and NaN sums stay), one ulp toward zero where r's sign is not
/// f's, the last bit set. Beyond f32's range: its largest finite value.
static Value addRoundToOddF32(OpBuilder &b, Location l, Value x, Value y) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
  auto [s, err] = twoSum(b, l, x, y);
  Value f = arith::TruncFOp::create(b, l, f32, s);
  Value back = arith::ExtFOp::create(b, l, s.getType(), f);
  Value zero = arith::ConstantOp::create(b, l, b.getF64FloatAttr(0));
  Value d = arith::SubFOp::create(b, l, s, back);
  Value r = arith::SelectOp::create(
      b, l, arith::CmpFOp::create(b, l, arith::CmpFPredicate::ONE, d, zero), d,
      err);
  Value inexact = arith::ExtUIOp::create(
      b, l, i32,
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::ONE, r, zero));
  Value opposite = arith::TruncIOp::create(
      b, l, i32,
      arith::ShRUIOp::create(
          b, l,
          arith::XOrIOp::create(b, l, arith::BitcastOp::create(b, l, i64, r),
                                arith::BitcastOp::create(b, l, i64, back)),
          arith::ConstantOp::create(b, l, b.getI64IntegerAttr(63))));
  Value bits = arith::BitcastOp::create(b, l, i32, f);
  Value down = arith::SubIOp::create(
      b, l, bits, arith::AndIOp::create(b, l, opposite, inexact));
  return arith::BitcastOp::create(b, l, f32,
                                  arith::OrIOp::create(b, l, down, inexact));
}

/// Whether a fused sum rounded to odd in f64 may be rounded to odd in f32
/// (8 lanes) before `q` rounds it: `q` is a deterministic float format of at
/// most 22 significand bits, whose quantum is never below 2^-147 and whose
/// range ends within f32's. Rounding to odd at 24 bits keeps two bits more
/// than `q`, so `q` then rounds as it would the exact sum.
static bool roundsInF32(QuantizerAttrInterface q) {
  auto f = dyn_cast<FloatFormatAttr>(q);
  if (!f || q.isStochastic())
    return false;
  ref::FloatFormat r = refOf(f);
  return r.manBits <= 21 && r.minQuantumExp() >= -147 && r.maxExp() <= 127;
}

/// The float format every element of `v` is known to have: the result of
/// a tq.quantize to a #tq.float (any rounding: the values are the format's).
static std::optional<ref::FloatFormat> knownFloatFormat(Value v) {
  if (auto q = v.getDefiningOp<QuantizeOp>())
    if (auto f = dyn_cast<FloatFormatAttr>(q.getQuantizer()))
      return refOf(f);
  return std::nullopt;
}

/// Whether a fused sum may be formed in f32 instead of f64: both operands
/// have known float formats whose product is exact in f32 (at most 24
/// significand bits together, no bit below 2^-149, below 2^126), `q`
/// rounds to odd in f32 first (roundsInF32: its quantum is never below
/// 2^-147, its range ends below 2^128), and acc + x * y stays below 2^127:
/// then x * y and TwoSum(acc, x * y) are exact in f32, and rounding their
/// sum to odd in f32 gives what addRoundToOddF32 gives from the f64 sum.
static bool fusedInF32(Value x, Value y, QuantizerAttrInterface q) {
  std::optional<ref::FloatFormat> fx = knownFloatFormat(x),
                                  fy = knownFloatFormat(y);
  if (!fx || !fy || !roundsInF32(q))
    return false;
  int productTop = fx->maxExp() + fy->maxExp() + 2; // |x * y| < 2^productTop
  int accTop = refOf(cast<FloatFormatAttr>(q)).maxExp() + 1;
  return fx->manBits + fy->manBits + 2 <= 24 &&
         fx->minQuantumExp() + fy->minQuantumExp() >= -149 &&
         productTop <= 126 && std::max(productTop, accTop) + 1 <= 127;
}

/// The significand bits (with the leading one) of a float type.
static int significandBits(Type t) {
  return cast<FloatType>(t).getFPMantissaWidth();
}

/// The linear index, times `scale`, of an iteration of the op's original
/// loop nest (row-major, `strides`), from the indices of the expanded loops:
/// `index(n)` is new loop n, `position` each old dimension's new loop, and
/// the split dimension (if any) is ko * block + ki.
static Value originalIteration(OpBuilder &b, Location l,
                               ArrayRef<unsigned> position,
                               std::optional<unsigned> split, int64_t block,
                               ArrayRef<int64_t> strides, int64_t scale,
                               function_ref<Value(unsigned)> index) {
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, l, v);
  };
  Value linear = cst(0);
  for (unsigned d = 0; d < position.size(); ++d) {
    Value i = index(position[d]);
    if (split && d == *split)
      i = arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, i, cst(block)),
                                index(position[d] + 1));
    linear = arith::AddIOp::create(
        b, l, linear, arith::MulIOp::create(b, l, i, cst(scale * strides[d])));
  }
  return linear;
}

/// What expand() has worked out that the pairwise order reuses.
struct PairwiseContext {
  SmallVector<Value> &inputs;
  SmallVector<AffineMap> &maps;
  AffineMap outNew;
  ArrayRef<utils::IteratorType> newIterators;
  ArrayRef<unsigned> position;
  ArrayRef<utils::IteratorType> iterators;
  ArrayRef<int64_t> ranges, strides;
  std::optional<unsigned> split;
  int64_t block, range, paddedRange;
  Type workType;
  int64_t perIteration;
  std::function<Value(OpBuilder &, Location, Value, Value, Value)> productOf;
  std::function<Value(OpBuilder &, Location, Value, QuantizerAttrInterface,
                      Value)>
      quantizeWith;
};

/// The pairwise order (#tq.mac order = pairwise): the products as a tensor
/// with the reduction dimensions last, then one generic per tree level over
/// the last dimension (all of the reduction flattened, or a chunk's
/// elements), then the roots added to the accumulator.
static LogicalResult expandPairwise(RewriterBase &rewriter,
                                    linalg::LinalgOp op, MacAttr mac,
                                    const PairwiseContext &c) {
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  Type w = c.workType;
  QuantizerAttrInterface accumulator = mac.getAccumulator();
  QuantizerAttrInterface outer = mac.getOuterOrAccumulator();
  const int64_t chunk = mac.getChunk();
  const bool stochastic = mac.isStochastic();
  unsigned numLoops = c.iterators.size();
  unsigned numNew = c.newIterators.size();
  auto outType = cast<RankedTensorType>(op.getDpsInits()[0].getType());
  unsigned outRank = outType.getRank();

  // 1. The products: [out..., reductions (split: ko, ki)], all parallel.
  SmallVector<AffineExpr> results(c.outNew.getResults());
  SmallVector<int64_t> shape(outType.getShape());
  SmallVector<unsigned> redDims; // new loop of each product dimension
  for (unsigned d = 0; d < numLoops; ++d) {
    if (c.iterators[d] != utils::IteratorType::reduction)
      continue;
    if (c.split && d == *c.split) {
      redDims.push_back(c.position[d]);
      redDims.push_back(c.position[d] + 1);
      shape.push_back(c.paddedRange / c.block);
      shape.push_back(c.block);
    } else {
      redDims.push_back(c.position[d]);
      shape.push_back(c.ranges[d]);
    }
  }
  for (unsigned n : redDims)
    results.push_back(rewriter.getAffineDimExpr(n));
  AffineMap productMap = AffineMap::get(numNew, 0, results, ctx);
  SmallVector<utils::IteratorType> allParallel(numNew,
                                               utils::IteratorType::parallel);
  // The linear iteration of the original loop nest, from new loop indices.
  auto iterationOf = [&](OpBuilder &b, Location l,
                         function_ref<Value(unsigned)> index) -> Value {
    return originalIteration(b, l, c.position, c.split, c.block, c.strides, 1,
                             index);
  };
  auto counter = [&](OpBuilder &b, Location l, Value iteration,
                     int64_t j) -> Value {
    return arith::AddIOp::create(
        b, l,
        arith::MulIOp::create(
            b, l, iteration,
            arith::ConstantIndexOp::create(b, l, c.perIteration)),
        arith::ConstantIndexOp::create(b, l, j));
  };
  Value empty = bufferization::AllocTensorOp::create(
      rewriter, loc, RankedTensorType::get(shape, w), ValueRange{});
  Value products =
      linalg::GenericOp::create(
          rewriter, loc, empty.getType(), c.inputs, empty,
          ArrayRef<AffineMap>{c.maps[0], c.maps[1], productMap}, allParallel,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value offset;
            if (mac.getProduct().isStochastic())
              offset = counter(
                  b, l,
                  iterationOf(b, l,
                              [&](unsigned n) -> Value {
                                return linalg::IndexOp::create(b, l, n);
                              }),
                  0);
            linalg::YieldOp::create(
                b, l, c.productOf(b, l, args[0], args[1], offset));
          })
          .getResult(0);

  // Which new loop each dimension of the level tensors is (the tree runs
  // over the last); without a chunk, the reductions collapse into one.
  SmallVector<unsigned> prefixLoops(redDims.begin(), redDims.end());
  SmallVector<unsigned> outLoops;
  for (AffineExpr e : c.outNew.getResults())
    outLoops.push_back(cast<AffineDimExpr>(e).getPosition());
  int64_t leaves;
  Value level = products;
  if (!chunk) {
    leaves = 1;
    for (int64_t i = outRank; i < int64_t(shape.size()); ++i)
      leaves *= shape[i];
    SmallVector<ReassociationIndices> groups;
    for (unsigned i = 0; i < outRank; ++i)
      groups.push_back({int64_t(i)});
    ReassociationIndices last;
    for (int64_t i = outRank; i < int64_t(shape.size()); ++i)
      last.push_back(i);
    groups.push_back(last);
    SmallVector<int64_t> collapsed(outType.getShape());
    collapsed.push_back(leaves);
    level = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get(collapsed, w), products, groups);
  } else {
    leaves = c.block;
    prefixLoops.pop_back(); // ki is the tree's
  }
  // Index values of the original loops from a level tensor's indices:
  // prefix (out..., [reductions but the tree's]) and the leaf number.
  auto iterationAt = [&](OpBuilder &b, Location l, ArrayRef<Value> prefix,
                         Value leaf) -> Value {
    DenseMap<unsigned, Value> byLoop;
    for (auto [n, v] : llvm::zip(outLoops, prefix.take_front(outRank)))
      byLoop[n] = v;
    if (chunk) {
      for (auto [n, v] : llvm::zip(prefixLoops, prefix.drop_front(outRank)))
        byLoop[n] = v;
      byLoop[c.position[*c.split] + 1] = leaf;
    } else {
      // The leaf number in the row-major order of the reduction dimensions.
      Value rest = leaf;
      for (int64_t i = int64_t(redDims.size()) - 1; i >= 0; --i) {
        int64_t size = shape[outRank + i];
        Value s = arith::ConstantIndexOp::create(b, l, size);
        byLoop[redDims[i]] = arith::RemUIOp::create(b, l, rest, s);
        rest = arith::DivUIOp::create(b, l, rest, s);
      }
    }
    return iterationOf(b, l, [&](unsigned n) { return byLoop.lookup(n); });
  };

  // 2. The tree: level tensors [prefix..., len], len halving.
  Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(w));
  int64_t len = leaves, span = 1; // span: leaves under a left child
  while (len > 1) {
    auto type = cast<RankedTensorType>(level.getType());
    unsigned rank = type.getRank();
    int64_t half = llvm::divideCeil(len, 2), pairs = len / 2;
    SmallVector<int64_t> halfShape(type.getShape());
    halfShape.back() = half;
    auto slice = [&](int64_t offset, int64_t size) -> Value {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets.back() = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes;
      for (int64_t d : type.getShape().drop_back())
        sizes.push_back(rewriter.getIndexAttr(d));
      sizes.push_back(rewriter.getIndexAttr(size));
      SmallVector<OpFoldResult> steps(rank, rewriter.getIndexAttr(1));
      steps.back() = rewriter.getIndexAttr(2);
      return tensor::ExtractSliceOp::create(rewriter, loc, level, offsets,
                                            sizes, steps);
    };
    Value left = slice(0, half);
    Value right = slice(1, pairs);
    if (pairs != half) {
      SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> high = low;
      high.back() = rewriter.getIndexAttr(1);
      right = tensor::PadOp::create(
          rewriter, loc, RankedTensorType::get(halfShape, w), right, low, high,
          zero);
    }
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    Value next = bufferization::AllocTensorOp::create(
        rewriter, loc, RankedTensorType::get(halfShape, w), ValueRange{});
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    int64_t thisSpan = span;
    level =
        linalg::GenericOp::create(
            rewriter, loc, next.getType(), ValueRange{left, right}, next,
            ArrayRef<AffineMap>{id, id, id}, par,
            [&](OpBuilder &b, Location l, ValueRange args) {
              auto cst = [&](int64_t v) -> Value {
                return arith::ConstantIndexOp::create(b, l, v);
              };
              SmallVector<Value> idx;
              for (unsigned d = 0; d < rank; ++d)
                idx.push_back(linalg::IndexOp::create(b, l, d));
              // The right node's first leaf; it exists when it is a leaf
              // of the tree (and, in a partial chunk, not padding).
              Value leaf = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, idx.back(),
                                              cst(2 * thisSpan)),
                  cst(thisSpan));
              Value present = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::slt, leaf, cst(leaves));
              if (chunk && c.paddedRange != c.range) {
                Value k = arith::AddIOp::create(
                    b, l, arith::MulIOp::create(b, l, idx[rank - 2],
                                                cst(c.block)),
                    leaf);
                present = arith::AndIOp::create(
                    b, l, present,
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, k,
                                          cst(c.range)));
              }
              Value offset;
              if (accumulator.isStochastic())
                offset = counter(
                    b, l,
                    iterationAt(b, l, ArrayRef<Value>(idx).drop_back(), leaf),
                    1);
              Value sum = c.quantizeWith(
                  b, l, arith::AddFOp::create(b, l, args[0], args[1]),
                  accumulator, offset);
              linalg::YieldOp::create(
                  b, l, ValueRange{arith::SelectOp::create(b, l, present, sum,
                                                           args[0])});
            })
            .getResult(0);
    len = half;
    span *= 2;
  }
  // The roots: [prefix...].
  auto rootsType = cast<RankedTensorType>(level.getType());
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i + 2 < rootsType.getRank(); ++i)
    groups.push_back({i});
  groups.push_back({rootsType.getRank() - 2, rootsType.getRank() - 1});
  Value roots = level;
  if (rootsType.getRank() > 1)
    roots = tensor::CollapseShapeOp::create(
        rewriter, loc,
        RankedTensorType::get(rootsType.getShape().drop_back(), w), level,
        groups);

  // 3. The accumulator: acc = A(A(init) + T), or per chunk, in order,
  // acc = O(acc + T).
  Value init = convertTensor(rewriter, loc, op.getDpsInits()[0], w);
  QuantizerAttrInterface initQuantizer = chunk ? outer : accumulator;
  IntegerAttr seedAttr = mac.getSeed()
                             ? rewriter.getI64IntegerAttr(*mac.getSeed())
                             : IntegerAttr();
  Value initOffset;
  if (initQuantizer.isStochastic())
    initOffset = arith::ConstantIndexOp::create(
        rewriter, loc, c.perIteration * c.strides[0] * c.ranges[0]);
  Value acc = QuantizeOp::create(
      rewriter, loc, init.getType(), init, initQuantizer,
      initQuantizer.isStochastic() ? seedAttr : IntegerAttr(), initOffset);
  auto rootsRank = cast<RankedTensorType>(roots.getType()).getRank();
  SmallVector<utils::IteratorType> its(rootsRank,
                                       utils::IteratorType::parallel);
  for (int64_t i = outRank; i < rootsRank; ++i)
    its[i] = utils::IteratorType::reduction;
  AffineMap rootsMap = rewriter.getMultiDimIdentityMap(rootsRank);
  AffineMap accMap = AffineMap::getMinorIdentityMap(rootsRank, outRank, ctx);
  accMap = AffineMap::get(rootsRank, 0,
                          rootsMap.getResults().take_front(outRank), ctx);
  Value result =
      linalg::GenericOp::create(
          rewriter, loc, acc.getType(), roots, acc,
          ArrayRef<AffineMap>{rootsMap, accMap}, its,
          [&](OpBuilder &b, Location l, ValueRange args) {
            auto cst = [&](int64_t v) -> Value {
              return arith::ConstantIndexOp::create(b, l, v);
            };
            SmallVector<Value> idx;
            for (int64_t d = 0; d < rootsRank; ++d)
              idx.push_back(linalg::IndexOp::create(b, l, d));
            Value offset;
            QuantizerAttrInterface q = chunk ? outer : accumulator;
            if (q.isStochastic()) {
              // Without a chunk: the first term's iteration, j = 1; with
              // one: the chunk's last term's, j = 2.
              Value leaf = cst(0);
              if (chunk) {
                Value k = arith::MinSIOp::create(
                    b, l,
                    arith::AddIOp::create(
                        b, l, arith::MulIOp::create(b, l, idx.back(),
                                                    cst(c.block)),
                        cst(c.block)),
                    cst(c.range));
                leaf = arith::SubIOp::create(
                    b, l,
                    arith::SubIOp::create(
                        b, l, k,
                        arith::MulIOp::create(b, l, idx.back(), cst(c.block))),
                    cst(1));
              }
              offset = counter(b, l, iterationAt(b, l, idx, leaf),
                               chunk ? 2 : 1);
            }
            linalg::YieldOp::create(
                b, l,
                ValueRange{c.quantizeWith(
                    b, l, arith::AddFOp::create(b, l, args[1], args[0]), q,
                    offset)});
          })
          .getResult(0);
  (void)stochastic;
  rewriter.replaceOp(op, convertTensor(rewriter, loc, result,
                                       outType.getElementType()));
  return success();
}

/// Rewrites the contraction `op` (marked tq.intrinsic) into the quantized
/// multiply-accumulate generic of its #tq.mac model (tq::ref::macDot).
static LogicalResult expand(RewriterBase &rewriter, linalg::LinalgOp op) {
  auto mac = op->getAttrOfType<MacAttr>(kIntrinsicAttr);
  if (!mac)
    return op->emitError("tq.intrinsic must be a #tq.mac model, got ")
           << op->getAttr(kIntrinsicAttr);
  QuantizerAttrInterface product = mac.getProduct();
  QuantizerAttrInterface accumulator = mac.getAccumulator();
  QuantizerAttrInterface outer = mac.getOuterOrAccumulator();
  std::optional<int64_t> seedValue = mac.getSeed();
  IntegerAttr seedAttr =
      seedValue ? rewriter.getI64IntegerAttr(*seedValue) : IntegerAttr();
  const int64_t chunk = mac.getChunk(), align = mac.getAlign();
  const bool fused = mac.getFused();

  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || !op.hasPureTensorSemantics())
    return op->emitError("tq.intrinsic: expected a contraction on tensors "
                         "with two inputs and one output (a matmul or a "
                         "convolution)");
  // The body must be acc + a * b, as every float matmul and convolution is.
  arith::MulFOp mul = matchMultiplyAccumulateBody(op);
  if (!mul)
    return op->emitError("tq.intrinsic: the body is not a float "
                         "multiply-accumulate (acc + a * b) on the element "
                         "type");

  Type elementType = mul.getType();
  Type f64 = rewriter.getF64Type();
  // Products and sums are formed in the working type.
  Type workType = mac.getWide() ? f64 : elementType;
  if ((fused || align) && elementType.isF64())
    return op->emitError("tq.intrinsic: ")
           << (fused ? "a fused multiply-add" : "aligned addition")
           << " needs f32, f16 or bf16 operands (their products are exact "
              "in f64)";
  for (auto [what, q, type] :
       {std::tuple{"product", product, workType},
        std::tuple{"accumulator", accumulator, fused ? f64 : workType},
        std::tuple{"outer", outer, workType}})
    if (failed(q.verifyForType(type, [&, what = what] {
          return op->emitError("tq.intrinsic: the ") << what << " quantizer: ";
        })))
      return failure();
  if (align) {
    // The group's aligned sum must be exact in the working type.
    int64_t needed = mac.getKept() + 2 +
                     llvm::Log2_64_Ceil(align + (mac.getAlignAccumulator() ? 1 : 0));
    if (needed > significandBits(workType))
      return op->emitError("tq.intrinsic: ")
             << align << " aligned terms keeping " << mac.getKept()
             << " bits need " << needed << " significand bits, more than "
             << workType << " has (use wide = true)";
  }

  // Carried partial sums, wide accumulators and pairwise trees allocate
  // tensors of the output's (and the loops') shape.
  bool needsStatic = mac.getChunk() || align || mac.getWide() ||
                     mac.getOrder() == MacOrder::pairwise;
  if (needsStatic &&
      (!cast<RankedTensorType>(op.getDpsInits()[0].getType())
            .hasStaticShape() ||
       llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic)))
    return op->emitError("tq.intrinsic: ")
           << "this model (chunk, align, wide or a pairwise order) needs "
              "static shapes";

  // Chunks and align groups split the innermost reduction dimension into
  // (ko, ki) blocks of `block`.
  unsigned numLoops = op.getNumLoops();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t block = align ? align : chunk;
  std::optional<unsigned> split; // the reduction dimension split in blocks
  if (block > 0) {
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::reduction)
        split = d;
    if (ShapedType::isDynamic(ranges[*split]))
      return op->emitError("tq.intrinsic: ")
             << (align ? "aligned addition" : "a chunked order")
             << " needs a static size of the innermost reduction dimension";
  }
  // A block that does not divide the dimension leaves a partial last block
  // (of size range mod block): the operands are padded with zeros to whole
  // blocks, and the padded iterations change nothing (below).
  int64_t range = split ? ranges[*split] : 0;
  // A block longer than the dimension is one (partial) block of all of it,
  // without padding to the block's size.
  if (split && block > range)
    block = std::max<int64_t>(range, 1);
  int64_t paddedRange = split ? llvm::divideCeil(range, block) * block : 0;

  // Loop order: the parallel dimensions, the reductions in their order (the
  // split one as ko, ki), and the output's last dimension innermost, for
  // vectorization along it. Positions: new loop of each old dimension; for
  // the split one, ko's; ki comes right after it.
  AffineMap outMap = op.getIndexingMapMatchingResult(op->getResult(0));
  std::optional<unsigned> inner;
  if (outMap.getNumResults() > 0)
    if (auto d = dyn_cast<AffineDimExpr>(outMap.getResults().back()))
      if (iterators[d.getPosition()] == utils::IteratorType::parallel)
        inner = d.getPosition();
  unsigned numNew = numLoops + (split ? 1 : 0);
  SmallVector<unsigned> position(numLoops);
  SmallVector<utils::IteratorType> newIterators;
  auto place = [&](unsigned d) {
    position[d] = newIterators.size();
    newIterators.push_back(iterators[d]);
    if (split && d == *split)
      newIterators.push_back(utils::IteratorType::reduction); // ki
  };
  for (unsigned d = 0; d < numLoops; ++d)
    if (iterators[d] == utils::IteratorType::parallel && d != inner)
      place(d);
  for (unsigned d = 0; d < numLoops; ++d)
    if (iterators[d] == utils::IteratorType::reduction)
      place(d);
  if (inner)
    place(*inner);
  SmallVector<AffineExpr> oldToNew(numLoops);
  for (unsigned d = 0; d < numLoops; ++d) {
    oldToNew[d] = rewriter.getAffineDimExpr(position[d]);
    if (split && d == *split)
      oldToNew[d] = oldToNew[d] * block +
                    rewriter.getAffineDimExpr(position[d] + 1);
  }
  AffineMap permutation =
      AffineMap::get(numNew, 0, oldToNew, rewriter.getContext());
  // Split: each input indexed by the split dimension gets it as two
  // dimensions (tensor.expand_shape), so every map stays a projection.
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> inputs(op.getDpsInputs());
  SmallVector<AffineMap> maps;
  int64_t kiDims[2] = {-1, -1}; // each split operand's ki dimension
  for (auto [i, m] : llvm::enumerate(op.getIndexingMapsArray())) {
    if (!split || i >= inputs.size() || !m.isFunctionOfDim(*split)) {
      maps.push_back(m.compose(permutation));
      continue;
    }
    auto type = cast<RankedTensorType>(inputs[i].getType());
    SmallVector<AffineExpr> results;
    SmallVector<ReassociationIndices> groups;
    SmallVector<int64_t> shape;
    for (auto [j, e] : llvm::enumerate(m.getResults())) {
      ReassociationIndices group = {int64_t(shape.size())};
      if (e == rewriter.getAffineDimExpr(*split)) {
        results.push_back(rewriter.getAffineDimExpr(position[*split]));
        results.push_back(rewriter.getAffineDimExpr(position[*split] + 1));
        if (paddedRange != range) {
          SmallVector<OpFoldResult> low(type.getRank(),
                                        rewriter.getIndexAttr(0));
          SmallVector<OpFoldResult> high = low;
          high[j] = rewriter.getIndexAttr(paddedRange - range);
          SmallVector<int64_t> padded(type.getShape());
          padded[j] = paddedRange;
          Value zero = arith::ConstantOp::create(
              rewriter, loc, rewriter.getZeroAttr(type.getElementType()));
          type = RankedTensorType::get(padded, type.getElementType());
          inputs[i] = tensor::PadOp::create(rewriter, loc, type, inputs[i],
                                            low, high, zero);
        }
        shape.push_back(type.getDimSize(j) / block);
        shape.push_back(block);
        group.push_back(int64_t(shape.size()) - 1);
        kiDims[i] = int64_t(shape.size()) - 1;
      } else if (e.isFunctionOfDim(*split)) {
        std::string text;
        llvm::raw_string_ostream(text) << e;
        return op->emitError("tq.intrinsic: a chunked or aligned order "
                             "needs the innermost reduction dimension to "
                             "index the operands directly, not through ")
               << text;
      } else {
        results.push_back(e.replaceDimsAndSymbols(oldToNew, {}));
        shape.push_back(type.getDimSize(j));
      }
      groups.push_back(group);
    }
    inputs[i] = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(shape, type.getElementType()),
        inputs[i], groups);
    maps.push_back(AffineMap::get(numNew, 0, results, rewriter.getContext()));
  }
  AffineMap outNew = outMap.compose(permutation);
  maps.pop_back(); // the output's: placed with the carried values below

  // MX dot products: both operands in the MX format along ki (a block), and
  // each block's power of two and its inverse (f64), indexed like the
  // operand without ki.
  std::optional<unsigned> mxArg;
  if (MXAttr mx = mac.getMxFormat()) {
    if (elementType.isF64())
      return op->emitError("tq.intrinsic: an MX dot product needs f32, f16 "
                           "or bf16 operands");
    mxArg = inputs.size();
    int64_t emax = ref::MX::elementMaxExp(refOf(mx).element);
    SmallVector<Value> scaleInputs;
    SmallVector<AffineMap> scaleMaps;
    for (unsigned i = 0; i < 2; ++i) {
      if (kiDims[i] < 0)
        return op->emitError("tq.intrinsic: an MX dot product needs both "
                             "operands indexed by the innermost reduction "
                             "dimension");
      auto type = cast<RankedTensorType>(inputs[i].getType());
      Value original = inputs[i];
      inputs[i] = QuantizeOp::create(
          rewriter, loc, type, original,
          MXAttr::get(rewriter.getContext(), mx.getElement(), mx.getBlock(),
                      kiDims[i], mx.getRounding(), mx.getScaleRounding()),
          IntegerAttr(), Value());
      unsigned rank = type.getRank();
      SmallVector<int64_t> blockShape;
      SmallVector<AffineExpr> kept;
      for (unsigned d = 0; d < rank; ++d)
        if (int64_t(d) != kiDims[i]) {
          blockShape.push_back(type.getDimSize(d));
          kept.push_back(rewriter.getAffineDimExpr(d));
        }
      Value zero = arith::ConstantOp::create(
          rewriter, loc, rewriter.getZeroAttr(type.getElementType()));
      Value amaxInit =
          linalg::FillOp::create(
              rewriter, loc, zero,
              ValueRange{tensor::EmptyOp::create(rewriter, loc, blockShape,
                                                 type.getElementType())})
              .getResult(0);
      SmallVector<utils::IteratorType> its(rank, utils::IteratorType::parallel);
      its[kiDims[i]] = utils::IteratorType::reduction;
      AffineMap id = rewriter.getMultiDimIdentityMap(rank);
      AffineMap drop = AffineMap::get(rank, 0, kept, rewriter.getContext());
      Value amax =
          linalg::GenericOp::create(
              rewriter, loc, amaxInit.getType(), original, amaxInit,
              ArrayRef<AffineMap>{id, drop}, its,
              [&](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(
                    b, l,
                    ValueRange{arith::MaximumFOp::create(
                        b, l, args[1], math::AbsFOp::create(b, l, args[0]))});
              })
              .getResult(0);
      // 2^s and 2^-s, s = clamp(floor(log2 amax) - emax, -127, 127) (-emax
      // for an all-zero block; 0 for NaN or Inf, whose block is NaN).
      unsigned brank = blockShape.size();
      AffineMap bid = rewriter.getMultiDimIdentityMap(brank);
      SmallVector<utils::IteratorType> bpar(brank,
                                           utils::IteratorType::parallel);
      Type f64t = rewriter.getF64Type();
      auto f64Tensor = RankedTensorType::get(blockShape, f64t);
      SmallVector<Value> outsScale = {
          tensor::EmptyOp::create(rewriter, loc, blockShape, f64t),
          bufferization::AllocTensorOp::create(rewriter, loc, f64Tensor,
                                               ValueRange{})};
      auto pair = linalg::GenericOp::create(
          rewriter, loc, TypeRange{f64Tensor, f64Tensor}, amax, outsScale,
          ArrayRef<AffineMap>{bid, bid, bid}, bpar,
          [&](OpBuilder &b, Location l, ValueRange args) {
            auto icst = [&](int64_t v) -> Value {
              return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(v));
            };
            Value md = convertFloat(b, l, args[0], f64t);
            Value zeroF = arith::ConstantOp::create(b, l, b.getF64FloatAttr(0));
            Value infF = arith::ConstantOp::create(
                b, l,
                b.getF64FloatAttr(std::numeric_limits<double>::infinity()));
            Value finite = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OLT, md, infF);
            Value isZero = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OEQ, md, zeroF);
            Value e = exponentOfF64(b, l, md);
            Value sExp = arith::SubIOp::create(b, l, e, icst(emax));
            sExp = arith::SelectOp::create(b, l, isZero, icst(-emax), sExp);
            sExp = arith::MaxSIOp::create(b, l, sExp, icst(-127));
            sExp = arith::MinSIOp::create(b, l, sExp, icst(127));
            sExp = arith::SelectOp::create(b, l, finite, sExp, icst(0));
            linalg::YieldOp::create(
                b, l,
                ValueRange{pow2F64(b, l, sExp),
                           pow2F64(b, l,
                                   arith::SubIOp::create(b, l, icst(0), sExp))});
          });
      // The scales are indexed like the operand without ki.
      SmallVector<AffineExpr> results;
      for (auto [d, e] : llvm::enumerate(maps[i].getResults()))
        if (int64_t(d) != kiDims[i])
          results.push_back(e);
      AffineMap scaleMap =
          AffineMap::get(maps[i].getNumDims(), 0, results, rewriter.getContext());
      scaleInputs.append({pair.getResult(0), pair.getResult(1)});
      scaleMaps.append({scaleMap, scaleMap});
    }
    inputs.append(scaleInputs);
    maps.append(scaleMaps);
  }

  // Random counters: `perIteration` per iteration of the original loop
  // order (product, sum; chunked: product, partial sum, outer sum).
  if (mac.isStochastic() && llvm::any_of(ranges, ShapedType::isDynamic))
    return op->emitError("tq.intrinsic: stochastic rounding needs static "
                         "loop bounds");
  const int64_t perIteration = mac.getCountersPerIteration();
  SmallVector<int64_t> strides(numLoops, 1);
  for (int d = int(numLoops) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * ranges[d + 1];

  auto quantizeWith = [&](OpBuilder &b, Location l, Value v,
                          QuantizerAttrInterface q, Value offset) -> Value {
    if (isa<IdentityAttr>(q))
      return v;
    bool st = q.isStochastic();
    return QuantizeOp::create(b, l, v.getType(), v, q,
                              st ? seedAttr : IntegerAttr(),
                              st ? offset : Value());
  };
  // The product of the body's operands in the working type, quantized.
  auto productOf = [&](OpBuilder &b, Location l, Value x, Value y,
                       Value offset) -> Value {
    if (x.getType() != workType) {
      x = arith::ExtFOp::create(b, l, workType, x);
      y = arith::ExtFOp::create(b, l, workType, y);
    }
    return quantizeWith(b, l, arith::MulFOp::create(b, l, x, y), product,
                        offset);
  };
  // The first random counter of the current iteration: perIteration times
  // its linear index in the original loop nest.
  auto linearIndex = [&](OpBuilder &b, Location l) -> Value {
    return originalIteration(b, l, position, split, block, strides,
                             perIteration, [&](unsigned n) -> Value {
                               return linalg::IndexOp::create(b, l, n);
                             });
  };

  auto outType = cast<RankedTensorType>(op.getDpsInits()[0].getType());
  auto workTensor = RankedTensorType::get(outType.getShape(), workType);
  if (mac.getOrder() == MacOrder::pairwise)
    return expandPairwise(rewriter, op, mac, PairwiseContext{
        inputs, maps, outNew, newIterators, position, iterators, ranges,
        strides, split, block, range, paddedRange, workType, perIteration,
        productOf, quantizeWith});

  Value init = convertTensor(rewriter, loc, op.getDpsInits()[0], workType);
  // The initial value draws after every counter of the body.
  QuantizerAttrInterface initQuantizer = chunk ? outer : accumulator;
  Value initOffset;
  if (initQuantizer.isStochastic())
    initOffset = arith::ConstantIndexOp::create(
        rewriter, loc, perIteration * strides[0] * ranges[0]);
  Value initQ = QuantizeOp::create(
      rewriter, loc, init.getType(), init, initQuantizer,
      initQuantizer.isStochastic() ? seedAttr : IntegerAttr(), initOffset);

  // acc + p rounded to `q` (fused: the exact product x * y, rounded once).
  // The operands as the op reads them (an MX dot product's are requantized
  // above: their format is not the inputs').
  Value operandX = op.getDpsInputs()[0], operandY = op.getDpsInputs()[1];
  const bool mxOperands = bool(mac.getMxFormat());
  auto addTo = [&](OpBuilder &b, Location l, Value base, Value p, Value x,
                   Value y, QuantizerAttrInterface q, Value offset) -> Value {
    if (!fused)
      return quantizeWith(b, l, arith::AddFOp::create(b, l, base, p), q,
                          offset);
    if (!mxOperands && x.getType().isF32() &&
        fusedInF32(operandX, operandY, q)) {
      // x * y and its sum with the accumulator are exact in f32.
      Value s = addRoundToOdd(b, l, convertFloat(b, l, base, x.getType()),
                              arith::MulFOp::create(b, l, x, y));
      return convertFloat(b, l, quantizeWith(b, l, s, q, offset), workType);
    }
    auto ext = [&](Value v) { return convertFloat(b, l, v, f64); };
    Value exact = arith::MulFOp::create(b, l, ext(x), ext(y));
    Value s = quantizeWith(b, l,
                           roundsInF32(q)
                               ? addRoundToOddF32(b, l, ext(base), exact)
                               : addRoundToOdd(b, l, ext(base), exact),
                           q, offset);
    return convertFloat(b, l, s, workType);
  };

  if (!split) {
    // One generic: every product joins the accumulator.
    maps.push_back(outNew);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{workTensor}, inputs, ValueRange{initQ}, maps,
        newIterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value offset0, offset1;
          if (mac.isStochastic()) {
            offset0 = linearIndex(b, l);
            offset1 = arith::AddIOp::create(
                b, l, offset0, arith::ConstantIndexOp::create(b, l, 1));
          }
          Value p = fused ? Value() : productOf(b, l, args[0], args[1], offset0);
          linalg::YieldOp::create(b, l,
                                  addTo(b, l, args[2], p, args[0], args[1],
                                        accumulator, offset1));
        });
    rewriter.replaceOp(op, convertTensor(rewriter, loc, generic->getResult(0),
                                         outType.getElementType()));
    return success();
  }

  // Blocks (chunks, align groups): a loop nest over the reduction loops but
  // ki, in their order, carrying the accumulator (and the chunk's partial
  // sum). Each iteration (one block of every output element) runs generics
  // over the parallel loops and ki on the operands' slices there: per
  // product only the product and its addition; what happens once per block
  // (an align group's exponent, the sum's alignment and rounding, the
  // promotion of a chunk) runs once per block and output element.
  const unsigned koPos = position[*split], kiPos = koPos + 1;
  SmallVector<int64_t> newRange(numNew);
  for (unsigned d = 0; d < numLoops; ++d)
    newRange[position[d]] =
        split && d == *split ? paddedRange / block : ranges[d];
  newRange[kiPos] = block;
  SmallVector<unsigned> seqPos; // the sequential loops' new positions
  SmallVector<int> innerOf(numNew, -1); // the generics' loop of a new one
  SmallVector<utils::IteratorType> innerIterators;
  for (unsigned n = 0; n < numNew; ++n) {
    if (newIterators[n] == utils::IteratorType::reduction && n != kiPos) {
      seqPos.push_back(n);
      continue;
    }
    innerOf[n] = innerIterators.size();
    innerIterators.push_back(newIterators[n]);
  }
  const unsigned numInner = innerIterators.size();
  MLIRContext *ctx = rewriter.getContext();

  // How an operand's map reads at fixed sequential iterations: each index
  // is c + sum(seq coefficients * ivs) + stride * (one inner loop), or ki
  // alone; a slice per block then has one inner loop per kept dimension.
  struct SliceDim {
    int64_t constant = 0;
    SmallVector<std::pair<unsigned, int64_t>> seq; // (seq loop, coefficient)
    int inner = -1;                                // inner loop, or none
    int64_t stride = 1, size = 1;
  };
  auto analyze = [&](AffineMap map,
                     SmallVectorImpl<SliceDim> &dims) -> LogicalResult {
    for (AffineExpr e : map.getResults()) {
      SmallVector<int64_t> coeffs(numNew, 0);
      int64_t constant = 0;
      std::function<bool(AffineExpr, int64_t)> walk = [&](AffineExpr x,
                                                          int64_t scale) {
        if (auto d = dyn_cast<AffineDimExpr>(x)) {
          coeffs[d.getPosition()] += scale;
          return true;
        }
        if (auto c = dyn_cast<AffineConstantExpr>(x)) {
          constant += scale * c.getValue();
          return true;
        }
        auto bin = dyn_cast<AffineBinaryOpExpr>(x);
        if (!bin)
          return false;
        if (x.getKind() == AffineExprKind::Add)
          return walk(bin.getLHS(), scale) && walk(bin.getRHS(), scale);
        if (x.getKind() != AffineExprKind::Mul)
          return false;
        if (auto c = dyn_cast<AffineConstantExpr>(bin.getRHS()))
          return walk(bin.getLHS(), scale * c.getValue());
        if (auto c = dyn_cast<AffineConstantExpr>(bin.getLHS()))
          return walk(bin.getRHS(), scale * c.getValue());
        return false;
      };
      if (!walk(e, 1))
        return failure();
      SliceDim s;
      s.constant = constant;
      for (unsigned n = 0; n < numNew; ++n) {
        if (!coeffs[n])
          continue;
        if (innerOf[n] < 0) {
          s.seq.push_back({n, coeffs[n]});
          continue;
        }
        if (s.inner >= 0 || coeffs[n] < 0)
          return failure();
        s.inner = innerOf[n];
        s.stride = coeffs[n];
        s.size = newRange[n];
      }
      // ki indexes its own dimension (the split operands' expanded one).
      if (s.inner == int(innerOf[kiPos]) &&
          (s.stride != 1 || s.constant || !s.seq.empty()))
        return failure();
      dims.push_back(s);
    }
    return success();
  };
  SmallVector<SmallVector<SliceDim>> inputDims(inputs.size());
  SmallVector<SliceDim> outDims;
  for (unsigned i = 0; i < inputs.size(); ++i)
    if (failed(analyze(maps[i], inputDims[i])))
      return op->emitError("tq.intrinsic: a chunked or aligned order needs "
                           "every operand index to be one parallel "
                           "dimension (times a stride) plus reduction "
                           "dimensions; operand ")
             << i << " is indexed by "
             << AffineMapAttr::get(op.getIndexingMapsArray()[i]);
  if (failed(analyze(outNew, outDims)) ||
      llvm::any_of(outDims, [](const SliceDim &s) {
        return s.inner < 0 || s.stride != 1 || s.constant || !s.seq.empty();
      }))
    return op->emitError("tq.intrinsic: a chunked or aligned order needs "
                         "the output indexed by parallel dimensions, got ")
           << AffineMapAttr::get(outMap);
  SmallVector<AffineExpr> outResults;
  for (const SliceDim &s : outDims)
    outResults.push_back(rewriter.getAffineDimExpr(s.inner));
  AffineMap innerOut = AffineMap::get(numInner, 0, outResults, ctx);

  // Sums of aligned terms: f32 when the products are (8 lanes), else f64;
  // the terms are scaled to integers there by 2^-q = s1 * s2 (two factors,
  // each a normal number of either type).
  Type sumType = workType.isF32() ? workType : f64;
  // Scratch tensors of the output's shape (and `extra` more elements per
  // output element): each its own allocation (two tensor.empty of one type
  // would be CSE'd, and bufferization would let them share a buffer).
  auto scratch = [&](OpBuilder &b, Location l, Type element,
                     int64_t extra = 0) -> Value {
    SmallVector<int64_t> shape(outType.getShape());
    if (extra)
      shape.push_back(extra);
    return bufferization::AllocTensorOp::create(
        b, l, RankedTensorType::get(shape, element), ValueRange{});
  };
  // Carried: the accumulator and the chunk's partial sum. Where every
  // align group is a whole chunk (chunk = align, or one group), a group
  // joins a partial sum of 0 and promotes at once: nothing is carried (a
  // carried sum that is never read would not bufferize in place).
  const bool carryPart =
      chunk && (!align || (chunk > block && paddedRange / block > 1));
  SmallVector<Value> carried = {initQ};
  int partIdx = -1;
  if (carryPart) {
    partIdx = carried.size();
    carried.push_back(scratch(rewriter, loc, workType));
  }

  SmallVector<Value> lbs, ubs, steps;
  for (unsigned n : seqPos) {
    lbs.push_back(arith::ConstantIndexOp::create(rewriter, loc, 0));
    ubs.push_back(arith::ConstantIndexOp::create(rewriter, loc, newRange[n]));
    steps.push_back(arith::ConstantIndexOp::create(rewriter, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps, carried,
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(b, l, v);
        };
        auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value {
          return arith::CmpIOp::create(b, l, p, x, y);
        };
        Value ko;
        for (auto [j, n] : llvm::enumerate(seqPos))
          if (n == koPos)
            ko = ivs[j];
        // The block's first k, its last real one, and (chunks) whether it
        // starts or ends a chunk.
        Value k0 = arith::MulIOp::create(b, l, ko, constant(block));
        Value kLast = arith::SubIOp::create(
            b, l,
            arith::MinSIOp::create(
                b, l, arith::AddIOp::create(b, l, k0, constant(block)),
                constant(range)),
            constant(1));
        Value chunkFirst, chunkEnd;
        if (chunk && align) {
          chunkFirst = cmp(arith::CmpIPredicate::eq,
                           arith::RemUIOp::create(b, l, k0, constant(chunk)),
                           constant(0));
          chunkEnd = arith::OrIOp::create(
              b, l,
              cmp(arith::CmpIPredicate::eq,
                  arith::RemUIOp::create(
                      b, l, arith::AddIOp::create(b, l, kLast, constant(1)),
                      constant(chunk)),
                  constant(0)),
              cmp(arith::CmpIPredicate::eq, kLast, constant(range - 1)));
        }
        // The slice of operand `v` (dimensions `dims`) at this block.
        auto slice = [&](Value v, ArrayRef<SliceDim> dims,
                         AffineMap &map) -> Value {
          SmallVector<OpFoldResult> offsets, sizes, sliceStrides;
          SmallVector<int64_t> shape;
          SmallVector<AffineExpr> results;
          for (const SliceDim &s : dims) {
            Value offset = constant(s.constant);
            for (auto [n, c] : s.seq) {
              Value iv = ivs[llvm::find(seqPos, n) - seqPos.begin()];
              offset = arith::AddIOp::create(
                  b, l, offset, arith::MulIOp::create(b, l, iv, constant(c)));
            }
            offsets.push_back(offset);
            sizes.push_back(b.getIndexAttr(s.size));
            sliceStrides.push_back(b.getIndexAttr(s.stride));
            // Unit dimensions stay (at index 0): a rank-reduced slice may be
            // read as dropping another unit dimension.
            shape.push_back(s.size);
            results.push_back(s.inner >= 0 ? b.getAffineDimExpr(s.inner)
                                           : b.getAffineConstantExpr(0));
          }
          map = AffineMap::get(numInner, 0, results, ctx);
          auto type = cast<RankedTensorType>(v.getType());
          return tensor::ExtractSliceOp::create(
              b, l, RankedTensorType::get(shape, type.getElementType()), v,
              offsets, sizes, sliceStrides);
        };
        SmallVector<Value> slices;
        SmallVector<AffineMap> sliceMaps;
        for (unsigned i = 0; i < inputs.size(); ++i) {
          AffineMap m;
          slices.push_back(slice(inputs[i], inputDims[i], m));
          sliceMaps.push_back(m);
        }
        // The first random counter of an iteration of the original loop
        // nest: its parallel indices from the generic (over ki, or
        // elementwise with a given ki).
        auto iteration = [&](OpBuilder &nb, Location nl, Value ki) -> Value {
          bool overKi = !ki;
          const int kiInner = innerOf[kiPos];
          if (overKi)
            ki = linalg::IndexOp::create(nb, nl, kiInner);
          return originalIteration(
              nb, nl, position, split, block, strides, perIteration,
              [&](unsigned n) -> Value {
                if (n == kiPos)
                  return ki;
                if (innerOf[n] < 0)
                  return ivs[llvm::find(seqPos, n) - seqPos.begin()];
                return linalg::IndexOp::create(
                    nb, nl, innerOf[n] - (!overKi && innerOf[n] > kiInner));
              });
        };
        auto plus = [&](OpBuilder &nb, Location nl, Value v,
                        int64_t c) -> Value {
          return v ? arith::AddIOp::create(
                         nb, nl, v, arith::ConstantIndexOp::create(nb, nl, c))
                         .getResult()
                   : Value();
        };
        // The last real term's ki: the random counters of a block's end.
        Value kiLast = mac.isStochastic()
                           ? arith::SubIOp::create(b, l, kLast, k0).getResult()
                           : Value();
        auto fill = [&](Value t, Type element) -> Value {
          return linalg::FillOp::create(
                     b, l,
                     ValueRange{arith::ConstantOp::create(
                         b, l, b.getZeroAttr(element))},
                     ValueRange{t})
              .getResult(0);
        };
        auto generic = [&](ValueRange ins, ArrayRef<AffineMap> inMaps,
                           ValueRange outs, bool overKi,
                           function_ref<void(OpBuilder &, Location,
                                             ValueRange)>
                               body) -> linalg::GenericOp {
          SmallVector<AffineMap> all(inMaps);
          SmallVector<utils::IteratorType> its = innerIterators;
          AffineMap outMap = innerOut;
          if (!overKi) {
            // Elementwise over the output: the inner loops but ki.
            SmallVector<AffineExpr> repl;
            unsigned m = 0;
            for (unsigned n = 0; n < numInner; ++n)
              repl.push_back(n == unsigned(innerOf[kiPos])
                                 ? getAffineConstantExpr(0, ctx)
                                 : getAffineDimExpr(m++, ctx));
            for (AffineMap &a : all)
              a = a.replaceDimsAndSymbols(repl, {}, numInner - 1, 0);
            outMap = outMap.replaceDimsAndSymbols(repl, {}, numInner - 1, 0);
            its.erase(its.begin() + innerOf[kiPos]);
          }
          all.append(outs.size(), outMap);
          return linalg::GenericOp::create(b, l, TypeRange(ValueRange(outs)),
                                           ins, outs, all, its, body);
        };
        // Whether the current product is a real one, not padding.
        auto realTerm = [&](OpBuilder &nb, Location nl) -> Value {
          if (paddedRange == range)
            return Value();
          Value ki = linalg::IndexOp::create(nb, nl, innerOf[kiPos]);
          return arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::slt,
              arith::AddIOp::create(nb, nl, k0, ki),
              arith::ConstantIndexOp::create(nb, nl, range));
        };
        // The operands of a product: MX elements are the quantized operands
        // over their blocks' powers of two (exact), in the element type.
        auto operands = [&](OpBuilder &nb, Location nl,
                            ValueRange a) -> std::pair<Value, Value> {
          Value x = a[0], y = a[1];
          if (mxArg) {
            auto element = [&](Value v, Value inverse) -> Value {
              Value d = arith::MulFOp::create(
                  nb, nl, arith::ExtFOp::create(nb, nl, f64, v), inverse);
              return arith::TruncFOp::create(nb, nl, elementType, d);
            };
            x = element(x, a[*mxArg + 1]);
            y = element(y, a[*mxArg + 3]);
          }
          return {x, y};
        };
        auto productAt = [&](OpBuilder &nb, Location nl, Value x,
                             Value y) -> Value {
          Value offset;
          if (product.isStochastic())
            offset = iteration(nb, nl, Value());
          return productOf(nb, nl, x, y, offset);
        };
        SmallVector<Value> result(args);
        Value acc = args[0];

        if (!align) {
          // The chunk's partial sum from 0, product by product.
          Value part = fill(args[partIdx], workType);
          part = generic(
                     slices, sliceMaps, ValueRange{part}, /*overKi=*/true,
                     [&](OpBuilder &nb, Location nl, ValueRange a) {
                       auto [x, y] = operands(nb, nl, a);
                       Value offset1;
                       if (mac.isStochastic())
                         offset1 = plus(nb, nl, iteration(nb, nl, Value()), 1);
                       Value p = fused ? Value() : productAt(nb, nl, x, y);
                       Value s = addTo(nb, nl, a.back(), p, x, y, accumulator,
                                       offset1);
                       if (Value real = realTerm(nb, nl))
                         s = arith::SelectOp::create(nb, nl, real, s,
                                                     a.back());
                       linalg::YieldOp::create(nb, nl, s);
                     })
                     .getResult(0);
          // Promotion: acc = O(acc + part) (MX: part scaled once).
          SmallVector<Value> ins = {part};
          SmallVector<AffineMap> inMaps = {innerOut};
          if (mxArg)
            for (unsigned i : {*mxArg, *mxArg + 2}) {
              ins.push_back(slices[i]);
              inMaps.push_back(sliceMaps[i]);
            }
          result[0] =
              generic(ins, inMaps, ValueRange{acc}, /*overKi=*/false,
                      [&](OpBuilder &nb, Location nl, ValueRange a) {
                        Value joined = a[0];
                        if (mxArg) {
                          Value d = arith::MulFOp::create(
                              nb, nl,
                              arith::MulFOp::create(
                                  nb, nl, convertFloat(nb, nl, joined, f64),
                                  a[1]),
                              a[2]);
                          joined = convertFloat(nb, nl, d, workType);
                        }
                        Value offset2;
                        if (mac.isStochastic())
                          offset2 = plus(nb, nl, iteration(nb, nl, kiLast), 2);
                        linalg::YieldOp::create(
                            nb, nl,
                            quantizeWith(nb, nl,
                                         arith::AddFOp::create(nb, nl, a.back(),
                                                               joined),
                                         outer, offset2));
                      })
                  .getResult(0);
          result[partIdx] = part;
          return result;
        }

        // Aligned groups. (1) The group's largest and smallest product
        // (NaN if any is NaN).
        Value hi = fill(scratch(b, l, workType), workType),
              lo = fill(scratch(b, l, workType), workType);
        auto extremes = generic(
            slices, sliceMaps, ValueRange{hi, lo}, /*overKi=*/true,
            [&](OpBuilder &nb, Location nl, ValueRange a) {
              auto [x, y] = operands(nb, nl, a);
              Value p = productAt(nb, nl, x, y);
              unsigned n = a.size();
              linalg::YieldOp::create(
                  nb, nl,
                  ValueRange{arith::MaximumFOp::create(nb, nl, a[n - 2], p),
                             arith::MinimumFOp::create(nb, nl, a[n - 1], p)});
            });
        hi = extremes.getResult(0);
        lo = extremes.getResult(1);
        // The sum the group joins (a chunk's partial sum from 0 at its
        // start), and the magnitude the group is aligned to.
        Value level1Src = carryPart ? args[partIdx] : acc;
        auto level1Of = [&](OpBuilder &nb, Location nl, Value v) -> Value {
          if (!chunk)
            return v;
          Value zero =
              arith::ConstantOp::create(nb, nl, nb.getZeroAttr(workType));
          if (!carryPart)
            return zero;
          return arith::SelectOp::create(nb, nl, chunkFirst, zero, v);
        };
        auto magnitude = [&](OpBuilder &nb, Location nl, Value h, Value lw,
                             Value level1) -> Value {
          Value m = arith::MaximumFOp::create(
              nb, nl, h, arith::NegFOp::create(nb, nl, lw));
          if (mac.getAlignAccumulator())
            m = arith::MaximumFOp::create(nb, nl, m,
                                          math::AbsFOp::create(nb, nl, level1));
          return m;
        };
        // (2) The scale 2^-q = s1 * s2, q = floor(log2 m) - kept; 1 where m
        // is Inf or NaN (the terms then stay as they are), and clamped
        // where m is 0 (every term is 0). One tensor, s1 and s2 along a
        // last dimension of 2 (the ki loop's place here).
        SmallVector<AffineExpr> withPair(innerOut.getResults());
        withPair.push_back(getAffineDimExpr(innerOf[kiPos], ctx));
        AffineMap pairMap = AffineMap::get(numInner, 0, withPair, ctx);
        SmallVector<utils::IteratorType> pairIts(numInner,
                                                 utils::IteratorType::parallel);
        Value pair = scratch(b, l, sumType, 2);
        Value scales =
            linalg::GenericOp::create(
                b, l, pair.getType(), ValueRange{hi, lo, level1Src}, pair,
                ArrayRef<AffineMap>{innerOut, innerOut, innerOut, pairMap},
                pairIts,
            [&](OpBuilder &nb, Location nl, ValueRange a) {
              auto icst = [&](int64_t v) -> Value {
                return arith::ConstantOp::create(nb, nl,
                                                 nb.getI64IntegerAttr(v));
              };
              Value m = magnitude(nb, nl, a[0], a[1], level1Of(nb, nl, a[2]));
              Value md = convertFloat(nb, nl, m, f64);
              Value e = exponentOfF64(nb, nl, md);
              Value negQ = arith::SubIOp::create(nb, nl, icst(mac.getKept()), e);
              negQ = arith::MinSIOp::create(
                  nb, nl, arith::MaxSIOp::create(nb, nl, negQ, icst(-252)),
                  icst(252));
              Value finite = arith::CmpFOp::create(
                  nb, nl, arith::CmpFPredicate::OLT, md,
                  arith::ConstantOp::create(
                      nb, nl,
                      nb.getF64FloatAttr(
                          std::numeric_limits<double>::infinity())));
              negQ = arith::SelectOp::create(nb, nl, finite, negQ, icst(0));
              Value half = arith::ShRSIOp::create(nb, nl, negQ, icst(1));
              Value rest = arith::SubIOp::create(nb, nl, negQ, half);
              auto pow2 = [&](Value x) -> Value {
                return convertFloat(nb, nl, pow2F64(nb, nl, x), sumType);
              };
              Value first = arith::CmpIOp::create(
                  nb, nl, arith::CmpIPredicate::eq,
                  linalg::IndexOp::create(nb, nl, innerOf[kiPos]),
                  arith::ConstantIndexOp::create(nb, nl, 0));
              linalg::YieldOp::create(
                  nb, nl,
                  pow2(arith::SelectOp::create(nb, nl, first, half, rest)));
            })
                .getResult(0);
        // Maps reading s1 and s2.
        auto pairAt = [&](int64_t which) {
          SmallVector<AffineExpr> r(innerOut.getResults());
          r.push_back(getAffineConstantExpr(which, ctx));
          return AffineMap::get(numInner, 0, r, ctx);
        };
        // A term scaled by 2^-q and rounded to an integer (exact).
        auto scaledTerm = [&](OpBuilder &nb, Location nl, Value v, Value f1,
                              Value f2) -> Value {
          Value t = arith::MulFOp::create(
              nb, nl, arith::MulFOp::create(nb, nl, convertFloat(nb, nl, v, sumType), f1), f2);
          return mac.getAlignRounding() == RoundingMode::toward_zero
                     ? Value(math::TruncOp::create(nb, nl, t))
                     : Value(math::RoundEvenOp::create(nb, nl, t));
        };
        // (3) The group's sum of scaled terms (integers: exact).
        SmallVector<Value> ins3(slices);
        SmallVector<AffineMap> maps3(sliceMaps);
        ins3.append({scales, scales});
        maps3.append({pairAt(0), pairAt(1)});
        Value g = fill(scratch(b, l, sumType), sumType);
        g = generic(ins3, maps3, ValueRange{g}, /*overKi=*/true,
                    [&](OpBuilder &nb, Location nl, ValueRange a) {
                      auto [x, y] = operands(nb, nl, a);
                      unsigned n = a.size();
                      Value p = productAt(nb, nl, x, y);
                      Value s = arith::AddFOp::create(
                          nb, nl, a[n - 1],
                          scaledTerm(nb, nl, p, a[n - 3], a[n - 2]));
                      if (Value real = realTerm(nb, nl))
                        s = arith::SelectOp::create(nb, nl, real, s, a[n - 1]);
                      linalg::YieldOp::create(nb, nl, s);
                    })
                .getResult(0);
        // (4) The group joins its sum: scaled back (one rounding to the
        // working type), or, where m is Inf or NaN, the terms' plain sum
        // (NaN, +-Inf from the extremes); then the accumulator's rounding,
        // and at a chunk's end the promotion.
        SmallVector<Value> outs4 = {acc};
        if (carryPart)
          outs4.push_back(args[partIdx]);
        auto joined = generic(
            ValueRange{hi, lo, g, scales, scales},
            {innerOut, innerOut, innerOut, pairAt(0), pairAt(1)}, outs4,
            /*overKi=*/false, [&](OpBuilder &nb, Location nl, ValueRange a) {
              auto fcst = [&](double v) -> Value {
                return arith::ConstantOp::create(
                    nb, nl, nb.getFloatAttr(workType, v));
              };
              Value accV = a[5];
              Value level1 = level1Of(nb, nl, carryPart ? a[6] : accV);
              Value h = a[0], lw = a[1];
              Value m = magnitude(nb, nl, h, lw, level1);
              Value gs = a[2];
              if (mac.getAlignAccumulator())
                gs = arith::AddFOp::create(nb, nl, gs,
                                           scaledTerm(nb, nl, level1, a[3],
                                                      a[4]));
              auto ext64 = [&](Value v) { return convertFloat(nb, nl, v, f64); };
              Value inverse = arith::DivFOp::create(
                  nb, nl,
                  arith::ConstantOp::create(nb, nl, nb.getF64FloatAttr(1)),
                  arith::MulFOp::create(nb, nl, ext64(a[3]), ext64(a[4])));
              Value aligned = convertFloat(
                  nb, nl, arith::MulFOp::create(nb, nl, ext64(gs), inverse),
                  workType);
              double inf = std::numeric_limits<double>::infinity();
              auto fcmp = [&](arith::CmpFPredicate p, Value x,
                              Value y) -> Value {
                return arith::CmpFOp::create(nb, nl, p, x, y);
              };
              Value posInf = fcmp(arith::CmpFPredicate::OEQ, h, fcst(inf));
              Value negInf = fcmp(arith::CmpFPredicate::OEQ, lw, fcst(-inf));
              Value nan = arith::OrIOp::create(
                  nb, nl, fcmp(arith::CmpFPredicate::UNO, h, h),
                  arith::AndIOp::create(nb, nl, posInf, negInf));
              Value plain = arith::SelectOp::create(
                  nb, nl, nan, fcst(std::numeric_limits<double>::quiet_NaN()),
                  arith::SelectOp::create(
                      nb, nl, posInf, fcst(inf),
                      arith::SelectOp::create(nb, nl, negInf, fcst(-inf),
                                              fcst(0))));
              if (mac.getAlignAccumulator())
                plain = arith::AddFOp::create(nb, nl, plain, level1);
              Value gv = arith::SelectOp::create(
                  nb, nl, fcmp(arith::CmpFPredicate::OLT, m, fcst(inf)),
                  aligned, plain);
              Value offset1, offset2;
              if (mac.isStochastic()) {
                Value it = iteration(nb, nl, kiLast);
                offset1 = plus(nb, nl, it, 1);
                offset2 = plus(nb, nl, it, 2);
              }
              Value sum = mac.getAlignAccumulator()
                              ? gv
                              : arith::AddFOp::create(nb, nl, level1, gv)
                                    .getResult();
              Value newLevel1 = quantizeWith(nb, nl, sum, accumulator, offset1);
              if (!chunk) {
                linalg::YieldOp::create(nb, nl, newLevel1);
                return;
              }
              Value promoted = quantizeWith(
                  nb, nl, arith::AddFOp::create(nb, nl, accV, newLevel1), outer,
                  offset2);
              if (!carryPart) {
                linalg::YieldOp::create(nb, nl, promoted);
                return;
              }
              linalg::YieldOp::create(
                  nb, nl,
                  ValueRange{arith::SelectOp::create(nb, nl, chunkEnd, promoted,
                                                     accV),
                             newLevel1});
            });
        result[0] = joined.getResult(0);
        if (carryPart)
          result[partIdx] = joined.getResult(1);
        return result;
      });
  rewriter.replaceOp(op, convertTensor(rewriter, loc, nest.results[0],
                                       outType.getElementType()));
  return success();
}

namespace {
struct ExpandIntrinsicPass
    : public tq::impl::TQExpandIntrinsicBase<ExpandIntrinsicPass> {
  void runOnOperation() override {
    SmallVector<Operation *> tosaOps;
    getOperation().walk([&](Operation *op) {
      if (op->hasAttr(kIntrinsicAttr) &&
          isa<tosa::TosaDialect>(op->getDialect()))
        tosaOps.push_back(op);
    });
    // The upstream TOSA-to-linalg patterns, built once.
    TypeConverter converter;
    tosa::populateTosaTypeConversion(converter);
    RewritePatternSet patternList(&getContext());
    tosa::populateTosaToLinalgNamedConversionPatterns(
        converter, &patternList, TosaToLinalgNamedOptions());
    FrozenRewritePatternSet patterns(std::move(patternList));
    for (Operation *op : tosaOps) {
      if (!isMultiplyAccumulate(op)) {
        op->emitError("tq.intrinsic on an op that is not a matmul or a "
                      "convolution");
        return signalPassFailure();
      }
      if (failed(lowerTosaOp(op, patterns)))
        return signalPassFailure();
    }

    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kIntrinsicAttr))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops)
      if (failed(expand(rewriter, op)))
        return signalPassFailure();
    // Anything else still marked (an op that is not a contraction) is an
    // error rather than a silent float op.
    WalkResult r = getOperation().walk([&](Operation *op) {
      if (op->hasAttr(kIntrinsicAttr)) {
        op->emitError("tq.intrinsic on an op that is not a matmul or a "
                      "convolution");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
