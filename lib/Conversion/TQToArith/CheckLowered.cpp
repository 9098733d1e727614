//===- CheckLowered.cpp - Name the ops a pipeline left unlowered ----------===//

#include "tq/Conversion/Passes.h"

#include "llvm/ADT/MapVector.h"

namespace tq {
#define GEN_PASS_DEF_TQCHECKLOWERED
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
struct CheckLoweredPass
    : public tq::impl::TQCheckLoweredBase<CheckLoweredPass> {
  using Base::Base;

  static bool translates(Operation *op) {
    if (isa<ModuleOp>(op))
      return true;
    StringRef ns = op->getName().getDialectNamespace();
    if (ns == "llvm" || ns == "omp")
      return true;
    // The GPU dialect's translation handles these two.
    StringRef name = op->getName().getStringRef();
    return name == "gpu.binary" || name == "gpu.launch_func";
  }

  void runOnOperation() override {
    // The first op of each name, in walk order, and how many there are.
    llvm::MapVector<OperationName, std::pair<Operation *, int64_t>> left;
    getOperation()->walk([&](Operation *op) {
      if (translates(op))
        return;
      auto [it, inserted] = left.try_emplace(op->getName(), op, 0);
      ++it->second.second;
    });
    for (auto &[name, first] : left) {
      InFlightDiagnostic diag = first.first->emitError()
                                << pipeline << ": '" << name
                                << "' is not lowered to the LLVM dialect";
      if (first.second > 1)
        diag << " (" << first.second << " ops)";
      if (first.first->getNumOperands() || first.first->getNumResults()) {
        Type t = first.first->getNumResults()
                     ? first.first->getResult(0).getType()
                     : first.first->getOperand(0).getType();
        diag << "; first on " << t;
      }
    }
    if (!left.empty())
      signalPassFailure();
  }
};
} // namespace
