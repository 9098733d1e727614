// RUN: tq-opt %s --tq-gpu-math-intrinsics | FileCheck %s

// Math ops in kernels become LLVM intrinsics (no libdevice calls); host
// code is left alone.
// CHECK-LABEL: gpu.module @kernels
// CHECK: %[[A:.*]] = llvm.call_intrinsic "llvm.fabs.f32"(%{{.*}}) : (f32) -> f32
// CHECK: %[[R:.*]] = llvm.call_intrinsic "llvm.roundeven.f32"(%[[A]]) : (f32) -> f32
// CHECK: %[[T:.*]] = llvm.call_intrinsic "llvm.trunc.f64"(%{{.*}}) : (f64) -> f64
// CHECK: %[[F:.*]] = llvm.call_intrinsic "llvm.floor.v4f32"(%{{.*}}) : (vector<4xf32>) -> vector<4xf32>
// CHECK: %[[CE:.*]] = llvm.call_intrinsic "llvm.ceil.f16"(%{{.*}}) : (f16) -> f16
// CHECK: %[[RO:.*]] = llvm.call_intrinsic "llvm.round.f32"(%{{.*}}) : (f32) -> f32
// CHECK: %[[FALSE:.*]] = llvm.mlir.constant(false) : i1
// CHECK: %[[Z:.*]] = llvm.call_intrinsic "llvm.ctlz.i32"(%{{.*}}, %[[FALSE]]) : (i32, i1) -> i32
// CHECK-NOT: math.
// CHECK-LABEL: func.func @host
// CHECK: math.absf
gpu.module @kernels {
  gpu.func @k(%x: f32, %d: f64, %v: vector<4xf32>, %h: f16, %i: i32) kernel {
    %a = math.absf %x : f32
    %r = math.roundeven %a : f32
    %t = math.trunc %d : f64
    %f = math.floor %v : vector<4xf32>
    %c = math.ceil %h : f16
    %o = math.round %x : f32
    %z = math.ctlz %i : i32
    gpu.return
  }
}
func.func @host(%x: f32) -> f32 {
  %a = math.absf %x : f32
  return %a : f32
}
