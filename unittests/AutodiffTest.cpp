//===- AutodiffTest.cpp - VJP rules against central finite differences --===//
//
// Every rule tq-differentiate uses, checked in f64: @f_grad's gradient of
// sum(f(x)) against (sum f(x + h e_k) - sum f(x - h e_k)) / 2h for every
// element k of every argument, on seeded random inputs in [-1, 1). The
// functions are compiled with the CPU pipeline, as users run them.
//
//===----------------------------------------------------------------------===//

#include "tq/Autodiff/Autodiff.h"
#include "tq/Runner/Npy.h"
#include "tq/Runner/Runner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

namespace {

double sum(const tq::NpyArray &a) {
  double s = 0;
  for (int64_t k = 0; k < a.numElements(); ++k)
    s += a.getDouble(k);
  return s;
}

void setDouble(tq::NpyArray &a, int64_t k, double v) {
  if (a.itemSize == 4) {
    float f = float(v);
    std::memcpy(a.data.data() + 4 * k, &f, 4);
    return;
  }
  std::memcpy(a.data.data() + 8 * k, &v, 8);
}

/// @f in `source` differentiated (tq-differentiate) and @f_grad compiled;
/// null (with a test failure) when a step fails.
std::unique_ptr<tq::CompiledModel> compileGrad(const std::string &source) {
  std::unique_ptr<mlir::MLIRContext> context = tq::createRunnerContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
  EXPECT_TRUE(module);
  if (!module)
    return nullptr;
  mlir::PassManager pm(context.get());
  pm.addPass(tq::createTQDifferentiate());
  if (!mlir::succeeded(pm.run(*module))) {
    ADD_FAILURE() << "tq-differentiate failed";
    return nullptr;
  }
  tq::RunnerOptions options;
  options.entry = "f_grad";
  auto model = tq::CompiledModel::compile(std::move(module), options);
  if (!model) {
    ADD_FAILURE() << llvm::toString(model.takeError());
    return nullptr;
  }
  return std::move(*model);
}

/// Differentiates @f in `source` and compares every gradient element with
/// central differences of step `h`: f64 (h = 1e-6, rtol 1e-6), or f32 where
/// TOSA has no f64 form (conv2d accumulates in at most f32: h = 1e-2,
/// rtol 2e-3, which still tells a wrong rule, off by O(1), from a right one).
void checkGradients(const std::string &source, double rtol = 1e-6,
                    double h = 1e-6, double atol = 1e-8,
                    bool distinct = false) {
  std::unique_ptr<tq::CompiledModel> model = compileGrad(source);
  ASSERT_TRUE(model);
  std::vector<tq::NpyArray> inputs = model->randomInputs(/*seed=*/7);
  // Distinct values 0.01 apart in a scrambled order (no two within 2h, so
  // a max never changes hands under the perturbation).
  // Arguments differ by 0.003 (i) so that no two compare equal either.
  if (distinct)
    for (auto [i, a] : llvm::enumerate(inputs))
      for (int64_t k = 0, n = a.numElements(); k < n; ++k)
        setDouble(a, k,
                  0.01 * double((k * 37) % n) - 0.005 * double(n) + 0.003 * i);
  auto at = [&](const std::vector<tq::NpyArray> &x) {
    auto out = model->run(x);
    EXPECT_TRUE(bool(out)) << llvm::toString(out.takeError());
    return std::move(*out);
  };
  std::vector<tq::NpyArray> base = at(inputs);
  size_t numResults = base.size() - inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const tq::NpyArray &grad = base[numResults + i];
    ASSERT_EQ(grad.numElements(), inputs[i].numElements());
    for (int64_t k = 0; k < inputs[i].numElements(); ++k) {
      std::vector<tq::NpyArray> plus = inputs, minus = inputs;
      double x = inputs[i].getDouble(k);
      setDouble(plus[i], k, x + h);
      setDouble(minus[i], k, x - h);
      // The step actually taken (x + h rounds in f32).
      double step = plus[i].getDouble(k) - minus[i].getDouble(k);
      double fd = (sum(at(plus)[0]) - sum(at(minus)[0])) / step;
      double g = grad.getDouble(k);
      EXPECT_NEAR(g, fd, atol + rtol * std::fabs(fd))
          << "argument " << i << ", element " << k;
    }
  }
}

