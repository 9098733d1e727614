// RUN: tq-opt %s --pass-pipeline="builtin.module(func.func(tosa-to-linalg),tq-lower-to-arith,func.func(linalg-fuse-elementwise-ops),canonicalize)" | FileCheck %s

// Activation quantizers fuse into the elementwise ops that produce and
// consume them: add -> quantize -> clamp -> quantize is one loop, so
// emulation adds no pass over memory.

// CHECK-LABEL: func.func @f
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: arith.addf
// CHECK: arith.cmpf uno
// CHECK: arith.maximumf
// CHECK: return
func.func @f(%a: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<64xf32> {
  %0 = tosa.add %a, %b : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  %1 = tq.quantize %0 : tensor<64xf32> with "fp8_e4m3"
  %2 = tosa.clamp %1 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<64xf32>) -> tensor<64xf32>
  %3 = tq.quantize %2 : tensor<64xf32> with "nearest,8,4"
  return %3 : tensor<64xf32>
}
