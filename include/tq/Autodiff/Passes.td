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
  ];
  let dependentDialects = ["::mlir::tosa::TosaDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // TQ_AUTODIFF_PASSES