const char *kShift =
    "  %s = \"tosa.const\"() <{values = dense<0> : tensor<1xi8>}> : () -> "
    "tensor<1xi8>\n";

TEST(Autodiff, AddSubMulBroadcast) {
  checkGradients(std::string("func.func @f(%x: tensor<2x3xf64>, %y: tensor<1x3xf64>) "
                             "-> tensor<2x3xf64> {\n") +
                 kShift +
                 "  %0 = tosa.add %x, %y : (tensor<2x3xf64>, tensor<1x3xf64>) -> tensor<2x3xf64>\n"
                 "  %1 = tosa.mul %0, %x, %s : (tensor<2x3xf64>, tensor<2x3xf64>, tensor<1xi8>) -> tensor<2x3xf64>\n"
                 "  %2 = tosa.sub %1, %y : (tensor<2x3xf64>, tensor<1x3xf64>) -> tensor<2x3xf64>\n"
                 "  %3 = tosa.mul %2, %y, %s : (tensor<2x3xf64>, tensor<1x3xf64>, tensor<1xi8>) -> tensor<2x3xf64>\n"
                 "  return %3 : tensor<2x3xf64>\n}\n");
}

TEST(Autodiff, NegateExpLogReciprocal) {
  checkGradients(std::string("func.func @f(%x: tensor<4xf64>) -> tensor<4xf64> {\n") +
                 kShift +
                 "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf64>}> : () -> tensor<1xf64>\n"
                 "  %one = \"tosa.const\"() <{values = dense<1.5> : tensor<1xf64>}> : () -> tensor<1xf64>\n"
                 "  %0 = tosa.negate %x, %zp, %zp : (tensor<4xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<4xf64>\n"
                 "  %1 = tosa.exp %0 : (tensor<4xf64>) -> tensor<4xf64>\n"
                 "  %2 = tosa.mul %x, %x, %s : (tensor<4xf64>, tensor<4xf64>, tensor<1xi8>) -> tensor<4xf64>\n"
                 "  %3 = tosa.add %2, %one : (tensor<4xf64>, tensor<1xf64>) -> tensor<4xf64>\n"
                 "  %4 = tosa.log %3 : (tensor<4xf64>) -> tensor<4xf64>\n"
                 "  %5 = tosa.reciprocal %3 : (tensor<4xf64>) -> tensor<4xf64>\n"
                 "  %6 = tosa.add %1, %4 : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>\n"
                 "  %7 = tosa.add %6, %5 : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>\n"
                 "  return %7 : tensor<4xf64>\n}\n");
}

TEST(Autodiff, TanhSigmoidClamp) {
  checkGradients(std::string("func.func @f(%x: tensor<6xf64>) -> tensor<6xf64> {\n") +
                 kShift +
                 "  %three = \"tosa.const\"() <{values = dense<3.0> : tensor<1xf64>}> : () -> tensor<1xf64>\n"
                 "  %0 = tosa.tanh %x : (tensor<6xf64>) -> tensor<6xf64>\n"
                 "  %1 = tosa.sigmoid %0 : (tensor<6xf64>) -> tensor<6xf64>\n"
                 "  %2 = tosa.mul %x, %three, %s : (tensor<6xf64>, tensor<1xf64>, tensor<1xi8>) -> tensor<6xf64>\n"
                 "  %3 = tosa.clamp %2 {min_val = -1.0 : f64, max_val = 1.0 : f64} : (tensor<6xf64>) -> tensor<6xf64>\n"
                 "  %4 = tosa.mul %1, %3, %s : (tensor<6xf64>, tensor<6xf64>, tensor<1xi8>) -> tensor<6xf64>\n"
                 "  return %4 : tensor<6xf64>\n}\n");
}

