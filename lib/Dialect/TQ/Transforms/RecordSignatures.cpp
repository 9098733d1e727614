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
    for (auto f : getOperation().getOps<func::FuncOp>()) {
      if (f.isPublic() && !f.isDeclaration())
        f->setAttr("tq.signature", TypeAttr::get(f.getFunctionType()));
      auto strip = [](ArrayRef<NamedAttribute> attrs) {
        SmallVector<NamedAttribute> kept;
        for (NamedAttribute a : attrs)
          if (!a.getName().getValue().starts_with("tq."))
            kept.push_back(a);
        return kept;
      };
      for (unsigned i = 0; i < f.getNumArguments(); ++i)
        if (DictionaryAttr attrs = f.getArgAttrDict(i))
          f.setArgAttrs(i, strip(attrs.getValue()));
      for (unsigned i = 0; i < f.getNumResults(); ++i)
        if (DictionaryAttr attrs = f.getResultAttrDict(i))
          f.setResultAttrs(i, strip(attrs.getValue()));
    }
  }
};
} // namespace
