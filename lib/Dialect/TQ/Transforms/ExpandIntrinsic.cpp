//===- ExpandIntrinsic.cpp - Emulate multiply-accumulate arithmetic -------===//
//
// Contractions marked `tq.intrinsic = {product = P, accumulator = A}` become
// linalg.generic ops that round every product to P and every partial sum to
// A, in a fixed sequential order. See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
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
static LogicalResult lowerTosaOp(Operation *op) {
  MLIRContext *ctx = op->getContext();
  auto record = op->getAttrOfType<DictionaryAttr>(kIntrinsicAttr);
  Operation *scope = op->getParentOp();
  llvm::DenseSet<Operation *> before;
  scope->walk([&](linalg::LinalgOp l) { before.insert(l); });

  TypeConverter converter;
  tosa::populateTosaTypeConversion(converter);
  RewritePatternSet patterns(ctx);
  TosaToLinalgNamedOptions options;
  tosa::populateTosaToLinalgNamedConversionPatterns(converter, &patterns,
                                                    options);
  ConversionTarget target(*ctx);
  target.markUnknownOpDynamicallyLegal([op](Operation *o) { return o != op; });
  Location loc = op->getLoc();
  std::string name = op->getName().getStringRef().str();
  if (failed(applyPartialConversion(ArrayRef<Operation *>{op}, target,
                                    std::move(patterns))))
    return emitError(loc) << "tq.intrinsic: cannot lower " << name
                          << " to linalg";
  int found = 0;
  scope->walk([&](linalg::LinalgOp l) {
    if (!before.count(l) && l.getNumReductionLoops() > 0) {
      l->setAttr(kIntrinsicAttr, record);
      ++found;
    }
  });
  if (!found)
    return emitError(loc) << "tq.intrinsic: " << name
                          << " did not become a linalg contraction";
  return success();
}

/// True when `v` is block argument `n` of `block`.
static bool isArg(Value v, Block &block, unsigned n) {
  auto a = dyn_cast<BlockArgument>(v);
  return a && a.getOwner() == &block && a.getArgNumber() == n;
}

