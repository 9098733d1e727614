//===- FuseElementwise.cpp - Elementwise fusion without recomputation -----===//
//
// linalg-fuse-elementwise-ops fuses an elementwise producer into any
// linalg.generic consumer, also one that reads each produced element many
// times (a contraction): the producer's body then runs once per read. For
// tq-expand-intrinsic's contractions that put an operand's tq.quantize
// inside the multiply-accumulate loop. This pass applies the same patterns
// with a control function that refuses such fusions.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tq {
#define GEN_PASS_DEF_TQFUSEELEMENTWISE
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
/// linalg-fuse-elementwise-ops' condition: the producer has no other use.
bool producerHasOneUse(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  return producer && producer->hasOneUse();
}

/// Upstream's condition, and for a consumer with reduction loops, each
/// produced element read once.
bool fusesWithoutRecomputation(OpOperand *fused) {
  if (!producerHasOneUse(fused))
    return false;
  auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
  if (!consumer || consumer.getNumReductionLoops() == 0)
    return true;
  return consumer.getMatchingIndexingMap(fused).isPermutation();
}

struct FuseElementwisePass
    : tq::impl::TQFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    Operation *op = getOperation();
    MLIRContext *context = op->getContext();
    RewritePatternSet patterns(context);
    // As linalg-fuse-elementwise-ops (LinalgElementwiseOpFusionPass), with
    // fusesWithoutRecomputation for the elementwise fusion itself.
    linalg::populateElementwiseOpsFusionPatterns(patterns,
                                                 fusesWithoutRecomputation);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      producerHasOneUse);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, producerHasOneUse);
    (void)applyPatternsGreedily(
        op, std::move(patterns),
        GreedyRewriteConfig().setUseTopDownTraversal());
  }
};
} // namespace
