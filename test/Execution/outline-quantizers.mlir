// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline=threads=true | %mlir_runner --shared-libs=%llvm_lib_dir/libomp.so | FileCheck %s

// Two block quantizers of one format and type share a function
// (tq-outline-quantizers); the compiled results are the folder's (the
// values below are `tq-opt --canonicalize` of the same quantizers on these
// constants).

func.func @q(%a: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = tq.quantize %a : tensor<8xf32> with "mxfp4,block=4"
  %1 = tq.quantize %b : tensor<8xf32> with "mxfp4,block=4"
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}

func.func @main() {
  %a = arith.constant dense<[0.3, -1.7, 2.9, 0.01, 100.0, -3.5, 0.0, 7.25]> : tensor<8xf32>
  %b = arith.constant dense<[1.0e-3, 5.5, -0.75, 12.0, -0.0, 0.125, 6.0, -6.5]> : tensor<8xf32>
  %r:2 = call @q(%a, %b) : (tensor<8xf32>, tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>)
  %c0 = arith.constant 0 : index
  %p = arith.constant 0.0 : f32
  %v0 = vector.transfer_read %r#0[%c0], %p : tensor<8xf32>, vector<8xf32>
  %v1 = vector.transfer_read %r#1[%c0], %p : tensor<8xf32>, vector<8xf32>
  // CHECK: ( 0.25, -1.5, 3, 0, 96, -0, 0, 8 )
  // CHECK-NEXT: ( 0, 6, -1, 12, -0, 0, 6, -6 )
  vector.print %v0 : vector<8xf32>
  vector.print %v1 : vector<8xf32>
  call @main_flat() : () -> ()
  return
}

// Ternary's whole-tensor threshold and a stochastic quantizer read their
// tensor as one sequence: tensors of both shapes share one flattened
// function each, and give the folder's values (`tq-opt --canonicalize` of
// the same quantizers on these constants).
func.func @flat(%a: tensor<2x4xf32>, %b: tensor<8xf32>) -> (tensor<2x4xf32>, tensor<8xf32>, tensor<2x4xf32>, tensor<8xf32>) {
  %0 = tq.quantize %a : tensor<2x4xf32> with "ternary"
  %1 = tq.quantize %b : tensor<8xf32> with "ternary"
  %2 = tq.quantize %a : tensor<2x4xf32> with "stochastic,8,2" seed(7)
  %3 = tq.quantize %b : tensor<8xf32> with "stochastic,8,2" seed(7)
  return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<8xf32>, tensor<2x4xf32>, tensor<8xf32>
}

// A rank-0 tensor is one element: its threshold is 0.7 |x|.
func.func @flat0(%z: tensor<f32>, %w: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = tq.quantize %z : tensor<f32> with "ternary"
  %1 = tq.quantize %w : tensor<f32> with "ternary"
  return %0, %1 : tensor<f32>, tensor<f32>
}

func.func @main_flat() {
  %a = arith.constant dense<[[0.3, -1.7, 2.9, 0.01], [100.0, -3.5, 0.0, 7.25]]> : tensor<2x4xf32>
  %b = arith.constant dense<[1.0e-3, 5.5, -0.75, 12.0, -0.0, 0.125, 6.0, -6.5]> : tensor<8xf32>
  %r:4 = call @flat(%a, %b) : (tensor<2x4xf32>, tensor<8xf32>) -> (tensor<2x4xf32>, tensor<8xf32>, tensor<2x4xf32>, tensor<8xf32>)
  %c0 = arith.constant 0 : index
  %p = arith.constant 0.0 : f32
  %v0 = vector.transfer_read %r#0[%c0, %c0], %p : tensor<2x4xf32>, vector<2x4xf32>
  %v1 = vector.transfer_read %r#1[%c0], %p : tensor<8xf32>, vector<8xf32>
  %v2 = vector.transfer_read %r#2[%c0, %c0], %p : tensor<2x4xf32>, vector<2x4xf32>
  %v3 = vector.transfer_read %r#3[%c0], %p : tensor<8xf32>, vector<8xf32>
  // CHECK-NEXT: ( ( 0, 0, 0, 0 ), ( 1, 0, 0, 0 ) )
  // CHECK-NEXT: ( 0, 1, 0, 1, 0, 0, 1, -1 )
  // CHECK-NEXT: ( ( 0.25, -1.75, 3, 0 ), ( 31.75, -3.5, 0, 7.25 ) )
  // CHECK-NEXT: ( 0, 5.5, -0.75, 12, 0, 0, 6, -6.5 )
  vector.print %v0 : vector<2x4xf32>
  vector.print %v1 : vector<8xf32>
  vector.print %v2 : vector<2x4xf32>
  vector.print %v3 : vector<8xf32>
  %z = arith.constant dense<-0.3> : tensor<f32>
  %w = arith.constant dense<2.5> : tensor<f32>
  %s:2 = call @flat0(%z, %w) : (tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>)
  %s0 = tensor.extract %s#0[] : tensor<f32>
  %s1 = tensor.extract %s#1[] : tensor<f32>
  // CHECK-NEXT: -1
  // CHECK-NEXT: 1
  vector.print %s0 : f32
  vector.print %s1 : f32
  return
}
