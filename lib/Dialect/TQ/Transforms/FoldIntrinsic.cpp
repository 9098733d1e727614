//===- FoldIntrinsic.cpp - Evaluate marked contractions of constants ------===//
//
// A linalg contraction marked tq.intrinsic = #tq.mac<...> whose operands are
// constants becomes the constant tq::ref::macDot computes: the reference
// that tq-expand-intrinsic's code is tested against. See the pass
// description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/Reference/Mac.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

namespace tq {
#define GEN_PASS_DEF_TQFOLDINTRINSIC
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;
using namespace tq;

/// The values of a constant tensor (or of a linalg.fill of a constant) as
/// doubles, row-major; nullopt when `v` is not one.
static std::optional<std::vector<double>> constantValues(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  auto toDouble = [](APFloat f) {
    bool lost;
    f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    return f.convertToDouble();
  };
  if (auto fill = v.getDefiningOp<linalg::FillOp>()) {
    FloatAttr scalar;
    if (!matchPattern(fill.getInputs()[0], m_Constant(&scalar)))
      return std::nullopt;
    return std::vector<double>(type.getNumElements(),
                               toDouble(scalar.getValue()));
  }
  DenseElementsAttr dense;
  if (!matchPattern(v, m_Constant(&dense)))
    return std::nullopt;
  std::vector<double> out;
  out.reserve(type.getNumElements());
  for (APFloat f : dense.getValues<APFloat>())
    out.push_back(toDouble(f));
  return out;
}

/// The reference semantics of one quantizer on one scalar of `elem`.
static ref::ScalarQuantizer scalar(QuantizerAttrInterface q, uint64_t seed,
                                   ref::ElemType elem) {
  if (!q || isa<IdentityAttr>(q))
    return {};
  return [q, seed, elem](double x, uint64_t counter) {
    ref::Tensor t{{x}, {1}, elem};
    q.evaluate(t, seed, counter);
    return t.data[0];
  };
}

static LogicalResult fold(RewriterBase &rewriter, linalg::LinalgOp op,
                          MacAttr mac) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() || !matchMultiplyAccumulateBody(op))
    return failure();
  auto a = constantValues(op.getDpsInputs()[0]);
  auto b = constantValues(op.getDpsInputs()[1]);
  auto init = constantValues(op.getDpsInits()[0]);
  if (!a || !b || !init)
    return failure();
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  std::optional<ref::ElemType> elem =
      getRefElemType(outType.getElementType());
  if (!elem)
    return failure();

  ref::MacModel model;
  model.element = *elem;
  model.wide = mac.getWide();
  model.fused = mac.getFused();
  model.chunk = mac.getChunk();
  model.pairwise = mac.getOrder() == MacOrder::pairwise;
  model.mxDot = bool(mac.getMxFormat());
  model.align = mac.getAlign();
  model.kept = int(mac.getKept());
  model.alignRounding = mac.getAlignRounding() == RoundingMode::nearest_even
                            ? ref::Rounding::NearestEven
                            : ref::Rounding::TowardZero;
  model.alignAccumulator = mac.getAlignAccumulator();
  uint64_t seed = uint64_t(mac.getSeed().value_or(0));
  ref::ElemType w = model.working();
  model.product = scalar(mac.getProduct(), seed, w);
  model.accumulator = scalar(mac.getAccumulator(), seed,
                             model.fused ? ref::ElemType::F64 : w);
  model.outer = scalar(mac.getOuterOrAccumulator(), seed, w);

  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return failure();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned numLoops = ranges.size();
  SmallVector<unsigned> parallel, reduction;
  for (unsigned d = 0; d < numLoops; ++d)
    (iterators[d] == utils::IteratorType::parallel ? parallel : reduction)
        .push_back(d);
  SmallVector<int64_t> strides(numLoops, 1);
  for (int d = int(numLoops) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * ranges[d + 1];
  int64_t iterations = numLoops ? strides[0] * ranges[0] : 1;
  int64_t innermost = ranges[reduction.back()];

  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  // MX dot products: each operand in the MX format along the innermost
  // reduction, as elements and their blocks' powers of two.
  std::vector<double> scales[2] = {std::vector<double>(a->size(), 1.0),
                                   std::vector<double>(b->size(), 1.0)};
  if (MXAttr mx = mac.getMxFormat()) {
    ref::MX format = refOf(mx);
    AffineExpr inner = getAffineDimExpr(reduction.back(), op->getContext());
    std::vector<double> *values[2] = {&*a, &*b};
    for (unsigned i = 0; i < 2; ++i) {
      ArrayRef<AffineExpr> results = maps[i].getResults();
      auto it = llvm::find(results, inner);
      if (it == results.end())
        return failure();
      int64_t axis = it - results.begin();
      auto type = cast<RankedTensorType>(op->getOperand(i).getType());
      std::vector<int64_t> shape(type.getShape().begin(),
                                 type.getShape().end());
      ref::Tensor q{*values[i], shape, *elem};
      format.apply(q, axis, 0, 0);
      ref::roundTensorToElement(q);
      ref::forEachBlock(shape, axis, format.blockSize,
                        [&](const std::vector<int64_t> &block) {
                          double amax = 0;
                          bool special = false;
                          for (int64_t e : block) {
                            double v = (*values[i])[e];
                            special |= !std::isfinite(v);
                            amax = std::max(amax, std::fabs(v));
                          }
                          int s = special ? 0
                                          : format.scaleExponent(amax, *elem);
                          for (int64_t e : block) {
                            scales[i][e] = std::ldexp(1.0, s);
                            q.data[e] = ref::roundToElement(
                                std::ldexp(q.data[e], -s), *elem);
                          }
                        });
      *values[i] = q.data;
    }
  }
  auto linear = [](ArrayRef<int64_t> shape, ArrayRef<int64_t> index) {
    int64_t l = 0;
    for (auto [s, i] : llvm::zip(shape, index))
      l = l * s + i;
    return l;
  };
  auto shapeOf = [&](unsigned operand) {
    return cast<RankedTensorType>(op->getOperand(operand).getType())
        .getShape();
  };
  std::vector<double> result(init->size());
  SmallVector<int64_t> index(numLoops, 0);
  std::vector<ref::MacTerm> terms;
  // Every output point (the parallel dimensions), then its terms (the
  // reduction dimensions, lexicographically).
  std::function<void(unsigned)> overParallel = [&](unsigned p) {
    if (p < parallel.size()) {
      for (index[parallel[p]] = 0; index[parallel[p]] < ranges[parallel[p]];
           ++index[parallel[p]])
        overParallel(p + 1);
      return;
    }
    terms.clear();
    std::function<void(unsigned)> overReduction = [&](unsigned r) {
      if (r < reduction.size()) {
        for (index[reduction[r]] = 0;
             index[reduction[r]] < ranges[reduction[r]]; ++index[reduction[r]])
          overReduction(r + 1);
        return;
      }
      int64_t it = 0;
      for (unsigned d = 0; d < numLoops; ++d)
        it += index[d] * strides[d];
      int64_t ia = linear(shapeOf(0), maps[0].compose(index));
      int64_t ib = linear(shapeOf(1), maps[1].compose(index));
      terms.push_back({(*a)[ia], (*b)[ib], uint64_t(it),
                       index[reduction.back()], scales[0][ia], scales[1][ib]});
    };
    overReduction(0);
    int64_t out = linear(outType.getShape(), maps[2].compose(index));
    result[out] = ref::macDot(
        model, (*init)[out],
        uint64_t(model.countersPerIteration() * iterations + out), terms,
        innermost);
  };
  overParallel(0);

  SmallVector<APFloat> values;
  auto &semantics =
      cast<FloatType>(outType.getElementType()).getFloatSemantics();
  for (double v : result) {
    APFloat f(v);
    bool lost;
    f.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
    values.push_back(f);
  }
  rewriter.setInsertionPoint(op);
  Value c = arith::ConstantOp::create(
      rewriter, op.getLoc(), DenseElementsAttr::get(outType, values));
  rewriter.replaceOp(op, c);
  return success();
}

namespace {
struct FoldIntrinsicPass
    : public tq::impl::TQFoldIntrinsicBase<FoldIntrinsicPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op->getAttrOfType<MacAttr>("tq.intrinsic"))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops)
      (void)fold(rewriter, op, op->getAttrOfType<MacAttr>("tq.intrinsic"));
  }
};
} // namespace
