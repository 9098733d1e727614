//===- ReductionsOutward.cpp - An output loop inside the reductions -------===//
//
// Matmuls and convolutions lower to loops whose innermost loop is the
// reduction: one accumulator, a serial chain of additions. Moving the loop
// of the output's contiguous dimension innermost keeps each element's
// order of accumulation (bit-identical results) and makes the innermost
// loop independent updates, which pipeline and vectorize.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace tq {
#define GEN_PASS_DEF_TQREDUCTIONSOUTWARD
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
/// The loop to move innermost: the parallel loop the (single) output
/// indexes with its last result, when it is innermost-able; else none.
std::optional<unsigned> contiguousOutputLoop(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return std::nullopt;
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap map = op.getMatchingIndexingMap(init);
  if (map.getNumResults() == 0)
    return std::nullopt;
  auto dim = dyn_cast<AffineDimExpr>(map.getResults().back());
  if (!dim)
    return std::nullopt;
  unsigned d = dim.getPosition();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators[d] != utils::IteratorType::parallel ||
      d + 1 == iterators.size())
    return std::nullopt;
  // A size-1 output dimension gains nothing.
  auto type = dyn_cast<ShapedType>(init->get().getType());
  if (!type || !type.hasStaticShape() || type.getShape().back() <= 1)
    return std::nullopt;
  return d;
}

/// For each buffer input that the (new) innermost loop indexes through a
/// dimension other than its last (a convolution's filter, [F, KH, KW, C]),
/// reads a transposed copy with that dimension last instead, so the
/// innermost loop reads consecutive elements: a copy of the operand per
/// call, against a strided (unvectorizable) read per multiply-add.
void makeInnermostContiguous(RewriterBase &rewriter, linalg::GenericOp op) {
  unsigned inner = op.getNumLoops() - 1;
  Location loc = op.getLoc();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool changed = false;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<MemRefType>(input->get().getType());
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
        type.getRank() < 2)
      continue;
    AffineMap map = maps[input->getOperandNumber()];
    int64_t at = -1;
    bool plain = true;
    for (auto [j, e] : llvm::enumerate(map.getResults())) {
      auto dim = dyn_cast<AffineDimExpr>(e);
      plain &= bool(dim);
      if (dim && dim.getPosition() == inner)
        at = j;
    }
    int64_t rank = type.getRank();
    if (!plain || at < 0 || at == rank - 1)
      continue;
    SmallVector<int64_t> perm;
    for (int64_t j = 0; j < rank; ++j)
      if (j != at)
        perm.push_back(j);
    perm.push_back(at);
    SmallVector<int64_t> shape;
    SmallVector<AffineExpr> results;
    for (int64_t j : perm) {
      shape.push_back(type.getDimSize(j));
      results.push_back(map.getResult(j));
    }
    rewriter.setInsertionPoint(op);
    auto copyType = MemRefType::get(shape, type.getElementType());
    Value copy = memref::AllocOp::create(rewriter, loc, copyType);
    linalg::TransposeOp::create(rewriter, loc, input->get(), copy, perm);
    input->set(copy);
    maps[input->getOperandNumber()] =
        AffineMap::get(map.getNumDims(), map.getNumSymbols(), results,
                       op.getContext());
    rewriter.setInsertionPointAfter(op);
    memref::DeallocOp::create(rewriter, loc, copy);
    changed = true;
  }
  if (changed)
    op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
}

struct ReductionsOutwardPass
    : public tq::impl::TQReductionsOutwardBase<ReductionsOutwardPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (contiguousOutputLoop(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      unsigned d = *contiguousOutputLoop(op);
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> g = linalg::generalizeNamedOp(rewriter, op);
        if (failed(g))
          continue;
        generic = *g;
      }
      // interchangeVector[i] = the old loop at new position i.
      SmallVector<unsigned> order;
      for (unsigned i = 0, e = generic.getNumLoops(); i < e; ++i)
        if (i != d)
          order.push_back(i);
      order.push_back(d);
      FailureOr<linalg::GenericOp> moved =
          linalg::interchangeGenericOp(rewriter, generic, order);
      if (failed(moved))
        continue;
      makeInnermostContiguous(rewriter, *moved);
    }
  }
};

} // namespace
