//===- VJPOpInterface.td - Vector-Jacobian products of ops -*- tablegen -*-===//

#ifndef TQ_AUTODIFF_VJPOPINTERFACE
#define TQ_AUTODIFF_VJPOPINTERFACE

include "mlir/IR/OpBase.td"

def TQ_VJPOpInterface : OpInterface<"VJPOpInterface"> {
  let cppNamespace = "::tq";
  let description = [{
    The reverse-mode rule of an op, declared once: given the gradients of
    the op's results (the cotangents; null where a result has none), build
    the gradient of each operand, the vector-Jacobian product.
    `tq-differentiate` calls it on every op between a function's result and
    its arguments, last op first, and sums the gradients a value receives.

    Ops of other dialects get rules the same way, as external models
    (`tq::registerTosaVJPModels` attaches TOSA's; `tq.quantize` has the
    straight-through estimator). An op without the interface on the path of
    a gradient is an error naming it.

    Rules build on the op's own operands and results (a `tosa.exp`'s
    gradient reuses its result), at the builder's insertion point, which is
    after every op of the function.
  }];
  let methods = [
    InterfaceMethod<[{
        Appends to `operandGrads` one value per operand: its gradient (of the
        operand's type), or null where no gradient flows (integer operands,
        shapes, zero points). `resultGrads` has one value per result, null
        for a result no gradient reaches.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

#endif // TQ_AUTODIFF_VJPOPINTERFACE
