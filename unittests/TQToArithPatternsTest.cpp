//===- TQToArithPatternsTest.cpp - The exported lowering patterns ---------===//
//
// tq::populateTQToArithPatterns in another compiler's rewrite driver (the
// greedy one here, not tq-lower-to-arith's): no tq.quantize is left, and
// the compiled function gives the reference's values.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/TQToArith.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Reference/Reference.h"
#include "tq/Runner/Npy.h"
#include "tq/Runner/Runner.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "gtest/gtest.h"

#include <cstring>

namespace {
TEST(TQToArithPatterns, GreedyDriver) {
  std::unique_ptr<mlir::MLIRContext> context = tq::createRunnerContext();
  // What the patterns build with (tq-lower-to-arith's dependent dialects).
  context->loadDialect<mlir::arith::ArithDialect, mlir::math::MathDialect,
                       mlir::linalg::LinalgDialect, mlir::tensor::TensorDialect,
                       mlir::vector::VectorDialect, mlir::scf::SCFDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          "func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {\n"
          "  %0 = tq.quantize %x : tensor<8xf32> with \"nearest,8,4\"\n"
          "  return %0 : tensor<8xf32>\n}\n",
          context.get());
  ASSERT_TRUE(module);
  mlir::RewritePatternSet patterns(context.get());
  tq::populateTQToArithPatterns(patterns, tq::LoweringTarget::cpu);
  ASSERT_TRUE(mlir::succeeded(
      mlir::applyPatternsGreedily(module->getOperation(), std::move(patterns))));
  int left = 0;
  module->walk([&](tq::QuantizeOp) { ++left; });
  EXPECT_EQ(left, 0);

  tq::RunnerOptions options;
  options.entry = "f";
  auto model = tq::CompiledModel::compile(std::move(module), options);
  ASSERT_TRUE(bool(model)) << llvm::toString(model.takeError());
  // "nearest" rounds ties away from zero (0.03125 = 1/32, 0.09375 =
  // 3/32); beyond the range saturates at 127/16 and -8; fixed point has
  // no -0.
  const float values[8] = {0.03125f, 0.09375f, -0.3f, 1.234f,
                           7.99f,    100.0f,   -9.0f, -0.0f};
  tq::NpyArray x;
  x.kind = 'f';
  x.itemSize = 4;
  x.shape = {8};
  x.data.resize(sizeof(values));
  std::memcpy(x.data.data(), values, sizeof(values));
  auto out = (*model)->run({x});
  ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
  tq::ref::FixedPoint f;
  f.bits = 8;
  f.frac = 4;
  f.rounding = tq::ref::Rounding::NearestAway;
  const double expected[8] = {0.0625, 0.125, -0.3125, 1.25,
                              7.9375, 7.9375, -8.0, 0.0};
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ((*out)[0].getDouble(k), expected[k]) << k;
    EXPECT_EQ(expected[k], float(f.apply(values[k], 0))) << k;
  }
}
} // namespace
