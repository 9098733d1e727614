// RUN: tq-opt %s --tq-insert='activations=fp8_e4m3 weights=fp8_e4m3 report=-' 2>&1 | FileCheck %s

// Ops of already integer-quantized graphs are skipped and reported, never
// corrupted: only float tensors are quantized.

// CHECK:      skipped (3):
// CHECK-NEXT:   conv  tosa.conv2d  activations  result #0 has type tensor<1x2x2x2xi32>, not a float tensor
// CHECK-NEXT:   conv  tosa.conv2d  weights  operand #1 has type tensor<2x1x1x1xi8>, not a float tensor
// CHECK-NEXT:   conv  tosa.conv2d  weights  operand #2 has type tensor<2xi32>, not a float tensor
// CHECK:      func.func @int8
// CHECK-NOT:  tq.quantize
// CHECK:      return
func.func @int8(%x: tensor<1x2x2x1xi8>, %w: tensor<2x1x1x1xi8>, %b: tensor<2xi32>) -> tensor<1x2x2x2xi32> {
  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %izp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xi8>, tensor<2x1x1x1xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32> loc("conv")
  return %0 : tensor<1x2x2x2xi32>
}
