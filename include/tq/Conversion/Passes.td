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
                           "::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect"];
}

def TQLowerToReferenceCalls
    : Pass<"tq-lower-to-reference-calls", "::mlir::ModuleOp"> {
  let summary = "Evaluate tq.quantize by calling the C++ reference (testing)";
  let description = [{
    A testing aid, and the independent check of the compiled lowering on
    whole networks: every `tq.quantize` of a static f32 tensor becomes a call
    of `tq_reference_quantize_f32` (library `libtq_reference_runtime.so`),
    which evaluates the reference semantics, the folder's code, on the
    buffer at run time. Running a network once through this pass and once
    through `tq-lower-to-arith` must give the same bits.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // TQ_CONVERSION_PASSES_TD
