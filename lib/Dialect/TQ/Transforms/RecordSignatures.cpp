//===- RecordSignatures.cpp - Keep function types through lowering --------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace tq {
#define GEN_PASS_DEF_TQRECORDSIGNATURES
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
struct RecordSignaturesPass
    : public tq::impl::TQRecordSignaturesBase<RecordSignaturesPass> {
  void runOnOperation() override {
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f.isPublic() && !f.isDeclaration())
        f->setAttr("tq.signature", TypeAttr::get(f.getFunctionType()));
  }
};
} // namespace