/// Rewrites the contraction `op` (marked tq.intrinsic) into the quantized
/// multiply-accumulate generic.
static LogicalResult expand(RewriterBase &rewriter, linalg::LinalgOp op) {
  auto record = op->getAttrOfType<DictionaryAttr>(kIntrinsicAttr);
  auto product = record ? record.getAs<QuantizerAttrInterface>("product")
                        : QuantizerAttrInterface();
  auto accumulator = record
                         ? record.getAs<QuantizerAttrInterface>("accumulator")
                         : QuantizerAttrInterface();
  if (!product || !accumulator)
    return op->emitError("tq.intrinsic must be {product = Q, accumulator = "
                         "Q}, got ")
           << op->getAttr(kIntrinsicAttr);
  auto seedAttr = record.getAs<IntegerAttr>("seed");

  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || !op.hasPureTensorSemantics())
    return op->emitError("tq.intrinsic: expected a contraction on tensors "
                         "with two inputs and one output (a matmul or a "
                         "convolution)");
  // The body must be acc + a * b, as every float matmul and convolution is.
  Block &body = op->getRegion(0).front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  arith::MulFOp mul;
  if (add) {
    Value lhs = add.getLhs(), rhs = add.getRhs();
    if (isArg(lhs, body, 2))
      mul = rhs.getDefiningOp<arith::MulFOp>();
    else if (isArg(rhs, body, 2))
      mul = lhs.getDefiningOp<arith::MulFOp>();
  }
  if (!mul || !((isArg(mul.getLhs(), body, 0) && isArg(mul.getRhs(), body, 1)) ||
                (isArg(mul.getLhs(), body, 1) && isArg(mul.getRhs(), body, 0))) ||
      body.getOperations().size() != 3)
    return op->emitError("tq.intrinsic: the body is not a float "
                         "multiply-accumulate (acc + a * b) on the element "
                         "type");

  Type elementType = mul.getType();
  for (auto [what, q] : {std::pair{"product", product},
                         std::pair{"accumulator", accumulator}}) {
    if (!q.isElementwise())
      return op->emitError("tq.intrinsic: the ")
             << what << " quantizer " << q.getSpec()
             << " is not elementwise (block and whole-tensor formats have "
                "no meaning for one scalar)";
    if (failed(q.verifyForType(elementType,
                               [&] { return op->emitError("tq.intrinsic: "); })))
      return failure();
  }

  // Loop order: the parallel dimensions, the reductions in their order, and
  // the output's last dimension innermost, for vectorization along it.
  unsigned numLoops = op.getNumLoops();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  AffineMap outMap = op.getIndexingMapMatchingResult(op->getResult(0));
  std::optional<unsigned> inner;
  if (outMap.getNumResults() > 0)
    if (auto d = dyn_cast<AffineDimExpr>(outMap.getResults().back()))
      if (iterators[d.getPosition()] == utils::IteratorType::parallel)
        inner = d.getPosition();
  SmallVector<unsigned> order; // new position -> old dimension
  for (unsigned d = 0; d < numLoops; ++d)
    if (iterators[d] == utils::IteratorType::parallel && d != inner)
      order.push_back(d);
  for (unsigned d = 0; d < numLoops; ++d)
    if (iterators[d] == utils::IteratorType::reduction)
      order.push_back(d);
  if (inner)
    order.push_back(*inner);
  SmallVector<AffineExpr> oldToNew(numLoops);
  for (auto [pos, d] : llvm::enumerate(order))
    oldToNew[d] = rewriter.getAffineDimExpr(pos);
  AffineMap permutation =
      AffineMap::get(numLoops, 0, oldToNew, rewriter.getContext());
  SmallVector<AffineMap> maps;
  for (AffineMap m : op.getIndexingMapsArray())
    maps.push_back(m.compose(permutation));
  SmallVector<utils::IteratorType> newIterators;
  for (unsigned d : order)
    newIterators.push_back(iterators[d]);

  // Strides of the original loop order, for the random counter.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  bool stochastic = product.isStochastic() || accumulator.isStochastic();
  if (stochastic && llvm::any_of(ranges, ShapedType::isDynamic))
    return op->emitError("tq.intrinsic: stochastic rounding needs static "
                         "loop bounds");
  SmallVector<int64_t> strides(numLoops, 1);
  for (int d = int(numLoops) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * ranges[d + 1];
  SmallVector<unsigned> newPosition(numLoops);
  for (auto [pos, d] : llvm::enumerate(order))
    newPosition[d] = pos;

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value init = op.getDpsInits()[0];
  // The initial value draws after every counter of the body: from 2·n on,
  // n the number of iterations.
  IntegerAttr accSeed = accumulator.isStochastic() ? seedAttr : IntegerAttr();
  Value initOffset;
  if (accumulator.isStochastic())
    initOffset = rewriter.create<arith::ConstantIndexOp>(
        loc, 2 * strides[0] * ranges[0]);
  Value initQ = rewriter.create<QuantizeOp>(loc, init.getType(), init,
                                            accumulator, accSeed, initOffset);
  auto generic = rewriter.create<linalg::GenericOp>(
      loc, op->getResultTypes(), op.getDpsInputs(), ValueRange{initQ}, maps,
      newIterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value productOffset, sumOffset;
        if (stochastic) {
          Value linear = b.create<arith::ConstantIndexOp>(l, 0);
          for (unsigned d = 0; d < numLoops; ++d) {
            Value i = b.create<linalg::IndexOp>(l, newPosition[d]);
            Value s = b.create<arith::ConstantIndexOp>(l, 2 * strides[d]);
            linear = b.create<arith::AddIOp>(
                l, linear, b.create<arith::MulIOp>(l, i, s));
          }
          productOffset = linear;
          sumOffset = b.create<arith::AddIOp>(
              l, linear, b.create<arith::ConstantIndexOp>(l, 1));
        }
        auto quantize = [&](Value v, QuantizerAttrInterface q,
                            Value offset) -> Value {
          if (isa<IdentityAttr>(q))
            return v;
          bool st = q.isStochastic();
          return b.create<QuantizeOp>(l, v.getType(), v, q,
                                      st ? seedAttr : IntegerAttr(),
                                      st ? offset : Value());
        };
        Value p = b.create<arith::MulFOp>(l, args[0], args[1]);
        Value pq = quantize(p, product, productOffset);
        Value s = b.create<arith::AddFOp>(l, args[2], pq);
        Value sq = quantize(s, accumulator, sumOffset);
        b.create<linalg::YieldOp>(l, sq);
      });
  rewriter.replaceOp(op, generic->getResults());
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
    for (Operation *op : tosaOps) {
      if (!isa<tosa::Conv2DOp, tosa::Conv3DOp, tosa::DepthwiseConv2DOp,
               tosa::MatMulOp>(op)) {
        op->emitError("tq.intrinsic on an op that is not a matmul or a "
                      "convolution");
        return signalPassFailure();
      }
      if (failed(lowerTosaOp(op)))
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
