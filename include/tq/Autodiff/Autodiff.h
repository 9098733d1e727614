//===- Autodiff.h - Reverse-mode differentiation of TOSA ------*- C++ -*-===//
//
// Gradients of functions on tensors: the VJPOpInterface (one rule per op),
// TOSA's rules as external models, and `differentiate`, which
// tq-differentiate runs on each chosen function.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_AUTODIFF_AUTODIFF_H
#define TQ_AUTODIFF_AUTODIFF_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Pass/Pass.h"

#include "tq/Dialect/TQ/Transforms/QuantMap.h"

#include <string>

#include "tq/Autodiff/VJPOpInterface.h.inc"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace tq {

/// The straight-through estimator of a tq.quantize: "plain" (the
/// gradient passes unchanged, the default) or "clipped" (zero outside the
/// format's range). tq-differentiate's `ste` option sets it on the
/// quantizers that do not carry it.
constexpr llvm::StringLiteral kSTEAttr = "tq.ste";

/// Attaches the vector-Jacobian rules of TOSA's ops and tq.quantize.
void registerVJPModels(mlir::DialectRegistry &registry);

/// tq-differentiate's loss, optimizer and straight-through estimator (the
/// names are the pass options' values).
enum class Loss { None, SoftmaxCrossEntropy, MSE };
enum class Optimizer { None, SGD, Adam };
enum class STE { Plain, Clipped };
llvm::StringRef optimizerName(Optimizer optimizer);
/// The values of the pass options (and of tools' options of the same name).
llvm::cl::ValuesClass lossValues();
llvm::cl::ValuesClass optimizerValues();
llvm::cl::ValuesClass steValues();

/// What tq-differentiate differentiates (see its description).
struct DifferentiateOptions {
  /// None: the sum of the first result's elements; SoftmaxCrossEntropy
  /// (logits [N, K], int32 labels [N]) or MSE (a target like the first
  /// result): a loss @f_grad computes from an extra last argument.
  Loss loss = Loss::None;
  /// Float constants the gradient reaches become parameters: arguments of
  /// @f_grad (after the others) whose gradients it returns, their values
  /// returned by @f_params.
  bool constants = false;
  /// With `constants` and a positive rate: also `@<f>_step`, one step of
  /// plain SGD, `p <- p - lr * grad`, returning the loss and the new
  /// parameters.
  double sgdLearningRate = 0;

  /// With `constants`: when not empty, only constants with one of these
  /// names (tq::getOpName: an ONNX initializer's) become parameters; the
  /// others (a mean's divisor, a norm's epsilon) stay constants.
  std::vector<std::string> parameterNames;

  /// With `constants`: SGD or Adam adds `@<f>_train_step` (arguments,
  /// target, parameters, optimizer state, `hyper: tensor<2xf32>`, `step:
  /// tensor<1xi64>`) -> (loss, new parameters, new optimizer state), and
  /// `@<f>_eval` (arguments, parameters) -> @f's results; None adds
  /// neither. See docs/train.md for the update formulas.
  Optimizer optimizer = Optimizer::None;
  double momentum = 0, weightDecay = 0;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  /// The straight-through estimator of the tq.quantize ops without a
  /// `tq.ste` attribute.
  STE ste = STE::Plain;
  /// The training roles (gradients, weight-gradients, updates,
  /// optimizer-state) of these maps insert quantizers; entries count their
  /// matches. Null: none.
  QuantMaps *maps = nullptr;
  MatchMode match = MatchMode::Substring;
  std::string nameAttr = "name";
  /// Base seed of the stochastic quantizers the training roles insert.
  uint64_t seed = 0;
};

/// The number of optimizer-state tensors per parameter: 0 (plain SGD), 1
/// (SGD with momentum), 2 (Adam).
unsigned optimizerStatePerParameter(const DifferentiateOptions &options);

/// Adds `@<f>_grad` (and with `constants`, `@<f>_params`) next to `f` (see
/// tq-differentiate); emits an error at the op that has no rule, or at `f`
/// when its form is not supported.
mlir::FailureOr<mlir::func::FuncOp>
differentiate(mlir::func::FuncOp f, const DifferentiateOptions &options = {});

/// `g` summed over the dimensions where `type` has size 1 and `g` does
/// not (numpy broadcasting, equal ranks): the gradient of a broadcast
/// operand.
mlir::Value unbroadcast(mlir::OpBuilder &b, mlir::Location loc, mlir::Value g,
                        mlir::Type type);

/// A tosa.const of integer `type` (one dimension of size K, the others 1)
/// holding 0, 1, ..., K-1: the classes of a one-hot comparison.
mlir::Value iotaConstant(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type);

#define GEN_PASS_DECL
#include "tq/Autodiff/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tq/Autodiff/Passes.h.inc"

} // namespace tq

#endif // TQ_AUTODIFF_AUTODIFF_H
