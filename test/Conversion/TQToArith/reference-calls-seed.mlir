// RUN: tq-opt %s --tq-lower-to-reference-calls --split-input-file | FileCheck %s

// The reference runtime gets the op's seed: the attribute as a constant, the
// operand (seed_value) as it is.
// CHECK-LABEL: func.func @seeds
// CHECK-SAME: (%{{.*}}: tensor<8xf32>, %[[S:.*]]: i64)
// CHECK: %[[C7:.*]] = arith.constant 7 : i64
// CHECK: call @tq_reference_quantize_f32(%{{.*}}, %{{.*}}, %[[C7]]) : (memref<*xf32>, memref<*xi8>, i64) -> ()
// CHECK: call @tq_reference_quantize_f32(%{{.*}}, %{{.*}}, %[[S]]) : (memref<*xf32>, memref<*xi8>, i64) -> ()
func.func @seeds(%x: tensor<8xf32>, %s: i64) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = tq.quantize %x : tensor<8xf32> with "stochastic,8,4" seed(7)
  %1 = tq.quantize %x : tensor<8xf32> with "stochastic,8,4" seed_value(%s)
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}
