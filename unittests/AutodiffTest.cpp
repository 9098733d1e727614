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

// conv2d's input gradient where transpose_conv2d cannot give it: a
// dilation (2, stride 1, asymmetric pads), a dilation with a stride (the
// gradient zero-stuffed), pads larger than the kernel (windows wholly in the
// padding) with stride 2.
TEST(Autodiff, Conv2DDilationPads) {
  checkGradients(
      "func.func @f(%x: tensor<1x7x6x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x6x5x3xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 1, 2, 0, 3>, stride = array<i64: 1, 1>} : (tensor<1x7x6x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x5x3xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<1x6x5x3xf32>) -> tensor<1x6x5x3xf32>\n"
      "  return %1 : tensor<1x6x5x3xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
  checkGradients(
      "func.func @f(%x: tensor<2x7x8x2xf32>, %w: tensor<2x2x3x2xf32>, %b: tensor<2xf32>) -> tensor<2x3x3x2xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 3>, pad = array<i64: 0, 0, 2, 1>, stride = array<i64: 2, 2>} : (tensor<2x7x8x2xf32>, tensor<2x2x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x3x2xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x3x3x2xf32>) -> tensor<2x3x3x2xf32>\n"
      "  return %1 : tensor<2x3x3x2xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
  checkGradients(
      "func.func @f(%x: tensor<1x3x4x2xf32>, %w: tensor<2x2x2x2xf32>, %b: tensor<2xf32>) -> tensor<1x4x5x2xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 3, 2, 3, 3>, stride = array<i64: 2, 2>} : (tensor<1x3x4x2xf32>, tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x5x2xf32>\n"
      "  %1 = tosa.sigmoid %0 : (tensor<1x4x5x2xf32>) -> tensor<1x4x5x2xf32>\n"
      "  return %1 : tensor<1x4x5x2xf32>\n}\n",
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

// The window geometries of the pooling and depthwise rules' taps (a
// stride-phase grid over the input): windows that tile the input (2x2,
// stride 2, the usual pool), a stride larger than the kernel (rows no
// window reads, a phase with no tap), asymmetric pads, overlapping windows
// at stride 1 (taps shifted by whole output rows), a dilation at stride 1,
// a multiplier of 1 and of 3 with stride 2.
TEST(Autodiff, PoolWindows) {
  checkGradients(
      "func.func @f(%x: tensor<2x4x6x3xf32>) -> tensor<2x2x3x3xf32> {\n"
      "  %0 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<2x4x6x3xf32>) -> tensor<2x2x3x3xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32>\n"
      "  return %1 : tensor<2x2x3x3xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-3, /*atol=*/5e-3, /*distinct=*/true);
  checkGradients(
      "func.func @f(%x: tensor<1x4x5x2xf32>) -> tensor<1x2x3x2xf32> {\n"
      "  %0 = tosa.max_pool2d %x {kernel = array<i64: 2, 3>, pad = array<i64: 0, 1, 2, 0>, stride = array<i64: 3, 2>} : (tensor<1x4x5x2xf32>) -> tensor<1x2x3x2xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>\n"
      "  return %1 : tensor<1x2x3x2xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-3, /*atol=*/5e-3, /*distinct=*/true);
  checkGradients(
      "func.func @f(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {\n"
      "  %0 = tosa.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>\n"
      "  return %1 : tensor<1x4x4x2xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-3, /*atol=*/5e-3, /*distinct=*/true);
  checkGradients(
      "func.func @f(%x: tensor<2x4x7x2xf32>) -> tensor<2x4x3x2xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 2>, pad = array<i64: 2, 0, 0, 1>, stride = array<i64: 1, 3>} : (tensor<2x4x7x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x4x3x2xf32>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x4x3x2xf32>) -> tensor<2x4x3x2xf32>\n"
      "  return %1 : tensor<2x4x3x2xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
  checkGradients(
      "func.func @f(%x: tensor<1x6x5x3xf32>, %w: tensor<3x2x3x1xf32>, %b: tensor<3xf32>) -> tensor<1x4x7x3xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 2, 0, 1, 3>, stride = array<i64: 1, 1>} : (tensor<1x6x5x3xf32>, tensor<3x2x3x1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x7x3xf32>\n"
      "  %1 = tosa.sigmoid %0 : (tensor<1x4x7x3xf32>) -> tensor<1x4x7x3xf32>\n"
      "  return %1 : tensor<1x4x7x3xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
  checkGradients(
      "func.func @f(%x: tensor<2x5x6x2xf32>, %w: tensor<2x3x2x3xf32>, %b: tensor<6xf32>) -> tensor<2x3x3x6xf32> {\n"
      "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n"
      "  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 1, 1, 0>, stride = array<i64: 2, 2>} : (tensor<2x5x6x2xf32>, tensor<2x3x2x3xf32>, tensor<6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x3x6xf32>\n"
      "  %1 = tosa.sigmoid %0 : (tensor<2x3x3x6xf32>) -> tensor<2x3x3x6xf32>\n"
      "  return %1 : tensor<2x3x3x6xf32>\n}\n",
      /*rtol=*/2e-3, /*h=*/1e-2, /*atol=*/1e-4);
}
} // namespace

namespace {
// gather: repeated indices add up their rows' gradients; out-of-range ones
// (7, -1) read, and send their gradient to, the nearest row (the pipeline's
// tq-clamp-gather-indices).
TEST(Autodiff, Gather) {
  checkGradients(
      "func.func @f(%v: tensor<2x5x3xf64>) -> tensor<2x4x3xf64> {\n"
      "  %idx = \"tosa.const\"() <{values = dense<[[0, 3, 3, 4], [2, 2, 7, -1]]> : tensor<2x4xi32>}> : () -> tensor<2x4xi32>\n"
      "  %0 = tosa.gather %v, %idx : (tensor<2x5x3xf64>, tensor<2x4xi32>) -> tensor<2x4x3xf64>\n"
      "  %1 = tosa.tanh %0 : (tensor<2x4x3xf64>) -> tensor<2x4x3xf64>\n"
      "  return %1 : tensor<2x4x3xf64>\n}\n");
}

// An elementwise linalg.generic: the body's smooth ops (addf, subf, mulf,
// divf, negf, sqrt, rsqrt, exp, log, tanh, erf, powf), an input broadcast by
// a constant map, a transposed input, and the init read by the body.
TEST(Autodiff, GenericElementwise) {
  checkGradients(
      "func.func @f(%x: tensor<2x3x4xf64>, %s: tensor<2x3x1xf64>, %t: tensor<4x3x2xf64>, %w: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {\n"
      "  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, 0)>, affine_map<(d0, d1, d2) -> (d2, d1, d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = [\"parallel\", \"parallel\", \"parallel\"]} ins(%x, %s, %t : tensor<2x3x4xf64>, tensor<2x3x1xf64>, tensor<4x3x2xf64>) outs(%w : tensor<2x3x4xf64>) {\n"
      "  ^bb0(%a: f64, %b: f64, %c: f64, %o: f64):\n"
      "    %k = arith.constant 1.5 : f64\n"
      "    %b2 = arith.mulf %b, %b : f64\n"
      "    %den = arith.addf %b2, %k : f64\n"
      "    %r = math.sqrt %den : f64\n"
      "    %q = arith.divf %a, %r : f64\n"
      "    %th = math.tanh %q : f64\n"
      "    %n = arith.negf %th : f64\n"
      "    %ex = math.exp %c : f64\n"
      "    %s1 = arith.subf %ex, %n : f64\n"
      "    %lg = math.log %den : f64\n"
      "    %rs = math.rsqrt %den : f64\n"
      "    %er = math.erf %c : f64\n"
      "    %pw = math.powf %den, %c : f64\n"
      "    %m1 = arith.mulf %s1, %lg : f64\n"
      "    %m2 = arith.mulf %rs, %pw : f64\n"
      "    %m3 = arith.mulf %er, %o : f64\n"
      "    %m4 = arith.divf %m3, %den : f64\n"
      "    %a1 = arith.addf %m1, %m2 : f64\n"
      "    %a2 = arith.addf %a1, %m4 : f64\n"
      "    linalg.yield %a2 : f64\n"
      "  } -> tensor<2x3x4xf64>\n"
      "  return %0 : tensor<2x3x4xf64>\n}\n");
}

// The body's comparisons on distinct inputs (no ties, none within h):
// select on cmpf, maximumf, minimumf, maxnumf, minnumf, absf.
TEST(Autodiff, GenericSelectExtrema) {
  checkGradients(
      "func.func @f(%x: tensor<3x4xf64>, %y: tensor<3x4xf64>, %z: tensor<1x4xf64>) -> tensor<3x4xf64> {\n"
      "  %e = tensor.empty() : tensor<3x4xf64>\n"
      "  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = [\"parallel\", \"parallel\"]} ins(%x, %y, %z : tensor<3x4xf64>, tensor<3x4xf64>, tensor<1x4xf64>) outs(%e : tensor<3x4xf64>) {\n"
      "  ^bb0(%a: f64, %b: f64, %c: f64, %o: f64):\n"
      "    %gt = arith.cmpf ogt, %a, %b : f64\n"
      "    %aa = arith.mulf %a, %a : f64\n"
      "    %sel = arith.select %gt, %aa, %c : f64\n"
      "    %mx = arith.maximumf %a, %c : f64\n"
      "    %mn = arith.minimumf %b, %c : f64\n"
      "    %mxn = arith.maxnumf %b, %a : f64\n"
      "    %mnn = arith.minnumf %c, %a : f64\n"
      "    %ab = math.absf %mn : f64\n"
      "    %m1 = arith.mulf %sel, %mx : f64\n"
      "    %m2 = arith.mulf %mxn, %mnn : f64\n"
      "    %a1 = arith.addf %m1, %m2 : f64\n"
      "    %a2 = arith.addf %a1, %ab : f64\n"
      "    linalg.yield %a2 : f64\n"
      "  } -> tensor<3x4xf64>\n"
      "  return %0 : tensor<3x4xf64>\n}\n",
      1e-6, 1e-6, 1e-8, /*distinct=*/true);
}

// Sum reductions in linalg.generic: a matrix product of tanh(a * b) onto an
// init argument (its gradient: the result's), and a sum over a transposed
// input onto a linalg.fill of zeros.
TEST(Autodiff, GenericReduction) {
  checkGradients(
      "func.func @f(%a: tensor<3x4xf64>, %b: tensor<4x2xf64>, %c: tensor<3x2xf64>, %v: tensor<5x2xf64>) -> tensor<3x2xf64> {\n"
      "  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = [\"parallel\", \"parallel\", \"reduction\"]} ins(%a, %b : tensor<3x4xf64>, tensor<4x2xf64>) outs(%c : tensor<3x2xf64>) {\n"
      "  ^bb0(%x: f64, %y: f64, %acc: f64):\n"
      "    %p = arith.mulf %x, %y : f64\n"
      "    %t = math.tanh %p : f64\n"
      "    %s = arith.addf %acc, %t : f64\n"
      "    linalg.yield %s : f64\n"
      "  } -> tensor<3x2xf64>\n"
      "  %zero = arith.constant 0.0 : f64\n"
      "  %e = tensor.empty() : tensor<2xf64>\n"
      "  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2xf64>) -> tensor<2xf64>\n"
      "  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = [\"parallel\", \"reduction\"]} ins(%v : tensor<5x2xf64>) outs(%z : tensor<2xf64>) {\n"
      "  ^bb0(%x: f64, %acc: f64):\n"
      "    %ex = math.exp %x : f64\n"
      "    %s = arith.addf %ex, %acc : f64\n"
      "    linalg.yield %s : f64\n"
      "  } -> tensor<2xf64>\n"
      "  %shape = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>\n"
      "  %2 = tosa.reshape %1, %shape : (tensor<2xf64>, !tosa.shape<2>) -> tensor<1x2xf64>\n"
      "  %3 = tosa.add %0, %2 : (tensor<3x2xf64>, tensor<1x2xf64>) -> tensor<3x2xf64>\n"
      "  %4 = tosa.tanh %3 : (tensor<3x2xf64>) -> tensor<3x2xf64>\n"
      "  return %4 : tensor<3x2xf64>\n}\n");
}

// truncf / extf in the body (f64 -> f32 -> f64, so h = 1e-3 and a looser
// tolerance, as the cast test; the f32 step is exact, the rounding of x +- h
// to f32 is the error).
TEST(Autodiff, GenericCasts) {
  checkGradients(
      "func.func @f(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {\n"
      "  %e = tensor.empty() : tensor<2x3xf64>\n"
      "  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = [\"parallel\", \"parallel\"]} ins(%x : tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) {\n"
      "  ^bb0(%a: f64, %o: f64):\n"
      "    %t = arith.truncf %a : f64 to f32\n"
      "    %half = arith.constant 0.5 : f32\n"
      "    %h = arith.mulf %t, %half : f32\n"
      "    %w = arith.extf %h : f32 to f64\n"
      "    %ex = math.exp %w : f64\n"
      "    %m = arith.mulf %ex, %a : f64\n"
      "    linalg.yield %m : f64\n"
      "  } -> tensor<2x3xf64>\n"
      "  return %0 : tensor<2x3xf64>\n}\n",
      /*rtol=*/1e-4, /*h=*/1e-3, /*atol=*/1e-5);
}
} // namespace
namespace {
// What the ONNX importer emits (tq-translate --import-onnx of float64 models
// of one or a few nodes, the tq.inner marks left out), checked as a whole.

// Softmax (the division a linalg.generic, the sum broadcast) times LogSoftmax.
TEST(Autodiff, ImportedSoftmax) {
  checkGradients(R"mlir(
#map = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
module {
  func.func @f(%arg0: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
    %0 = tosa.reduce_max %arg0 {axis = 2 : i32} : (tensor<2x3x4xf64>) -> tensor<2x3x1xf64>
    %1 = tosa.sub %arg0, %0 : (tensor<2x3x4xf64>, tensor<2x3x1xf64>) -> tensor<2x3x4xf64>
    %2 = tosa.exp %1 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
    %3 = tosa.reduce_sum %2 {axis = 2 : i32} : (tensor<2x3x4xf64>) -> tensor<2x3x1xf64>
    %4 = tensor.empty() : tensor<2x3x4xf64>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2, %3 : tensor<2x3x4xf64>, tensor<2x3x1xf64>) outs(%4 : tensor<2x3x4xf64>) {
    ^bb0(%in: f64, %in_0: f64, %out: f64):
      %14 = arith.divf %in, %in_0 : f64
      linalg.yield %14 : f64
    } -> tensor<2x3x4xf64>
    %6 = tosa.reduce_max %arg0 {axis = 1 : i32} : (tensor<2x3x4xf64>) -> tensor<2x1x4xf64>
    %7 = tosa.sub %arg0, %6 : (tensor<2x3x4xf64>, tensor<2x1x4xf64>) -> tensor<2x3x4xf64>
    %8 = tosa.exp %7 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
    %9 = tosa.reduce_sum %8 {axis = 1 : i32} : (tensor<2x3x4xf64>) -> tensor<2x1x4xf64>
    %10 = tosa.log %9 : (tensor<2x1x4xf64>) -> tensor<2x1x4xf64>
    %11 = tosa.sub %7, %10 : (tensor<2x3x4xf64>, tensor<2x1x4xf64>) -> tensor<2x3x4xf64>
    %12 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %13 = tosa.mul %5, %11, %12 : (tensor<2x3x4xf64>, tensor<2x3x4xf64>, tensor<1xi8>) -> tensor<2x3x4xf64>
    return %13 : tensor<2x3x4xf64>
  }
}
)mlir");
}

// BatchNormalization with run-time parameters: sqrt(var + eps) and the division
// by it (broadcast per channel) as linalg.generic; var = v * v so that it is positive.
TEST(Autodiff, ImportedBatchNorm) {
  checkGradients(R"mlir(
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
module {
  func.func @f(%arg0: tensor<2x3x2x2xf64>, %arg1: tensor<3xf64>, %arg2: tensor<3xf64>, %arg3: tensor<3xf64>, %arg4: tensor<3xf64>) -> tensor<2x3x2x2xf64> {
    %0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %1 = tosa.mul %arg4, %arg4, %0 : (tensor<3xf64>, tensor<3xf64>, tensor<1xi8>) -> tensor<3xf64>
    %2 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %3 = tosa.reshape %arg3, %2 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %4 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %5 = tosa.reshape %1, %4 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %6 = tensor.empty() : tensor<1x3x1x1xf64>
    %7 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%5 : tensor<1x3x1x1xf64>) outs(%6 : tensor<1x3x1x1xf64>) {
    ^bb0(%in: f64, %out: f64):
      %cst = arith.constant 0.10000000149011612 : f64
      %19 = arith.addf %in, %cst : f64
      %20 = math.sqrt %19 : f64
      linalg.yield %20 : f64
    } -> tensor<1x3x1x1xf64>
    %8 = tosa.sub %arg0, %3 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
    %9 = tensor.empty() : tensor<2x3x2x2xf64>
    %10 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%8, %7 : tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) outs(%9 : tensor<2x3x2x2xf64>) {
    ^bb0(%in: f64, %in_0: f64, %out: f64):
      %19 = arith.divf %in, %in_0 : f64
      linalg.yield %19 : f64
    } -> tensor<2x3x2x2xf64>
    %11 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %12 = tosa.reshape %arg1, %11 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %13 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %14 = tosa.mul %10, %12, %13 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>, tensor<1xi8>) -> tensor<2x3x2x2xf64>
    %15 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %16 = tosa.reshape %arg2, %15 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %17 = tosa.add %14, %16 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
    %18 = tosa.tanh %17 : (tensor<2x3x2x2xf64>) -> tensor<2x3x2x2xf64>
    return %18 : tensor<2x3x2x2xf64>
  }
}
)mlir");
}

// BatchNormalization, training_mode = 1: batch statistics, then the same
// linalg.generic square root and division.
TEST(Autodiff, ImportedBatchNormTraining) {
  checkGradients(R"mlir(
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
module {
  func.func @f(%arg0: tensor<2x3x2x2xf64>, %arg1: tensor<3xf64>, %arg2: tensor<3xf64>, %arg3: tensor<3xf64>, %arg4: tensor<3xf64>) -> tensor<2x3x2x2xf64> {
    %0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %1 = tosa.mul %arg4, %arg4, %0 : (tensor<3xf64>, tensor<3xf64>, tensor<1xi8>) -> tensor<3xf64>
    %2 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %3 = tosa.reshape %arg3, %2 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %4 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %5 = tosa.reshape %1, %4 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %6 = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1x1x1xf64>}> : () -> tensor<1x1x1x1xf64>
    %7 = tosa.reduce_sum %arg0 {axis = 0 : i32} : (tensor<2x3x2x2xf64>) -> tensor<1x3x2x2xf64>
    %8 = tosa.reduce_sum %7 {axis = 2 : i32} : (tensor<1x3x2x2xf64>) -> tensor<1x3x1x2xf64>
    %9 = tosa.reduce_sum %8 {axis = 3 : i32} : (tensor<1x3x1x2xf64>) -> tensor<1x3x1x1xf64>
    %10 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %11 = tosa.mul %9, %6, %10 : (tensor<1x3x1x1xf64>, tensor<1x1x1x1xf64>, tensor<1xi8>) -> tensor<1x3x1x1xf64>
    %12 = tosa.sub %arg0, %11 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
    %13 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %14 = tosa.mul %12, %12, %13 : (tensor<2x3x2x2xf64>, tensor<2x3x2x2xf64>, tensor<1xi8>) -> tensor<2x3x2x2xf64>
    %15 = tosa.reduce_sum %14 {axis = 0 : i32} : (tensor<2x3x2x2xf64>) -> tensor<1x3x2x2xf64>
    %16 = tosa.reduce_sum %15 {axis = 2 : i32} : (tensor<1x3x2x2xf64>) -> tensor<1x3x1x2xf64>
    %17 = tosa.reduce_sum %16 {axis = 3 : i32} : (tensor<1x3x1x2xf64>) -> tensor<1x3x1x1xf64>
    %18 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %19 = tosa.mul %17, %6, %18 : (tensor<1x3x1x1xf64>, tensor<1x1x1x1xf64>, tensor<1xi8>) -> tensor<1x3x1x1xf64>
    %20 = tensor.empty() : tensor<1x3x1x1xf64>
    %21 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%19 : tensor<1x3x1x1xf64>) outs(%20 : tensor<1x3x1x1xf64>) {
    ^bb0(%in: f64, %out: f64):
      %cst = arith.constant 0.10000000149011612 : f64
      %33 = arith.addf %in, %cst : f64
      %34 = math.sqrt %33 : f64
      linalg.yield %34 : f64
    } -> tensor<1x3x1x1xf64>
    %22 = tosa.sub %arg0, %11 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
    %23 = tensor.empty() : tensor<2x3x2x2xf64>
    %24 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%22, %21 : tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) outs(%23 : tensor<2x3x2x2xf64>) {
    ^bb0(%in: f64, %in_0: f64, %out: f64):
      %33 = arith.divf %in, %in_0 : f64
      linalg.yield %33 : f64
    } -> tensor<2x3x2x2xf64>
    %25 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %26 = tosa.reshape %arg1, %25 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %27 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %28 = tosa.mul %24, %26, %27 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>, tensor<1xi8>) -> tensor<2x3x2x2xf64>
    %29 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %30 = tosa.reshape %arg2, %29 : (tensor<3xf64>, !tosa.shape<4>) -> tensor<1x3x1x1xf64>
    %31 = tosa.add %28, %30 : (tensor<2x3x2x2xf64>, tensor<1x3x1x1xf64>) -> tensor<2x3x2x2xf64>
    %32 = tosa.tanh %31 : (tensor<2x3x2x2xf64>) -> tensor<2x3x2x2xf64>
    return %32 : tensor<2x3x2x2xf64>
  }
}
)mlir");
}

// LayerNormalization (TOSA's rsqrt), then GELU as PyTorch exports it (Div as a
// linalg.generic, Erf, Add, Mul).
TEST(Autodiff, ImportedLayerNormGelu) {
  checkGradients(R"mlir(
#map = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (0, 0, 0)>
module {
  func.func @f(%arg0: tensor<2x3x4xf64>, %arg1: tensor<4xf64>, %arg2: tensor<4xf64>) -> tensor<2x3x4xf64> {
    %0 = "tosa.const"() <{values = dense<2.500000e-01> : tensor<1x1x1xf64>}> : () -> tensor<1x1x1xf64>
    %1 = tosa.reduce_sum %arg0 {axis = 2 : i32} : (tensor<2x3x4xf64>) -> tensor<2x3x1xf64>
    %2 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %3 = tosa.mul %1, %0, %2 : (tensor<2x3x1xf64>, tensor<1x1x1xf64>, tensor<1xi8>) -> tensor<2x3x1xf64>
    %4 = tosa.sub %arg0, %3 : (tensor<2x3x4xf64>, tensor<2x3x1xf64>) -> tensor<2x3x4xf64>
    %5 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %6 = tosa.mul %4, %4, %5 : (tensor<2x3x4xf64>, tensor<2x3x4xf64>, tensor<1xi8>) -> tensor<2x3x4xf64>
    %7 = tosa.reduce_sum %6 {axis = 2 : i32} : (tensor<2x3x4xf64>) -> tensor<2x3x1xf64>
    %8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %9 = tosa.mul %7, %0, %8 : (tensor<2x3x1xf64>, tensor<1x1x1xf64>, tensor<1xi8>) -> tensor<2x3x1xf64>
    %10 = "tosa.const"() <{values = dense<0.10000000149011612> : tensor<1x1x1xf64>}> : () -> tensor<1x1x1xf64>
    %11 = tosa.add %9, %10 : (tensor<2x3x1xf64>, tensor<1x1x1xf64>) -> tensor<2x3x1xf64>
    %12 = tosa.rsqrt %11 : (tensor<2x3x1xf64>) -> tensor<2x3x1xf64>
    %13 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %14 = tosa.mul %4, %12, %13 : (tensor<2x3x4xf64>, tensor<2x3x1xf64>, tensor<1xi8>) -> tensor<2x3x4xf64>
    %15 = tosa.const_shape  {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %16 = tosa.reshape %arg1, %15 : (tensor<4xf64>, !tosa.shape<3>) -> tensor<1x1x4xf64>
    %17 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %18 = tosa.mul %14, %16, %17 : (tensor<2x3x4xf64>, tensor<1x1x4xf64>, tensor<1xi8>) -> tensor<2x3x4xf64>
    %19 = tosa.const_shape  {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %20 = tosa.reshape %arg2, %19 : (tensor<4xf64>, !tosa.shape<3>) -> tensor<1x1x4xf64>
    %21 = tosa.add %18, %20 : (tensor<2x3x4xf64>, tensor<1x1x4xf64>) -> tensor<2x3x4xf64>
    %22 = "tosa.const"() <{values = dense<1.4142135623730951> : tensor<1x1x1xf64>}> : () -> tensor<1x1x1xf64>
    %23 = tensor.empty() : tensor<2x3x4xf64>
    %24 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%21, %22 : tensor<2x3x4xf64>, tensor<1x1x1xf64>) outs(%23 : tensor<2x3x4xf64>) {
    ^bb0(%in: f64, %in_0: f64, %out: f64):
      %34 = arith.divf %in, %in_0 : f64
      linalg.yield %34 : f64
    } -> tensor<2x3x4xf64>
    %25 = tosa.erf %24 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
    %26 = "tosa.const"() <{values = dense<1.000000e+00> : tensor<1x1x1xf64>}> : () -> tensor<1x1x1xf64>
    %27 = tosa.add %25, %26 : (tensor<2x3x4xf64>, tensor<1x1x1xf64>) -> tensor<2x3x4xf64>
    %28 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %29 = tosa.mul %21, %27, %28 : (tensor<2x3x4xf64>, tensor<2x3x4xf64>, tensor<1xi8>) -> tensor<2x3x4xf64>
    %30 = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1x1xf64>}> : () -> tensor<1x1x1xf64>
    %31 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %32 = tosa.mul %29, %30, %31 : (tensor<2x3x4xf64>, tensor<1x1x1xf64>, tensor<1xi8>) -> tensor<2x3x4xf64>
    %33 = tosa.tanh %32 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
    return %33 : tensor<2x3x4xf64>
  }
}
)mlir");
}

// Where, Sqrt and Div (linalg.generic), ReduceMean.
TEST(Autodiff, ImportedWhereSqrtDivMean) {
  checkGradients(R"mlir(
#map = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func @f(%arg0: tensor<3x4xf64>, %arg1: tensor<3x4xf64>) -> tensor<3x1xf64> {
    %0 = tosa.greater %arg0, %arg1 : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xi1>
    %1 = tosa.select %0, %arg0, %arg1 : (tensor<3x4xi1>, tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %2 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %3 = tosa.mul %1, %1, %2 : (tensor<3x4xf64>, tensor<3x4xf64>, tensor<1xi8>) -> tensor<3x4xf64>
    %4 = "tosa.const"() <{values = dense<1.000000e+00> : tensor<1x1xf64>}> : () -> tensor<1x1xf64>
    %5 = tosa.add %3, %4 : (tensor<3x4xf64>, tensor<1x1xf64>) -> tensor<3x4xf64>
    %6 = tensor.empty() : tensor<3x4xf64>
    %7 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%5 : tensor<3x4xf64>) outs(%6 : tensor<3x4xf64>) {
    ^bb0(%in: f64, %out: f64):
      %18 = math.sqrt %in : f64
      linalg.yield %18 : f64
    } -> tensor<3x4xf64>
    %8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %9 = tosa.mul %arg1, %arg1, %8 : (tensor<3x4xf64>, tensor<3x4xf64>, tensor<1xi8>) -> tensor<3x4xf64>
    %10 = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1xf64>}> : () -> tensor<1x1xf64>
    %11 = tosa.add %9, %10 : (tensor<3x4xf64>, tensor<1x1xf64>) -> tensor<3x4xf64>
    %12 = tensor.empty() : tensor<3x4xf64>
    %13 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%7, %11 : tensor<3x4xf64>, tensor<3x4xf64>) outs(%12 : tensor<3x4xf64>) {
    ^bb0(%in: f64, %in_0: f64, %out: f64):
      %18 = arith.divf %in, %in_0 : f64
      linalg.yield %18 : f64
    } -> tensor<3x4xf64>
    %14 = tosa.reduce_sum %13 {axis = 1 : i32} : (tensor<3x4xf64>) -> tensor<3x1xf64>
    %15 = "tosa.const"() <{values = dense<2.500000e-01> : tensor<1x1xf64>}> : () -> tensor<1x1xf64>
    %16 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %17 = tosa.mul %14, %15, %16 : (tensor<3x1xf64>, tensor<1x1xf64>, tensor<1xi8>) -> tensor<3x1xf64>
    return %17 : tensor<3x1xf64>
  }
}
)mlir");
}

