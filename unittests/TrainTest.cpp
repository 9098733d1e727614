//===- TrainTest.cpp - tq-train's data order, schedules, bound calls -----===//

#include "tq/Runner/Runner.h"
#include "tq/Train/Train.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace {

// examples/fashion/train_reference.py draws the same permutation (its
// docstring lists these numbers): seed 0, the 60,000 training images.
TEST(Train, EpochOrderMatchesReference) {
  std::vector<int64_t> e0 = tq::epochOrder(0, 0, 60000);
  std::vector<int64_t> e1 = tq::epochOrder(0, 1, 60000);
  EXPECT_EQ(std::vector<int64_t>(e0.begin(), e0.begin() + 8),
            (std::vector<int64_t>{12873, 42828, 28705, 851, 45150, 47736,
                                  21000, 42110}));
  EXPECT_EQ(std::vector<int64_t>(e1.begin(), e1.begin() + 8),
            (std::vector<int64_t>{24552, 26546, 54589, 40728, 3944, 10832,
                                  59386, 19665}));
  // A permutation.
  std::vector<int64_t> sorted = e0;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 60000; ++i)
    ASSERT_EQ(sorted[i], i);
  // test/Autodiff/Inputs/make_reference.py: 12 examples, seed 0, epoch 0.
  EXPECT_EQ(tq::epochOrder(0, 0, 12),
            (std::vector<int64_t>{10, 3, 9, 8, 4, 7, 1, 6, 0, 5, 11, 2}));
}

TEST(Train, Schedules) {
  tq::TrainOptions o;
  o.lr = 0.1;
  o.epochs = 4;
  EXPECT_EQ(tq::learningRate(o, 3), 0.1);
  o.schedule = "step";
  o.stepSize = 2;
  o.gamma = 0.5;
  EXPECT_EQ(tq::learningRate(o, 0), 0.1);
  EXPECT_EQ(tq::learningRate(o, 1), 0.1);
  EXPECT_EQ(tq::learningRate(o, 2), 0.05);
  EXPECT_EQ(tq::learningRate(o, 3), 0.05);
  o.schedule = "cosine";
  EXPECT_EQ(tq::learningRate(o, 0), 0.1);
  EXPECT_EQ(tq::learningRate(o, 2), 0.1 * 0.5 * (1 + std::cos(M_PI / 2)));
}

// BoundCall: results fed back become the next call's arguments in place.
TEST(Train, BoundCallFeedsBack) {
  std::unique_ptr<mlir::MLIRContext> ctx = tq::createRunnerContext();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
    func.func @step(%p: tensor<3xf32>, %x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
      %0 = tosa.add %p, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      %c = "tosa.const"() <{values = dense<7.0> : tensor<3xf32>}> : () -> tensor<3xf32>
      return %0, %c : tensor<3xf32>, tensor<3xf32>
    })mlir",
                                                        ctx.get());
  ASSERT_TRUE(module);
  tq::RunnerOptions options;
  auto model = tq::CompiledModel::compile(std::move(module), options);
  ASSERT_TRUE(bool(model)) << llvm::toString(model.takeError());
  auto call = (*model)->bind();
  ASSERT_TRUE(bool(call)) << llvm::toString(call.takeError());
  tq::BoundCall &c = **call;
  float x[3] = {1, 2, 3};
  std::memcpy(c.argument(1).data(), x, sizeof(x));
  for (int i = 0; i < 4; ++i) {
    ASSERT_FALSE(bool(c.invoke()));
    ASSERT_FALSE(bool(c.feedBack(0, 0)));
  }
  float p[3];
  std::memcpy(p, c.argument(0).data(), sizeof(p));
  EXPECT_EQ(p[0], 4);
  EXPECT_EQ(p[1], 8);
  EXPECT_EQ(p[2], 12);
  // A constant result is copied, not adopted.
  ASSERT_FALSE(bool(c.feedBack(1, 1)));
  ASSERT_FALSE(bool(c.invoke()));
  std::memcpy(p, c.result(0).data(), sizeof(p));
  EXPECT_EQ(p[0], 11);
  // Types must agree.
  auto bad = tq::CompiledModel::compile(
      mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
    func.func @g(%p: tensor<2xf32>) -> tensor<3xf32> {
      %c = "tosa.const"() <{values = dense<7.0> : tensor<3xf32>}> : () -> tensor<3xf32>
      return %c : tensor<3xf32>
    })mlir",
                                              ctx.get()),
      options);
  ASSERT_TRUE(bool(bad));
  auto badCall = (*bad)->bind();
  ASSERT_TRUE(bool(badCall));
  ASSERT_FALSE(bool((*badCall)->invoke()));
  EXPECT_EQ(llvm::toString((*badCall)->feedBack(0, 0)),
            "result 0 of @g (tensor<3xf32>) cannot become argument 0 "
            "(tensor<2xf32>)");
}

} // namespace
