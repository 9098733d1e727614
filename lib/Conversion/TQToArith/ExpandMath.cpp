//===- ExpandMath.cpp - math ops without an LLVM lowering into arith ------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
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
         (name == "ipowi" || llvm::is_contained(kApproximated, name) ||
          llvm::is_contained(kExpanded, name));
}

/// math.ipowi on scalars as square-and-multiply, unrolled over the bits of
/// the exponent (no control flow, so it runs the same on CPUs and GPUs).
/// Results wrap modulo 2^n, as NumPy's integer power. A negative exponent
/// gives 1 / a^-b truncated: 1 for a = 1, +-1 for a = -1, else 0 (also for
/// a = 0, where upstream's expansion divides by zero).
struct ExpandIPowI : OpRewritePattern<math::IPowIOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::IPowIOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<IntegerType>(op.getType());
    if (!type)
      return failure();
    Location loc = op.getLoc();
    ImplicitLocOpBuilder b(loc, rewriter);
    auto cst = [&](int64_t v) {
      return arith::ConstantOp::create(b, b.getIntegerAttr(type, v)).getResult();
    };
    Value zero = cst(0), one = cst(1), minusOne = cst(-1);
    Value acc = one, base = op.getLhs(), e = op.getRhs();
    for (unsigned i = 0, w = type.getWidth(); i < w; ++i) {
      Value bit = arith::TruncIOp::create(b, b.getI1Type(), e);
      acc = arith::SelectOp::create(b, bit, arith::MulIOp::create(b, acc, base),
                                    acc);
      if (i + 1 < w) {
        base = arith::MulIOp::create(b, base, base);
        e = arith::ShRUIOp::create(b, e, one);
      }
    }
    // Negative exponents.
    Value negative = arith::CmpIOp::create(b, arith::CmpIPredicate::slt,
                                           op.getRhs(), zero);
    Value odd = arith::TruncIOp::create(b, b.getI1Type(), op.getRhs());
    Value isOne = arith::CmpIOp::create(b, arith::CmpIPredicate::eq,
                                        op.getLhs(), one);
    Value isMinusOne = arith::CmpIOp::create(b, arith::CmpIPredicate::eq,
                                             op.getLhs(), minusOne);
    Value signOfMinusOne = arith::SelectOp::create(b, odd, minusOne, one);
    Value inverse = arith::SelectOp::create(
        b, isOne, one, arith::SelectOp::create(b, isMinusOne, signOfMinusOne, zero));
    rewriter.replaceOp(op, arith::SelectOp::create(b, negative, inverse, acc));
    return success();
  }
};

struct ExpandMathPass : public tq::impl::TQExpandMathBase<ExpandMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    math::populateExpansionPatterns(
        patterns, SmallVector<StringRef>(std::begin(kExpanded),
                                         std::end(kExpanded)));
    patterns.add<ExpandIPowI>(&getContext());
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
