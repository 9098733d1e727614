//===- ClampGatherIndices.cpp - tosa.gather indices into range ------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"

namespace tq {
#define GEN_PASS_DEF_TQCLAMPGATHERINDICES
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
struct ClampGatherIndicesPass
    : public tq::impl::TQClampGatherIndicesBase<ClampGatherIndicesPass> {
  void runOnOperation() override {
    getOperation()->walk([](tosa::GatherOp gather) {
      auto values = dyn_cast<RankedTensorType>(gather.getValues().getType());
      auto indices = dyn_cast<RankedTensorType>(gather.getIndices().getType());
      if (!values || !indices || values.getRank() != 3 ||
          values.isDynamicDim(1) || values.getDimSize(1) == 0)
        return;
      // Already clamped (the pass ran before).
      if (auto c = gather.getIndices().getDefiningOp<tosa::ClampOp>())
        if (auto lo = dyn_cast<IntegerAttr>(c.getMinValAttr()))
          if (auto hi = dyn_cast<IntegerAttr>(c.getMaxValAttr()))
            if (lo.getInt() >= 0 && hi.getInt() < values.getDimSize(1))
              return;
      auto element = dyn_cast<IntegerType>(indices.getElementType());
      if (!element)
        return;
      OpBuilder b(gather);
      auto clamp = tosa::ClampOp::create(
          b, gather.getLoc(), indices, gather.getIndices(),
          b.getIntegerAttr(element, 0),
          b.getIntegerAttr(element, values.getDimSize(1) - 1));
      gather.getIndicesMutable().assign(clamp);
    });
  }
};
} // namespace
