//===- StripQuantize.cpp - Remove tq.quantize ops -------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

namespace tq {
#define GEN_PASS_DEF_TQSTRIPQUANTIZE
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
struct StripQuantizePass
    : public tq::impl::TQStripQuantizeBase<StripQuantizePass> {
  using TQStripQuantizeBase::TQStripQuantizeBase;

  void runOnOperation() override {
    SmallVector<tq::QuantizeOp> ops;
    getOperation()->walk([&](tq::QuantizeOp op) {
      if (StringRef(op.getQuantizer().getSpec()).starts_with(quantizerFilter))
        ops.push_back(op);
    });
    for (tq::QuantizeOp op : ops) {
      op.getResult().replaceAllUsesWith(op.getInput());
      op.erase();
    }
  }
};
} // namespace
