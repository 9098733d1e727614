//===- ExpandIntrinsic.cpp - Emulate multiply-accumulate arithmetic -------===//
//
// Contractions marked `tq.intrinsic = {product = P, accumulator = A}` become
// linalg.generic ops that round every product to P and every partial sum to
// A, in a fixed sequential order. See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
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
  auto record = op->getAttrOfType<DictionaryAttr>(kIntrinsicAttr);
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
  auto accumulator = record.getAs<QuantizerAttrInterface>("accumulator");
  if (!accumulator)
    return success(); // expand() reports the malformed record
  OpBuilder b(ctx);
  b.setInsertionPointAfterValue(replacement);
  IntegerAttr seed;
  Value offset;
  if (accumulator.isStochastic()) {
    seed = record.getAs<IntegerAttr>("seed");
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
  arith::MulFOp mul = matchMultiplyAccumulateBody(op);
  if (!mul)
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

  // Blocked order: the innermost reduction dimension splits into (ko, ki);
  // partial sums of `block` consecutive products are each added to the
  // accumulator.
  unsigned numLoops = op.getNumLoops();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t block = 0;
  if (auto b = record.getAs<IntegerAttr>("block"))
    block = b.getInt();
  std::optional<unsigned> split; // the reduction dimension split in blocks
  if (block < 0)
    return op->emitError("tq.intrinsic: block must be positive, got ")
           << block;
  if (block > 0) {
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::reduction)
        split = d;
    if (ShapedType::isDynamic(ranges[*split]))
      return op->emitError("tq.intrinsic: a blocked order needs a static "
                           "size of the innermost reduction dimension");
  }
  // A block that does not divide the dimension leaves a partial last block
  // (of size range mod block): the operands are padded with zeros to whole
  // blocks, and the padded iterations change nothing (below).
  int64_t range = split ? ranges[*split] : 0;
  // A block longer than the dimension is one (partial) block of all of it:
  // the sequential order, without padding to the block's size.
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
  // Blocked: each input indexed by the split dimension gets it as two
  // dimensions (tensor.expand_shape), so every map stays a projection.
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> inputs(op.getDpsInputs());
  SmallVector<AffineMap> maps;
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
      } else if (e.isFunctionOfDim(*split)) {
        std::string text;
        llvm::raw_string_ostream(text) << e;
        return op->emitError("tq.intrinsic: a blocked order needs the "
                             "innermost reduction dimension to index the "
                             "operands directly, not through ")
               << text;
      } else {
        results.push_back(e.replaceDimsAndSymbols(oldToNew, {}));
        shape.push_back(type.getDimSize(j));
      }
      groups.push_back(group);
    }
    inputs[i] = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(shape, type.getElementType()), inputs[i],
        groups);
    maps.push_back(AffineMap::get(numNew, 0, results, rewriter.getContext()));
  }
  if (split)
    maps.push_back(outMap.compose(permutation)); // the partial sums

  // Random counters: `perIteration` per iteration of the original loop
  // order (product, sum; blocked: product, partial sum, accumulation).
  bool stochastic = product.isStochastic() || accumulator.isStochastic();
  if (stochastic && llvm::any_of(ranges, ShapedType::isDynamic))
    return op->emitError("tq.intrinsic: stochastic rounding needs static "
                         "loop bounds");
  int64_t perIteration = split ? 3 : 2;
  SmallVector<int64_t> strides(numLoops, 1);
  for (int d = int(numLoops) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * ranges[d + 1];

  Value init = op.getDpsInits()[0];
  // The initial value draws after every counter of the body.
  IntegerAttr accSeed = accumulator.isStochastic() ? seedAttr : IntegerAttr();
  Value initOffset;
  if (accumulator.isStochastic())
    initOffset = arith::ConstantIndexOp::create(
        rewriter, loc, perIteration * strides[0] * ranges[0]);
  Value initQ = QuantizeOp::create(rewriter, loc, init.getType(), init,
                                   accumulator, accSeed, initOffset);
  SmallVector<Value> outs = {initQ};
  SmallVector<Type> resultTypes(op->getResultTypes());
  if (split) {
    auto t = cast<RankedTensorType>(init.getType());
    outs.push_back(tensor::EmptyOp::create(rewriter, loc, t.getShape(),
                                           t.getElementType()));
    resultTypes.push_back(t);
  }
  auto generic = linalg::GenericOp::create(
      rewriter, loc, resultTypes, inputs, outs, maps, newIterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        auto index = [&](unsigned newDim) -> Value {
          return linalg::IndexOp::create(b, l, newDim);
        };
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(b, l, v);
        };
        SmallVector<Value> offsets;
        if (stochastic) {
          Value linear = constant(0);
          for (unsigned d = 0; d < numLoops; ++d) {
            Value i = index(position[d]);
            if (split && d == *split)
              i = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, i, constant(block)),
                  index(position[d] + 1));
            linear = arith::AddIOp::create(
                b, l, linear,
                arith::MulIOp::create(b, l, i,
                                      constant(perIteration * strides[d])));
          }
          for (int64_t k = 0; k < perIteration; ++k)
            offsets.push_back(
                k ? arith::AddIOp::create(b, l, linear, constant(k)).getResult()
                  : linear);
        }
        auto quantize = [&](Value v, QuantizerAttrInterface q,
                            unsigned counter) -> Value {
          if (isa<IdentityAttr>(q))
            return v;
          bool st = q.isStochastic();
          return QuantizeOp::create(b, l, v.getType(), v, q,
                                    st ? seedAttr : IntegerAttr(),
                                    st ? offsets[counter] : Value());
        };
        Value p = arith::MulFOp::create(b, l, args[0], args[1]);
        Value pq = quantize(p, product, 0);
        if (!split) {
          Value s = arith::AddFOp::create(b, l, args[2], pq);
          linalg::YieldOp::create(b, l, quantize(s, accumulator, 1));
          return;
        }
        // Blocked: the partial sum restarts from zero at ki = 0 and joins
        // the accumulator at ki = block - 1, or at the last element of a
        // partial last block; padded iterations (k >= range) join nothing.
        Value ki = index(position[*split] + 1);
        Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, ki,
                                            constant(0));
        Value last = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, ki,
                                           constant(block - 1));
        if (paddedRange != range) {
          Value k = arith::AddIOp::create(
              b, l,
              arith::MulIOp::create(b, l, index(position[*split]),
                                    constant(block)),
              ki);
          Value real = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, k,
                                             constant(range));
          Value end = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, k,
                                            constant(range - 1));
          last = arith::OrIOp::create(b, l, end,
                                      arith::AndIOp::create(b, l, last, real));
        }
        Value zero =
            arith::ConstantOp::create(b, l, b.getFloatAttr(elementType, 0.0));
        Value base = arith::SelectOp::create(b, l, first, zero, args[3]);
        Value partial =
            quantize(arith::AddFOp::create(b, l, base, pq), accumulator, 1);
        Value sum = quantize(arith::AddFOp::create(b, l, args[2], partial),
                             accumulator, 2);
        Value acc = arith::SelectOp::create(b, l, last, sum, args[2]);
        linalg::YieldOp::create(b, l, ValueRange{acc, partial});
      });
  rewriter.replaceOp(op, generic->getResults().take_front(1));
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
