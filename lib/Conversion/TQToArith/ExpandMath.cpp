//===- ExpandMath.cpp - math ops without an LLVM lowering into arith ------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tq {
#define GEN_PASS_DEF_TQEXPANDMATH
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
/// The ops approximated by polynomials (f32, and f16/bf16 through f32),
/// and those expanded into log and sqrt, by mnemonic.
constexpr StringLiteral kApproximated[] = {"erf", "erfc", "cbrt"};
constexpr StringLiteral kExpanded[] = {"asinh", "acosh", "atanh"};

bool isApproximated(StringRef name) {
  name.consume_front("math.");
  return llvm::is_contained(kApproximated, name);
}
bool isRewritten(StringRef name) {
  return name.consume_front("math.") &&
         (llvm::is_contained(kApproximated, name) ||
          llvm::is_contained(kExpanded, name));
}

struct ExpandMathPass : public tq::impl::TQExpandMathBase<ExpandMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    math::populateExpansionPatterns(
        patterns, SmallVector<StringRef>(std::begin(kExpanded),
                                         std::end(kExpanded)));
    populateMathF32ExpansionPatterns(patterns, isApproximated);
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    // Only the math ops and what their rewrites create; no folding of the
    // rest of the program.
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      // Upstream's rewrites handle scalars and vectors; on tensors, the
      // pipelines' convert-elementwise-to-linalg has made them scalar ops
      // in linalg.generic bodies.
      if (llvm::any_of(op->getOperandTypes(), llvm::IsaPred<TensorType>))
        return;
      if (isRewritten(op->getName().getStringRef()))
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

} // namespace