TEST(Autodiff, ReduceReshapeTranspose) {
  checkGradients(std::string("func.func @f(%x: tensor<2x3xf64>) -> tensor<3x1xf64> {\n") +
                 kShift +
                 "  %0 = tosa.mul %x, %x, %s : (tensor<2x3xf64>, tensor<2x3xf64>, tensor<1xi8>) -> tensor<2x3xf64>\n"
                 "  %1 = tosa.reduce_sum %0 {axis = 0 : i32} : (tensor<2x3xf64>) -> tensor<1x3xf64>\n"
                 "  %2 = tosa.transpose %1 {perms = array<i32: 1, 0>} : (tensor<1x3xf64>) -> tensor<3x1xf64>\n"
                 "  %shape = tosa.const_shape {values = dense<[3]> : tensor<1xindex>} : () -> !tosa.shape<1>\n"
                 "  %3 = tosa.reshape %2, %shape : (tensor<3x1xf64>, !tosa.shape<1>) -> tensor<3xf64>\n"
                 "  %back = tosa.const_shape {values = dense<[3, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %4 = tosa.reshape %3, %back : (tensor<3xf64>, !tosa.shape<2>) -> tensor<3x1xf64>\n"
                 "  %5 = tosa.mul %4, %2, %s : (tensor<3x1xf64>, tensor<3x1xf64>, tensor<1xi8>) -> tensor<3x1xf64>\n"
                 "  return %5 : tensor<3x1xf64>\n}\n");
}

TEST(Autodiff, MatMul) {
  checkGradients(
      "func.func @f(%a: tensor<2x2x3xf64>, %b: tensor<2x3x4xf64>) -> tensor<2x2x4xf64> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf64>}> : () -> tensor<1xf64>\n"
      "  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<2x2x3xf64>, tensor<2x3x4xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<2x2x4xf64>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x2x4xf64>) -> tensor<2x2x4xf64>\n"
      "  return %1 : tensor<2x2x4xf64>\n}\n");
}

} // namespace

