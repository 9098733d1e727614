// RUN: tq-opt %s --tq-insert='activations=fp8_e4m3 weights=nearest,8,6' | FileCheck %s
// RUN: tq-opt %s --tq-insert='activations=fp8_e4m3 weights=nearest,8,6' --tq-insert='activations=fp8_e4m3 weights=nearest,8,6' | FileCheck %s
// RUN: tq-opt %s --tq-insert='activations=fp8_e4m3 weights=nearest,8,6' --mlir-print-debuginfo | tq-opt --tq-insert='activations=ternary weights=ternary report=-' 2>&1 | FileCheck %s --check-prefix=AGAIN

// Running the pass twice, or on IR that already went through it (printed
// with its locations, which carry the names, and parsed again), quantizes nothing twice: each op records its roles in
// `tq.quantized`, including folded constant weights that no longer look
// quantized.

// CHECK-LABEL: func.func @f
// CHECK: arith.constant dense<{{\[\[\[}}1.250000e-01, 5.000000e-01]]]> : tensor<1x1x2xf32>
// CHECK: tosa.matmul {{.*}} {tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// CHECK-COUNT-1: tq.quantize
// CHECK-NOT: tq.quantize

// AGAIN: skipped (2):
// AGAIN-NEXT: mm  tosa.matmul  activations  already quantized (tq.quantized records it)
// AGAIN-NEXT: mm  tosa.matmul  weights  already quantized (tq.quantized records it)
// AGAIN: tosa.matmul {{.*}} {tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// AGAIN-COUNT-1: tq.quantize
// AGAIN-NOT: tq.quantize

func.func @f(%a: tensor<1x2x1xf32>) -> tensor<1x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[0.126, 0.499]]]> : tensor<1x1x2xf32>}> : () -> tensor<1x1x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x1xf32>, tensor<1x1x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32> loc("mm")
  return %0 : tensor<1x2x2xf32>
}
