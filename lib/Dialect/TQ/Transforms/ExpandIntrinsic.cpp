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
               Value r = element.getIntOrFloatBitWidth() >
                                 args[0].getType().getIntOrFloatBitWidth()
                             ? Value(arith::ExtFOp::create(nb, l, element,
                                                           args[0]))
                             : Value(arith::TruncFOp::create(nb, l, element,
                                                             args[0]));
               linalg::YieldOp::create(nb, l, r);
             })
      .getResult(0);
}

/// x + y in f64 rounded to odd (tq::ref::addRoundToOdd): TwoSum's error
/// says on which side of the f64 sum the exact one lies; an inexact sum
/// with an even last bit steps one ulp toward it.
static Value addRoundToOdd(OpBuilder &b, Location l, Value x, Value y) {
  Type f64 = b.getF64Type(), i64 = b.getI64Type();
  auto cst = [&](double v) -> Value {
    return arith::ConstantOp::create(b, l, b.getF64FloatAttr(v));
  };
  auto icst = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(v));
  };
  Value s = arith::AddFOp::create(b, l, x, y);
  Value yv = arith::SubFOp::create(b, l, s, x);
  Value err = arith::AddFOp::create(
      b, l,
      arith::SubFOp::create(b, l, x, arith::SubFOp::create(b, l, s, yv)),
      arith::SubFOp::create(b, l, y, yv));
  Value bits = arith::BitcastOp::create(b, l, i64, s);
  Value even = arith::CmpIOp::create(
      b, l, arith::CmpIPredicate::eq,
      arith::AndIOp::create(b, l, bits, icst(1)), icst(0));
  Value expMask = icst(0x7ff0000000000000LL);
  Value finite = arith::CmpIOp::create(
      b, l, arith::CmpIPredicate::ne,
      arith::AndIOp::create(b, l, bits, expMask), expMask);
  Value inexact =
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::ONE, err, cst(0));
  Value away = arith::CmpIOp::create(
      b, l, arith::CmpIPredicate::eq,
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, err, cst(0)),
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, s, cst(0)));
  Value stepped = arith::BitcastOp::create(
      b, l, f64,
      arith::AddIOp::create(
          b, l, bits, arith::SelectOp::create(b, l, away, icst(1), icst(-1))));
  Value adjust = arith::AndIOp::create(
      b, l, arith::AndIOp::create(b, l, even, finite), inexact);
  (void)f64;
  return arith::SelectOp::create(b, l, adjust, stepped, s);
}