// Clip with run-time bounds (arith.maximumf / minimumf in a linalg.generic,
// scalars broadcast by constant maps) and Pow with an integer exponent
// (arith.sitofp, math.powf).
TEST(Autodiff, ImportedClipPow) {
  checkGradients(R"mlir(
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (0, 0)>
module {
  func.func @f(%arg0: tensor<2x4xf64>, %arg1: tensor<f64>, %arg2: tensor<f64>) -> tensor<2x4xf64> {
    %0 = tosa.const_shape  {values = dense<1> : tensor<2xindex>} : () -> !tosa.shape<2>
    %1 = tosa.reshape %arg1, %0 : (tensor<f64>, !tosa.shape<2>) -> tensor<1x1xf64>
    %2 = tosa.const_shape  {values = dense<1> : tensor<2xindex>} : () -> !tosa.shape<2>
    %3 = tosa.reshape %arg2, %2 : (tensor<f64>, !tosa.shape<2>) -> tensor<1x1xf64>
    %4 = tensor.empty() : tensor<2x4xf64>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %1, %3 : tensor<2x4xf64>, tensor<1x1xf64>, tensor<1x1xf64>) outs(%4 : tensor<2x4xf64>) {
    ^bb0(%in: f64, %in_0: f64, %in_1: f64, %out: f64):
      %9 = arith.maximumf %in, %in_0 : f64
      %10 = arith.minimumf %9, %in_1 : f64
      linalg.yield %10 : f64
    } -> tensor<2x4xf64>
    %6 = "tosa.const"() <{values = dense<3> : tensor<1x1xi64>}> : () -> tensor<1x1xi64>
    %7 = tensor.empty() : tensor<2x4xf64>
    %8 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%5, %6 : tensor<2x4xf64>, tensor<1x1xi64>) outs(%7 : tensor<2x4xf64>) {
    ^bb0(%in: f64, %in_0: i64, %out: f64):
      %9 = arith.sitofp %in_0 : i64 to f64
      %10 = math.powf %in, %9 : f64
      linalg.yield %10 : f64
    } -> tensor<2x4xf64>
    return %8 : tensor<2x4xf64>
  }
}
)mlir");
}

