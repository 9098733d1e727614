//===- Passes.td - tq conversion passes --------------------*- tablegen -*-===//

#ifndef TQ_CONVERSION_PASSES_TD
#define TQ_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TQLowerToArith : Pass<"tq-lower-to-arith", "::mlir::ModuleOp"> {
  let summary = "Lower tq.quantize to arith (and linalg for tensors)";
  let description = [{
    Rewrites every `tq.quantize` into plain `arith` operations (plus
    `math.ctlz`), computing exactly what the reference semantics define, bit
    for bit, so that compiled code and the folder agree:

    - scalars and vectors: the quantizer inline, lane-wise;
    - ranked tensors: a `linalg.generic` whose body is the scalar code,
      which `linalg-fuse-elementwise-ops` fuses into its producers and
      consumers; ternary with an automatic threshold adds a sequential f64
      reduction, the block formats (MX, BFP) a per-block max reduction over
      the tensor reshaped into blocks.

    Float formats are rounded by integer manipulation of the significand and
    exponent (no double rounding); fixed point by exact power-of-two scaling,
    integer rounding and clamping; stochastic rounding draws the same
    Philox4x32-10 bits as the reference. No runtime library is called.
    Values are computed in f32 for f16/bf16/f32 elements when that is exact,
    else in f64, and rounded once into the element type.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // TQ_CONVERSION_PASSES_TD
