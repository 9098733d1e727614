//===- Passes.td - tq reverse-mode differentiation ------*- tablegen -*-===//

#ifndef TQ_AUTODIFF_PASSES
#define TQ_AUTODIFF_PASSES

include "mlir/Pass/PassBase.td"

def TQDifferentiate : Pass<"tq-differentiate", "::mlir::ModuleOp"> {
  let summary = "Add a function computing gradients (reverse mode, on TOSA)";
  let description = [{
    For each chosen function `@f` (public, one block, float tensor results),
    adds `@f_grad`: the same arguments; its results are `@f`'s results, then
    the gradient of the sum of the elements of `@f`'s first result with
    respect to each float tensor argument, in order. For a loss (one
    element) that is the loss's gradient.

    With `loss=softmax-cross-entropy` or `loss=mse`, `@f_grad` takes one
    more argument (the labels, or the target) and differentiates the loss,
    which it returns first (`tensor<1xf32>`), before `@f`'s results. With
    `constants=true`, every float constant the gradient reaches (the
    weights of an imported network) becomes an argument of `@f_grad` after
    the others, its gradient is returned after the arguments', and
    `@f_params` returns the constants' values in that order, each result
    named (`tq.name`) after the constant's location (an ONNX initializer's
    name). With `sgd-lr=R` as well, `@f_step` takes `@f_grad`'s arguments
    and returns the loss and the parameters after one step of plain SGD,
    `p - R * grad` (in the element type, as PyTorch's `torch.optim.SGD`),
    so a training loop feeds each step's parameters to the next.

    Reverse mode at tensor level: each op from the result back to the
    arguments contributes its vector-Jacobian product (`VJPOpInterface`),
    gradients reaching a value twice are added, gradients of a broadcast
    operand are summed over the broadcast dimensions. The result is TOSA
    again, so it lowers and fuses through `tq-cpu-pipeline` and
    `tq-gpu-pipeline` like the forward function. `tq.quantize` passes the
    gradient through (straight-through estimator).

    ```mlir
    // tq-opt --tq-differentiate
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32>       // exp(x)
    func.func @f_grad(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
                                                           // exp(x), exp(x)
    ```
  }];
  let options = [
    ListOption<"functions", "functions", "std::string",
               "Functions to differentiate (default: every public function "
               "with a body)">,
    Option<"loss", "loss", "tq::Loss", /*default=*/"tq::Loss::None",
           "none (the sum of the first result), softmax-cross-entropy "
           "(logits [N, K], int32 labels [N] as a last argument; the mean "
           "over the batch) or mse (a target like the first result; the "
           "mean of the squared differences)", [{tq::lossValues()}]>,
    Option<"constants", "constants", "bool", /*default=*/"false",
           "Make the float constants the gradient reaches parameters: "
           "arguments of @f_grad after the others, with their gradients "
           "returned; @f_params returns their values">,
    Option<"sgdLearningRate", "sgd-lr", "double", /*default=*/"0",
           "With constants=true: also @f_step(arguments, target, "
           "parameters) -> (loss, new parameters), one step of plain SGD "
           "with this learning rate">,
    ListOption<"parameters", "parameters", "std::string",
               "With constants=true: only the constants with these names "
               "(ONNX initializers) become parameters (default: every float "
               "constant the gradient reaches)">,
    Option<"optimizer", "optimizer", "tq::Optimizer",
           /*default=*/"tq::Optimizer::None",
           "With a loss and constants=true: sgd or adam adds "
           "@f_train_step(arguments, target, parameters, optimizer state, "
           "hyper: tensor<2xf32>, step: tensor<1xi64>) -> (loss, new "
           "parameters, new state) and @f_eval(arguments, parameters)",
           [{tq::optimizerValues()}]>,
    Option<"momentum", "momentum", "double", /*default=*/"0",
           "SGD momentum (a state tensor per parameter when not 0)">,
    Option<"weightDecay", "weight-decay", "double", /*default=*/"0",
           "L2 weight decay: the optimizer sees g + weight-decay * p">,
    Option<"beta1", "beta1", "double", /*default=*/"0.9", "Adam beta1">,
    Option<"beta2", "beta2", "double", /*default=*/"0.999", "Adam beta2">,
    Option<"eps", "eps", "double", /*default=*/"1e-8", "Adam epsilon">,
    Option<"ste", "ste", "tq::STE", /*default=*/"tq::STE::Plain",
           "Straight-through estimator of tq.quantize ops without a tq.ste "
           "attribute: plain (g) or clipped (g inside the format's range, "
           "0 outside)", [{tq::steValues()}]>,
    Option<"mapFile", "map-file", "std::string", /*default=*/"",
           "Combined JSON map whose training roles (gradients, "
           "weight-gradients, updates, optimizer-state) insert quantizers; "
           "its inference roles are tq-insert's and are ignored here">,
    Option<"gradients", "gradients", "std::string", /*default=*/"",
           "Gradients map (inline JSON object or a bare quantizer string): "
           "the gradient flowing back into each named op's results">,
    Option<"weightGradients", "weight-gradients", "std::string",
           /*default=*/"",
           "Weight-gradients map, keyed by parameter (initializer) name">,
    Option<"updates", "updates", "std::string", /*default=*/"",
           "Updates map: each parameter after the step is rounded, "
           "w <- Q(w - lr * g)">,
    Option<"optimizerState", "optimizer-state", "std::string",
           /*default=*/"",
           "Optimizer-state map: momentum buffers, Adam moments">,
    Option<"match", "match", "tq::MatchMode",
           /*default=*/"tq::MatchMode::Substring",
           "How keys match names: substring, exact, glob or regex",
           [{tq::matchModeValues()}]>,
    Option<"nameAttr", "name-attr", "std::string", /*default=*/"\"name\"",
           "String attribute that names an op (before its location)">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "Base seed of the stochastic quantizers the training roles "
           "insert">,
  ];
  let dependentDialects = ["::mlir::tosa::TosaDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::tensor::TensorDialect",
                           "::tq::TQDialect"];
}

#endif // TQ_AUTODIFF_PASSES
