// RUN: tq-opt %s --tq-cpu-pipeline | FileCheck %s

// A flattened quantizer function (tq-outline-quantizers) writes into the
// buffer its caller allocates and returns nothing once bufferized
// (drop-equivalent-buffer-results): the caller owns every buffer
// statically, with no run-time ownership check (dealloc_helper) at its end.
// The public function keeps its results.

// CHECK-NOT: dealloc_helper
// CHECK: llvm.func @f({{.*}}) -> !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK-COUNT-3: llvm.call @__tq_quantize_0({{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, !llvm.ptr, i64, i64, i64) -> ()
// CHECK: llvm.func @__tq_quantize_0(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64) attributes {sym_visibility = "private"}
// CHECK-NOT: dealloc_helper
func.func @f(%x: tensor<2x4xf32>, %y: tensor<8xf32>) -> (tensor<2x4xf32>, tensor<8xf32>) {
  %0 = tq.quantize %x : tensor<2x4xf32> with "ternary"
  %e = tensor.empty() : tensor<2x4xf32>
  %1 = linalg.exp ins(%0 : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = tq.quantize %1 : tensor<2x4xf32> with "ternary"
  %3 = tq.quantize %y : tensor<8xf32> with "ternary"
  return %2, %3 : tensor<2x4xf32>, tensor<8xf32>
}
