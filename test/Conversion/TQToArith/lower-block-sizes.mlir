// RUN: tq-opt %s --tq-lower-to-arith | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline -o /dev/null

// Block sizes up to 2^63 - 1 are valid: a block longer than its axis is one
// block of the whole axis (as in the reference), so the lowering clamps it
// and no size overflows (here two blocks of 64 per vector step). An empty
// tensor has nothing to quantize.

// CHECK-LABEL: func.func @mx_block_max
// CHECK: vector.transfer_read {{.*}} : tensor<256xf32>, vector<128xf32>
// CHECK: tensor.expand_shape {{.*}} output_shape [4, 64]
func.func @mx_block_max(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %0 = tq.quantize %x : tensor<4x64xf32> with #tq.mx<block = 9223372036854775807>
  return %0 : tensor<4x64xf32>
}

// CHECK-LABEL: func.func @bfp_block_max_axis0
// CHECK-NOT: tensor.pad
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0, 1], [2]] output_shape [1, 3, 5]
func.func @bfp_block_max_axis0(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = tq.quantize %x : tensor<3x5xf32> with #tq.bfp<bits = 8, block = 9223372036854775807, axis = 0>
  return %0 : tensor<3x5xf32>
}

// CHECK-LABEL: func.func @bfp_zero_axis
// CHECK-NEXT: return %arg0 : tensor<4x0xf32>
func.func @bfp_zero_axis(%x: tensor<4x0xf32>) -> tensor<4x0xf32> {
  %0 = tq.quantize %x : tensor<4x0xf32> with "bfp,8"
  return %0 : tensor<4x0xf32>
}

// A static zero-length block axis in an otherwise dynamic tensor: nothing
// to quantize (the clamped block of 0 divided by zero).
// CHECK-LABEL: func.func @bfp_zero_axis_dynamic
// CHECK-NEXT: return %arg0 : tensor<?x0xf32>
func.func @bfp_zero_axis_dynamic(%x: tensor<?x0xf32>) -> tensor<?x0xf32> {
  %0 = tq.quantize %x : tensor<?x0xf32> with #tq.bfp<bits = 8, block = 16, axis = 1>
  return %0 : tensor<?x0xf32>
}
// CHECK-LABEL: func.func @mx_zero_axis_dynamic
// CHECK-NEXT: return %arg0 : tensor<0x?xf32>
func.func @mx_zero_axis_dynamic(%x: tensor<0x?xf32>) -> tensor<0x?xf32> {
  %0 = tq.quantize %x : tensor<0x?xf32> with #tq.mx<block = 32, axis = 0>
  return %0 : tensor<0x?xf32>
}