/// `v` rounded to a multiple of 2^(e - kept), e = floor(log2(largest)), in
/// f64 (exact: power-of-two scaling of values of at most f32's range);
/// unchanged when `largest` is 0, Inf or NaN (tq::ref::macDot).
static Value alignTo(OpBuilder &b, Location l, Value v, Value largest,
                     int64_t kept, RoundingMode mode) {
  Type f64 = b.getF64Type(), i64 = b.getI64Type();
  Type w = v.getType();
  if (w.isF32() && mode == RoundingMode::toward_zero) {
    // In f32's bits (8 lanes per vector): clear the significand bits below
    // 2^(e - kept). e's biased value from largest's exponent field (a
    // subnormal largest scaled by 2^32 first); `clear` counts the bits of
    // v below the quantum: none (v stays), 24 or more (v is below the
    // quantum: ±0), else a mask.
    Type i32 = b.getI32Type();
    auto c = [&](int32_t x) -> Value {
      return arith::ConstantOp::create(b, l, b.getI32IntegerAttr(x));
    };
    auto field = [&](Value f) -> Value {
      return arith::AndIOp::create(
          b, l,
          arith::ShRUIOp::create(b, l, arith::BitcastOp::create(b, l, i32, f),
                                 c(23)),
          c(0xff));
    };
    Value lexp = field(largest);
    Value scaled = arith::MulFOp::create(
        b, l, largest,
        arith::ConstantOp::create(b, l, b.getF32FloatAttr(0x1p32f)));
    Value biased = arith::SelectOp::create(
        b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, lexp, c(0)),
        arith::SubIOp::create(b, l, field(scaled), c(32)), lexp);
    Value vb = arith::BitcastOp::create(b, l, i32, v);
    Value ulp = arith::SubIOp::create(
        b, l, arith::MaxSIOp::create(b, l, field(v), c(1)), c(150));
    Value clear = arith::SubIOp::create(
        b, l, arith::SubIOp::create(b, l, biased, c(127 + int32_t(kept))),
        ulp);
    Value n = arith::MinSIOp::create(
        b, l, arith::MaxSIOp::create(b, l, clear, c(0)), c(23));
    Value mask = arith::XOrIOp::create(
        b, l,
        arith::SubIOp::create(b, l, arith::ShLIOp::create(b, l, c(1), n),
                              c(1)),
        c(-1));
    Value cut = arith::SelectOp::create(
        b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, clear,
                                    c(24)),
        arith::AndIOp::create(b, l, vb, c(int32_t(0x80000000u))),
        arith::AndIOp::create(b, l, vb, mask));
    Value zero = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0));
    Value inf = arith::ConstantOp::create(
        b, l, b.getF32FloatAttr(std::numeric_limits<float>::infinity()));
    Value regular = arith::AndIOp::create(
        b, l,
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, largest, zero),
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, largest, inf));
    return arith::SelectOp::create(b, l, regular,
                                   arith::BitcastOp::create(b, l, w, cut), v);
  }
  auto icst = [&](int64_t c) -> Value {
    return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(c));
  };
  Value vd = w == f64 ? v : arith::ExtFOp::create(b, l, f64, v).getResult();
  Value md = w == f64 ? largest
                      : arith::ExtFOp::create(b, l, f64, largest).getResult();
  Value zero = arith::ConstantOp::create(b, l, b.getF64FloatAttr(0));
  Value inf = arith::ConstantOp::create(
      b, l, b.getF64FloatAttr(std::numeric_limits<double>::infinity()));
  // 0 < largest < Inf: false for NaN.
  Value regular = arith::AndIOp::create(
      b, l, arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, md, zero),
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, md, inf));
  Value e = arith::SubIOp::create(
      b, l,
      arith::AndIOp::create(
          b, l,
          arith::ShRUIOp::create(b, l, arith::BitcastOp::create(b, l, i64, md),
                                 icst(52)),
          icst(0x7ff)),
      icst(1023));
  // 2^(kept - e) and 2^(e - kept), clamped into the normal range where the
  // value is not used (largest 0, Inf or NaN).
  auto pow2 = [&](Value exponent) -> Value {
    Value biased = arith::AddIOp::create(b, l, exponent, icst(1023));
    biased = arith::MaxSIOp::create(b, l, biased, icst(1));
    biased = arith::MinSIOp::create(b, l, biased, icst(2046));
    return arith::BitcastOp::create(
        b, l, f64, arith::ShLIOp::create(b, l, biased, icst(52)));
  };
  Value up = pow2(arith::SubIOp::create(b, l, icst(kept), e));
  Value down = pow2(arith::SubIOp::create(b, l, e, icst(kept)));
  Value scaled = arith::MulFOp::create(b, l, vd, up);
  Value rounded =
      mode == RoundingMode::toward_zero
          ? Value(math::TruncOp::create(b, l, scaled))
          : Value(math::RoundEvenOp::create(b, l, scaled));
  Value r = arith::MulFOp::create(b, l, rounded, down);
  if (w != f64)
    r = arith::TruncFOp::create(b, l, w, r);
  return arith::SelectOp::create(b, l, regular, r, v);
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
            Type i64 = b.getI64Type();
            auto icst = [&](int64_t v) -> Value {
              return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(v));
            };
            Value md = args[0].getType() == f64t
                           ? args[0]
                           : arith::ExtFOp::create(b, l, f64t, args[0])
                                 .getResult();
            Value zeroF = arith::ConstantOp::create(b, l, b.getF64FloatAttr(0));
            Value infF = arith::ConstantOp::create(
                b, l,
                b.getF64FloatAttr(std::numeric_limits<double>::infinity()));
            Value finite = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OLT, md, infF);
            Value isZero = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OEQ, md, zeroF);
            Value e = arith::SubIOp::create(
                b, l,
                arith::AndIOp::create(
                    b, l,
                    arith::ShRUIOp::create(
                        b, l, arith::BitcastOp::create(b, l, i64, md),
                        icst(52)),
                    icst(0x7ff)),
                icst(1023));
            Value sExp = arith::SubIOp::create(b, l, e, icst(emax));
            sExp = arith::SelectOp::create(b, l, isZero, icst(-emax), sExp);
            sExp = arith::MaxSIOp::create(b, l, sExp, icst(-127));
            sExp = arith::MinSIOp::create(b, l, sExp, icst(127));
            sExp = arith::SelectOp::create(b, l, finite, sExp, icst(0));
            auto pow2 = [&](Value exponent) -> Value {
              return arith::BitcastOp::create(
                  b, l, f64t,
                  arith::ShLIOp::create(
                      b, l, arith::AddIOp::create(b, l, exponent, icst(1023)),
                      icst(52)));
            };
            linalg::YieldOp::create(
                b, l,
                ValueRange{pow2(sExp),
                           pow2(arith::SubIOp::create(b, l, icst(0), sExp))});
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

  // Align groups: the largest product magnitude of each group, computed
  // first (the group's products are rounded only once it is known).
  std::optional<unsigned> largestArg;
  if (align) {
    SmallVector<int64_t> shape(outType.getShape());
    SmallVector<AffineExpr> results(outNew.getResults());
    SmallVector<utils::IteratorType> preIterators = newIterators;
    for (unsigned d = 0; d < numLoops; ++d) {
      if (iterators[d] != utils::IteratorType::reduction)
        continue;
      results.push_back(rewriter.getAffineDimExpr(position[d]));
      shape.push_back(split && d == *split ? paddedRange / block : ranges[d]);
      preIterators[position[d]] = utils::IteratorType::parallel;
    }
    auto type = RankedTensorType::get(shape, workType);
    AffineMap largestMap =
        AffineMap::get(numNew, 0, results, rewriter.getContext());
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getZeroAttr(workType));
    Value init = linalg::FillOp::create(
                     rewriter, loc, zero,
                     ValueRange{tensor::EmptyOp::create(rewriter, loc, shape,
                                                        workType)})
                     .getResult(0);
    SmallVector<AffineMap> preMaps = {maps[0], maps[1], largestMap};
    Value largest =
        linalg::GenericOp::create(
            rewriter, loc, type, inputs, init, preMaps, preIterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value offset;
              if (product.isStochastic())
                offset = linearIndex(b, l);
              Value p = productOf(b, l, args[0], args[1], offset);
              linalg::YieldOp::create(
                  b, l,
                  ValueRange{arith::MaximumFOp::create(
                      b, l, args[2], math::AbsFOp::create(b, l, p))});
            })
            .getResult(0);
    largestArg = inputs.size();
    inputs.push_back(largest);
    maps.push_back(largestMap);
  }

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
  // Carried values: the accumulator, the chunk's partial sum, the align
  // group's sum.
  SmallVector<Value> outs = {initQ};
  std::optional<unsigned> partOut, groupOut;
  for (auto *slot : {chunk ? &partOut : nullptr, align ? &groupOut : nullptr}) {
    if (!slot)
      continue;
    *slot = outs.size();
    // Its own allocation: two tensor.empty of one type would be CSE'd into
    // one, and bufferization would then let the carried values share a
    // buffer.
    outs.push_back(bufferization::AllocTensorOp::create(
        rewriter, loc, RankedTensorType::get(outType.getShape(), workType),
        ValueRange{}));
    maps.push_back(outNew);
  }
  maps.insert(maps.begin() + inputs.size(), outNew);
  SmallVector<Type> resultTypes(outs.size(), workTensor);
  const unsigned numInputs = inputs.size();

  auto generic = linalg::GenericOp::create(
      rewriter, loc, resultTypes, inputs, outs, maps, newIterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(b, l, v);
        };
        auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value {
          return arith::CmpIOp::create(b, l, p, x, y);
        };
        auto rem = [&](Value x, int64_t m) -> Value {
          return arith::RemUIOp::create(b, l, x, constant(m));
        };
        Value acc = args[numInputs];
        SmallVector<Value> offsets;
        if (mac.isStochastic()) {
          Value linear = linearIndex(b, l);
          for (int64_t k = 0; k < perIteration; ++k)
            offsets.push_back(
                k ? arith::AddIOp::create(b, l, linear, constant(k)).getResult()
                  : linear);
        }
        auto offset = [&](unsigned k) {
          return k < offsets.size() ? offsets[k] : Value();
        };
        Value x = args[0], y = args[1];
        if (mxArg) {
          // The MX elements: the quantized operands over their blocks'
          // powers of two (exact), in the element type.
          auto element = [&](Value v, Value inverse) -> Value {
            Value d = arith::MulFOp::create(
                b, l, arith::ExtFOp::create(b, l, f64, v), inverse);
            return arith::TruncFOp::create(b, l, elementType, d);
          };
          x = element(x, args[*mxArg + 1]);
          y = element(y, args[*mxArg + 3]);
        }
        // acc + p rounded to `q` (fused: the exact product, rounded once).
        auto addTo = [&](Value base, Value p, QuantizerAttrInterface q,
                         unsigned counter) -> Value {
          if (!fused)
            return quantizeWith(b, l, arith::AddFOp::create(b, l, base, p), q,
                                offset(counter));
          auto ext = [&](Value v) -> Value {
            return v.getType() == f64
                       ? v
                       : arith::ExtFOp::create(b, l, f64, v).getResult();
          };
          Value exact = arith::MulFOp::create(b, l, ext(x), ext(y));
          Value s = quantizeWith(b, l, addRoundToOdd(b, l, ext(base), exact),
                                 q, offset(counter));
          return workType == f64
                     ? s
                     : arith::TruncFOp::create(b, l, workType, s).getResult();
        };
        if (!split) {
          Value p = fused ? Value() : productOf(b, l, x, y, offset(0));
          linalg::YieldOp::create(b, l, addTo(acc, p, accumulator, 1));
          return;
        }
        // k, the index along the split dimension; conditions on it.
        Value ki = linalg::IndexOp::create(b, l, position[*split] + 1);
        Value k = arith::AddIOp::create(
            b, l,
            arith::MulIOp::create(
                b, l, linalg::IndexOp::create(b, l, position[*split]),
                constant(block)),
            ki);
        Value kNext = arith::AddIOp::create(b, l, k, constant(1));
        Value isLast = cmp(arith::CmpIPredicate::eq, k, constant(range - 1));
        Value real = paddedRange != range
                         ? cmp(arith::CmpIPredicate::slt, k, constant(range))
                         : Value();
        // Ends at multiples of `m` or at the dimension's last element, never
        // in the padding.
        // k mod m == 0 and (k + 1) mod m == 0; for m = block, on ki.
        auto startsAt = [&](Value x, int64_t m) -> Value {
          return m == block && x == k
                     ? cmp(arith::CmpIPredicate::eq, ki, constant(0))
                     : cmp(arith::CmpIPredicate::eq, rem(x, m), constant(0));
        };
        auto endsAt = [&](int64_t m) -> Value {
          Value atEnd =
              m == block
                  ? cmp(arith::CmpIPredicate::eq, ki, constant(block - 1))
                  : cmp(arith::CmpIPredicate::eq, rem(kNext, m), constant(0));
          Value e = arith::OrIOp::create(b, l, atEnd, isLast);
          return real ? arith::AndIOp::create(b, l, e, real).getResult() : e;
        };
        Value zero = arith::ConstantOp::create(b, l, b.getZeroAttr(workType));
        Value p = fused ? Value() : productOf(b, l, x, y, offset(0));
        // The sum the product (or group) joins, as it stands.
        Value level1 = chunk ? args[numInputs + *partOut] : acc;
        if (chunk) {
          Value start = align ? arith::SubIOp::create(b, l, k, rem(k, align))
                                    .getResult()
                              : k;
          Value chunkFirst = startsAt(start, chunk);
          level1 = arith::SelectOp::create(b, l, chunkFirst, zero, level1);
        }
        Value newLevel1, group;
        if (align) {
          Value largest = args[*largestArg];
          if (mac.getAlignAccumulator())
            largest = arith::MaximumFOp::create(
                b, l, largest, math::AbsFOp::create(b, l, level1));
          Value t = alignTo(b, l, p, largest, mac.getKept(),
                            mac.getAlignRounding());
          Value groupFirst = startsAt(k, align);
          Value gBase = arith::SelectOp::create(
              b, l, groupFirst, zero, args[numInputs + *groupOut]);
          group = arith::AddFOp::create(b, l, gBase, t);
          Value joined =
              mac.getAlignAccumulator()
                  ? quantizeWith(
                        b, l,
                        arith::AddFOp::create(
                            b, l,
                            alignTo(b, l, level1, largest, mac.getKept(),
                                    mac.getAlignRounding()),
                            group),
                        accumulator, offset(1))
                  : addTo(level1, group, accumulator, 1);
          newLevel1 = arith::SelectOp::create(b, l, endsAt(align), joined,
                                              chunk ? args[numInputs + *partOut]
                                                    : acc);
        } else {
          Value joined = addTo(level1, p, accumulator, 1);
          newLevel1 =
              real ? arith::SelectOp::create(b, l, real, joined,
                                             chunk ? args[numInputs + *partOut]
                                                   : acc)
                         .getResult()
                   : joined;
        }
        SmallVector<Value> yields;
        if (chunk) {
          Value joined = newLevel1;
          if (mxArg) {
            // The block's sum of element products, scaled once.
            Value d = newLevel1.getType() == f64
                          ? newLevel1
                          : arith::ExtFOp::create(b, l, f64, newLevel1)
                                .getResult();
            d = arith::MulFOp::create(
                b, l, arith::MulFOp::create(b, l, d, args[*mxArg]),
                args[*mxArg + 2]);
            joined = workType == f64
                         ? d
                         : arith::TruncFOp::create(b, l, workType, d)
                               .getResult();
          }
          Value sum = quantizeWith(
              b, l, arith::AddFOp::create(b, l, acc, joined), outer,
              offset(2));
          yields.push_back(
              arith::SelectOp::create(b, l, endsAt(chunk), sum, acc));
          yields.push_back(newLevel1);
        } else {
          yields.push_back(newLevel1);
        }
        if (align)
          yields.push_back(group);
        linalg::YieldOp::create(b, l, yields);
      });
  Value result = convertTensor(rewriter, loc, generic->getResult(0),
                               outType.getElementType());
  rewriter.replaceOp(op, result);
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
