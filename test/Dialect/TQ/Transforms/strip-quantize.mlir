// RUN: tq-opt %s --tq-strip-quantize | FileCheck %s
// RUN: tq-opt %s --tq-strip-quantize=quantizer-filter=fp8 | FileCheck %s --check-prefix=FILTER

// Removing every quantize op gives the float baseline of the same module.

// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: tq.quantize
// CHECK: %[[A:.*]] = arith.addf %[[X]], %[[X]]
// CHECK: return %[[A]]

// FILTER-LABEL: func.func @f
// FILTER: %[[Q:.*]] = tq.quantize %{{.*}} with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
// FILTER: arith.addf %{{.*}}, %[[Q]]
// FILTER-NOT: tq.quantize
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "fp8_e4m3"
  %1 = tq.quantize %x : tensor<4xf32> with "nearest,8,4"
  %2 = arith.addf %0, %1 : tensor<4xf32>
  %3 = tq.quantize %2 : tensor<4xf32> with "fp8_e5m2"
  return %3 : tensor<4xf32>
}