// MatMul with broadcast batch dimensions, Transpose, Flatten, Gemm (transA,
// transB, alpha, beta).
TEST(Autodiff, ImportedMatMulGemm) {
  checkGradients(R"mlir(
module {
  func.func @f(%arg0: tensor<2x1x2x3xf64>, %arg1: tensor<3x3x2xf64>, %arg2: tensor<5x6xf64>, %arg3: tensor<5xf64>) -> tensor<4x5xf64> {
    %0 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf64>}> : () -> tensor<1xf64>
    %1 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %2 = tosa.tile %arg0, %1 : (tensor<2x1x2x3xf64>, !tosa.shape<4>) -> tensor<2x3x2x3xf64>
    %3 = tosa.const_shape  {values = dense<[6, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %4 = tosa.reshape %2, %3 : (tensor<2x3x2x3xf64>, !tosa.shape<3>) -> tensor<6x2x3xf64>
    %5 = tosa.const_shape  {values = dense<[1, 3, 3, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %6 = tosa.reshape %arg1, %5 : (tensor<3x3x2xf64>, !tosa.shape<4>) -> tensor<1x3x3x2xf64>
    %7 = tosa.const_shape  {values = dense<[2, 1, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %8 = tosa.tile %6, %7 : (tensor<1x3x3x2xf64>, !tosa.shape<4>) -> tensor<2x3x3x2xf64>
    %9 = tosa.const_shape  {values = dense<[6, 3, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %10 = tosa.reshape %8, %9 : (tensor<2x3x3x2xf64>, !tosa.shape<3>) -> tensor<6x3x2xf64>
    %11 = tosa.matmul %4, %10, %0, %0 : (tensor<6x2x3xf64>, tensor<6x3x2xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<6x2x2xf64>
    %12 = tosa.const_shape  {values = dense<[2, 3, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %13 = tosa.reshape %11, %12 : (tensor<6x2x2xf64>, !tosa.shape<4>) -> tensor<2x3x2x2xf64>
    %14 = tosa.transpose %13 {perms = array<i32: 0, 1, 3, 2>} : (tensor<2x3x2x2xf64>) -> tensor<2x3x2x2xf64>
    %15 = tosa.const_shape  {values = dense<[6, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %16 = tosa.reshape %14, %15 : (tensor<2x3x2x2xf64>, !tosa.shape<2>) -> tensor<6x4xf64>
    %17 = tosa.transpose %16 {perms = array<i32: 1, 0>} : (tensor<6x4xf64>) -> tensor<4x6xf64>
    %18 = tosa.const_shape  {values = dense<[1, 4, 6]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %19 = tosa.reshape %17, %18 : (tensor<4x6xf64>, !tosa.shape<3>) -> tensor<1x4x6xf64>
    %20 = tosa.transpose %arg2 {perms = array<i32: 1, 0>} : (tensor<5x6xf64>) -> tensor<6x5xf64>
    %21 = tosa.const_shape  {values = dense<[1, 6, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %22 = tosa.reshape %20, %21 : (tensor<6x5xf64>, !tosa.shape<3>) -> tensor<1x6x5xf64>
    %23 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf64>}> : () -> tensor<1xf64>
    %24 = tosa.matmul %19, %22, %23, %23 : (tensor<1x4x6xf64>, tensor<1x6x5xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<1x4x5xf64>
    %25 = tosa.const_shape  {values = dense<[4, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %26 = tosa.reshape %24, %25 : (tensor<1x4x5xf64>, !tosa.shape<2>) -> tensor<4x5xf64>
    %27 = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1xf64>}> : () -> tensor<1x1xf64>
    %28 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %29 = tosa.mul %26, %27, %28 : (tensor<4x5xf64>, tensor<1x1xf64>, tensor<1xi8>) -> tensor<4x5xf64>
    %30 = tosa.const_shape  {values = dense<[1, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %31 = tosa.reshape %arg3, %30 : (tensor<5xf64>, !tosa.shape<2>) -> tensor<1x5xf64>
    %32 = "tosa.const"() <{values = dense<2.000000e+00> : tensor<1x1xf64>}> : () -> tensor<1x1xf64>
    %33 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %34 = tosa.mul %31, %32, %33 : (tensor<1x5xf64>, tensor<1x1xf64>, tensor<1xi8>) -> tensor<1x5xf64>
    %35 = tosa.add %29, %34 : (tensor<4x5xf64>, tensor<1x5xf64>) -> tensor<4x5xf64>
    %36 = tosa.tanh %35 : (tensor<4x5xf64>) -> tensor<4x5xf64>
    return %36 : tensor<4x5xf64>
  }
}
)mlir");
}

// Gather on axis 0 (a negative index) and on axis 2 (the importer's
// tosa.gather over the data reshaped [outer, K, inner]).
TEST(Autodiff, ImportedGather) {
  checkGradients(R"mlir(
module {
  func.func @f(%arg0: tensor<5x3xf64>) -> tensor<2x2x2xf64> {
    %0 = tosa.const_shape  {values = dense<[1, 5, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %1 = tosa.reshape %arg0, %0 : (tensor<5x3xf64>, !tosa.shape<3>) -> tensor<1x5x3xf64>
    %2 = "tosa.const"() <{values = dense<[[4, 0, 4, 4]]> : tensor<1x4xi32>}> : () -> tensor<1x4xi32>
    %3 = tosa.gather %1, %2 : (tensor<1x5x3xf64>, tensor<1x4xi32>) -> tensor<1x4x3xf64>
    %4 = tosa.const_shape  {values = dense<[2, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %5 = tosa.reshape %3, %4 : (tensor<1x4x3xf64>, !tosa.shape<3>) -> tensor<2x2x3xf64>
    %6 = tosa.const_shape  {values = dense<[4, 3, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %7 = tosa.reshape %5, %6 : (tensor<2x2x3xf64>, !tosa.shape<3>) -> tensor<4x3x1xf64>
    %8 = "tosa.const"() <{values = dense<[[2, 0], [2, 0], [2, 0], [2, 0]]> : tensor<4x2xi32>}> : () -> tensor<4x2xi32>
    %9 = tosa.gather %7, %8 : (tensor<4x3x1xf64>, tensor<4x2xi32>) -> tensor<4x2x1xf64>
    %10 = tosa.const_shape  {values = dense<2> : tensor<3xindex>} : () -> !tosa.shape<3>
    %11 = tosa.reshape %9, %10 : (tensor<4x2x1xf64>, !tosa.shape<3>) -> tensor<2x2x2xf64>
    %12 = tosa.tanh %11 : (tensor<2x2x2xf64>) -> tensor<2x2x2xf64>
    return %12 : tensor<2x2x2xf64>
  }
}
)mlir");
}

} // namespace
