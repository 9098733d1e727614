//===- Passes.td - tq dialect passes -----------------------*- tablegen -*-===//

#ifndef TQ_DIALECT_TQ_TRANSFORMS_PASSES_TD
#define TQ_DIALECT_TQ_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TQStripQuantize : Pass<"tq-strip-quantize"> {
  let summary = "Remove every tq.quantize, giving the float baseline";
  let description = [{
    Replaces each `tq.quantize` by its input, so the same module can be run
    with and without emulation (the baseline of an accuracy comparison).
    With `quantizer-filter`, only ops whose quantizer string (as printed by
    `getSpec`, e.g. `fixed,8,4`) starts with the filter are removed.

    ```mlir
    // tq-opt --tq-strip-quantize
    %0 = tq.quantize %x with "fp8_e4m3" : tensor<4xf32>   // becomes %x
    ```
  }];
  let options = [
    Option<"quantizerFilter", "quantizer-filter", "std::string",
           /*default=*/"\"\"",
           "Only remove quantize ops whose quantizer string starts with this">
  ];
  let dependentDialects = ["::tq::TQDialect"];
}

#endif // TQ_DIALECT_TQ_TRANSFORMS_PASSES_TD
