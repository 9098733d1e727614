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
  std::memcpy(a.data.data() + 8 * k, &v, 8);
}

/// Differentiates @f in `source` (f64 arguments and results) and compares
/// every gradient element with central differences.
void checkGradients(const std::string &source, double rtol = 1e-6) {
  std::unique_ptr<mlir::MLIRContext> context = tq::createRunnerContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
  ASSERT_TRUE(module);
  mlir::PassManager pm(context.get());
  pm.addPass(tq::createTQDifferentiate());
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  tq::RunnerOptions options;
  options.entry = "f_grad";
  auto model = tq::CompiledModel::compile(std::move(module), options);
  ASSERT_TRUE(bool(model)) << llvm::toString(model.takeError());
  std::vector<tq::NpyArray> inputs = (*model)->randomInputs(/*seed=*/7);
  auto at = [&](const std::vector<tq::NpyArray> &x) {
    auto out = (*model)->run(x);
    EXPECT_TRUE(bool(out)) << llvm::toString(out.takeError());
    return std::move(*out);
  };
  std::vector<tq::NpyArray> base = at(inputs);
  size_t numResults = base.size() - inputs.size();
  const double h = 1e-6;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const tq::NpyArray &grad = base[numResults + i];
    ASSERT_EQ(grad.numElements(), inputs[i].numElements());
    for (int64_t k = 0; k < inputs[i].numElements(); ++k) {
      std::vector<tq::NpyArray> plus = inputs, minus = inputs;
      double x = inputs[i].getDouble(k);
      setDouble(plus[i], k, x + h);
      setDouble(minus[i], k, x - h);
      double fd = (sum(at(plus)[0]) - sum(at(minus)[0])) / (2 * h);
      double g = grad.getDouble(k);
      EXPECT_NEAR(g, fd, 1e-8 + rtol * std::fabs(fd))
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
