//===- ExpandMath.cpp - math ops without an LLVM lowering into arith ------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tq {
#define GEN_PASS_DEF_TQEXPANDMATH
#define GEN_PASS_DEF_TQCHECKLOWERED
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
/// The ops approximated by polynomials (f32, and f16/bf16 through f32).
bool isApproximated(StringRef name) {
  name.consume_front("math.");
  return name == "erf" || name == "erfc" || name == "cbrt";
}

struct ExpandMathPass : public tq::impl::TQExpandMathBase<ExpandMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    math::populateExpansionPatterns(patterns, {"asinh", "acosh", "atanh"});
    populateMathF32ExpansionPatterns(patterns, isApproximated);
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    // Only the math ops and what their rewrites create; no folding of the
    // rest of the program.
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      StringRef name = op->getName().getStringRef();
      // Upstream's rewrites handle scalars and vectors; on tensors, the
      // pipelines' convert-elementwise-to-linalg has made them scalar ops
      // in linalg.generic bodies.
      if (llvm::any_of(op->getOperandTypes(), llvm::IsaPred<TensorType>))
        return;
      if (isApproximated(name) || name == "math.asinh" ||
          name == "math.acosh" || name == "math.atanh")
        ops.push_back(op);
    });
    if (ops.empty())
      return;
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    config.enableFolding(false);
    if (failed(applyOpPatternsGreedily(ops, std::move(patterns), config)))
      return signalPassFailure();
  }
};

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