namespace {
// conv2d (f32: TOSA's conv2d accumulates in at most f32): strides,
// asymmetric pads, a bias of one value per channel; a stride of 3 (the
// weight gradient's conv then has dilation 3).
TEST(Autodiff, Conv2D) {
  checkGradients(
      "func.func @f(%x: tensor<2x5x7x3xf32>, %w: tensor<4x3x2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3x4x4xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 0>, stride = array<i64: 2, 2>} : (tensor<2x5x7x3xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x4x4xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>\n"
      "  return %1 : tensor<2x3x4x4xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
  checkGradients(
      "func.func @f(%x: tensor<1x6x6x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x2x2x3xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x6x6x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>\n"
      "  %1 = tosa.sigmoid %0 : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>\n"
      "  return %1 : tensor<1x2x2x3xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
}
} // namespace

namespace {
// max_pool2d (f32: TOSA's lowering has no f64 max_pool2d) with overlapping
// windows (3x3, stride 2) and pads, on distinct inputs: the gradient of each
// window goes to its maximum.
TEST(Autodiff, MaxPool2D) {
  checkGradients(
      "func.func @f(%x: tensor<2x5x7x3xf32>) -> tensor<2x3x4x3xf32> {\n"
      "  %0 = tosa.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x5x7x3xf32>) -> tensor<2x3x4x3xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x3x4x3xf32>) -> tensor<2x3x4x3xf32>\n"
      "  return %1 : tensor<2x3x4x3xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-3, /*atol=*/5e-3, /*distinct=*/true);
}

// Ties: a window of equal values gives its whole gradient to the first
// (row major), as PyTorch does; checked exactly on constant input.
TEST(Autodiff, MaxPool2DTies) {
  std::unique_ptr<tq::CompiledModel> model = compileGrad(
      "func.func @f(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {\n"
      "  %0 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>\n"
      "  return %0 : tensor<1x2x2x1xf32>\n}\n");
  ASSERT_TRUE(model);
  tq::NpyArray x;
  x.kind = 'f';
  x.itemSize = 4;
  x.shape = {1, 4, 4, 1};
  x.data.resize(64);
  float values[16] = {0, 0, 1, 2, 0, 0, 2, 2, 5, 4, 3, 3, 4, 5, 3, 3};
  std::memcpy(x.data.data(), values, 64);
  auto out = model->run({x});
  ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
  const float expected[16] = {1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0};
  for (int k = 0; k < 16; ++k)
    EXPECT_EQ((*out)[1].getDouble(k), expected[k]) << k;
}
} // namespace

namespace {
// select (a condition computed from the inputs, broadcast) and reduce_max
// (log-sum-exp with the maximum subtracted, as the softmax cross-entropy
// loss computes it), on distinct inputs.
TEST(Autodiff, SelectReduceMax) {
  checkGradients(std::string("func.func @f(%x: tensor<3x4xf64>, %y: tensor<3x4xf64>) -> tensor<3x1xf64> {\n") +
                 kShift +
                 "  %c = tosa.greater %x, %y : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xi1>\n"
                 "  %xx = tosa.mul %x, %x, %s : (tensor<3x4xf64>, tensor<3x4xf64>, tensor<1xi8>) -> tensor<3x4xf64>\n"
                 "  %0 = tosa.select %c, %xx, %y : (tensor<3x4xi1>, tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>\n"
                 "  %m = tosa.reduce_max %0 {axis = 1 : i32} : (tensor<3x4xf64>) -> tensor<3x1xf64>\n"
                 "  %z = tosa.sub %0, %m : (tensor<3x4xf64>, tensor<3x1xf64>) -> tensor<3x4xf64>\n"
                 "  %e = tosa.exp %z : (tensor<3x4xf64>) -> tensor<3x4xf64>\n"
                 "  %se = tosa.reduce_sum %e {axis = 1 : i32} : (tensor<3x4xf64>) -> tensor<3x1xf64>\n"
                 "  %l = tosa.log %se : (tensor<3x1xf64>) -> tensor<3x1xf64>\n"
                 "  %r = tosa.add %l, %m : (tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xf64>\n"
                 "  return %r : tensor<3x1xf64>\n}\n",
                 1e-6, 1e-6, 1e-8, /*distinct=*/true);
}
} // namespace

namespace {
// maximum, minimum (distinct inputs: no ties), abs, rsqrt, erf, pow.
TEST(Autodiff, ElementwiseMore) {
  checkGradients(std::string("func.func @f(%x: tensor<2x3xf64>, %y: tensor<2x3xf64>) -> tensor<2x3xf64> {\n") +
                 kShift +
                 "  %two = \"tosa.const\"() <{values = dense<2.0> : tensor<1x1xf64>}> : () -> tensor<1x1xf64>\n"
                 "  %0 = tosa.maximum %x, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %1 = tosa.minimum %x, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %2 = tosa.abs %1 : (tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %3 = tosa.add %2, %two : (tensor<2x3xf64>, tensor<1x1xf64>) -> tensor<2x3xf64>\n"
                 "  %4 = tosa.rsqrt %3 : (tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %5 = tosa.erf %0 : (tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %6 = tosa.pow %3, %5 : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %7 = tosa.add %4, %6 : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>\n"
                 "  %8 = tosa.mul %7, %x, %s : (tensor<2x3xf64>, tensor<2x3xf64>, tensor<1xi8>) -> tensor<2x3xf64>\n"
                 "  return %8 : tensor<2x3xf64>\n}\n",
                 1e-6, 1e-6, 1e-8, /*distinct=*/true);
}

// concat, slice, pad, tile, cast (f64 -> f32 -> f64, so h = 1e-3 and a
// looser tolerance).
TEST(Autodiff, DataMovement) {
  checkGradients(std::string("func.func @f(%x: tensor<2x3xf64>, %y: tensor<2x2xf64>) -> tensor<4x5xf64> {\n") +
                 kShift +
                 "  %0 = tosa.concat %x, %y {axis = 1 : i32} : (tensor<2x3xf64>, tensor<2x2xf64>) -> tensor<2x5xf64>\n"
                 "  %start = tosa.const_shape {values = dense<[0, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %size = tosa.const_shape {values = dense<[2, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %1 = tosa.slice %0, %start, %size : (tensor<2x5xf64>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x3xf64>\n"
                 "  %pads = tosa.const_shape {values = dense<[1, 0, 0, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>\n"
                 "  %pv = \"tosa.const\"() <{values = dense<0.5> : tensor<1xf64>}> : () -> tensor<1xf64>\n"
                 "  %2 = tosa.pad %1, %pads, %pv : (tensor<2x3xf64>, !tosa.shape<4>, tensor<1xf64>) -> tensor<3x5xf64>\n"
                 "  %3 = tosa.mul %2, %2, %s : (tensor<3x5xf64>, tensor<3x5xf64>, tensor<1xi8>) -> tensor<3x5xf64>\n"
                 "  %m = tosa.const_shape {values = dense<[2, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %4 = tosa.tile %x, %m : (tensor<2x3xf64>, !tosa.shape<2>) -> tensor<4x3xf64>\n"
                 "  %5 = tosa.cast %4 : (tensor<4x3xf64>) -> tensor<4x3xf32>\n"
                 "  %6 = tosa.cast %5 : (tensor<4x3xf32>) -> tensor<4x3xf64>\n"
                 "  %7 = tosa.tanh %6 : (tensor<4x3xf64>) -> tensor<4x3xf64>\n"
                 "  %8 = tosa.slice %3, %start, %size : (tensor<3x5xf64>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x3xf64>\n"
                 "  %9 = tosa.concat %7, %8, %8 {axis = 0 : i32} : (tensor<4x3xf64>, tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<8x3xf64>\n"
                 "  %shape = tosa.const_shape {values = dense<[4, 6]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %10 = tosa.reshape %9, %shape : (tensor<8x3xf64>, !tosa.shape<2>) -> tensor<4x6xf64>\n"
                 "  %s2 = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %z2 = tosa.const_shape {values = dense<[4, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
                 "  %11 = tosa.slice %10, %s2, %z2 : (tensor<4x6xf64>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<4x5xf64>\n"
                 "  return %11 : tensor<4x5xf64>\n}\n",
                 /*rtol=*/1e-4, /*h=*/1e-3, /*atol=*/1e-5);
}
} // namespace

namespace {
// avg_pool2d with pads (the divisor leaves them out) and overlapping
// windows; depthwise_conv2d with a channel multiplier, stride, pads and a
// dilation (f32: TOSA has no f64 form of either).
TEST(Autodiff, AvgPoolDepthwise) {
  checkGradients(
      "func.func @f(%x: tensor<2x5x7x3xf32>) -> tensor<2x3x4x3xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x5x7x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x4x3xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x3x4x3xf32>) -> tensor<2x3x4x3xf32>\n"
      "  return %1 : tensor<2x3x4x3xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
  checkGradients(
      "func.func @f(%x: tensor<1x7x7x2xf32>, %w: tensor<3x3x2x2xf32>, %b: tensor<4xf32>) -> tensor<1x3x3x4xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 3>} : (tensor<1x7x7x2xf32>, tensor<3x3x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x4xf32>\n"
      "  %1 = tosa.sigmoid %0 : (tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>\n"
      "  return %1 : tensor<1x3x3x4xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
}
} // namespace
