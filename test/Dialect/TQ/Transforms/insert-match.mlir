// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations={"conv": "fixed,8,1", "conv1": "fixed,8,2", "": "fixed,8,3"}' | FileCheck %s --check-prefix=SUBSTR
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations={"conv1": "fixed,8,2", "conv": "fixed,8,1"} match=exact' 2>&1 | FileCheck %s --check-prefix=EXACT
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations={"conv*_*": "fixed,8,4", "*": "fixed,8,5"} match=glob' | FileCheck %s --check-prefix=GLOB
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations={"conv[0-9]+": "fixed,8,6", "c.*": "fixed,8,7"} match=regex' | FileCheck %s --check-prefix=REGEX
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations=fixed,8,0' | FileCheck %s --check-prefix=BARE
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations={"conv1": "fixed,8,2", "": "fixed,8,3"} match=exact' 2>&1 | FileCheck %s --check-prefix=EXACTEMPTY
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations=fixed,8,0 match=glob' | FileCheck %s --check-prefix=BARE
// RUN: tq-opt %s --mlir-print-debuginfo --mlir-print-local-scope --tq-insert='activations=fixed,8,0 match=regex' | FileCheck %s --check-prefix=BARE

// TensorQuant's rule by default: the first key in map order that is a
// substring of the name wins; "" matches every named op. The other modes:
// exact, glob, regex (the whole name must match). A bare quantizer string
// means {"": string}.

// SUBSTR: tosa.clamp {{.*}} loc("conv1")
// SUBSTR-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 1>
// SUBSTR: tosa.clamp {{.*}} loc("conv12_relu")
// SUBSTR-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 1>
// SUBSTR: tosa.clamp {{.*}} loc("dense")
// SUBSTR-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 3>

// EXACT: warning: map entry "conv": "fixed,8,1" of the activations map matched no op
// EXACT: tosa.clamp {{.*}} loc("conv1")
// EXACT-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 2>
// EXACT: tosa.clamp {{.*}} loc("conv12_relu")
// EXACT-NOT: tq.quantize
// EXACT: return

// "" matches every named op in every mode.
// EXACTEMPTY-NOT: warning
// EXACTEMPTY: tosa.clamp {{.*}} loc("conv1")
// EXACTEMPTY-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 2>
// EXACTEMPTY: tosa.clamp {{.*}} loc("conv12_relu")
// EXACTEMPTY-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 3>
// EXACTEMPTY: tosa.clamp {{.*}} loc("dense")
// EXACTEMPTY-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 3>

// GLOB: tosa.clamp {{.*}} loc("conv1")
// GLOB-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 5>
// GLOB: tosa.clamp {{.*}} loc("conv12_relu")
// GLOB-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 4>
// GLOB: tosa.clamp {{.*}} loc("dense")
// GLOB-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 5>

// REGEX: tosa.clamp {{.*}} loc("conv1")
// REGEX-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 6>
// REGEX: tosa.clamp {{.*}} loc("conv12_relu")
// REGEX-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 7>
// REGEX: tosa.clamp {{.*}} loc("dense")
// REGEX-NOT: tq.quantize
// REGEX: return

// BARE-COUNT-3: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 0>

func.func @f(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("conv1")
  %1 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("conv12_relu")
  %2 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("dense")
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
