// RUN: tq-opt %s --split-input-file --tq-quantize-pipeline='activations={"conv2d": "fp8_e4m3", "addf": "nearest,8,4"} weights={"conv2d": "nearest,8,6"}' | FileCheck %s
// RUN: tq-opt %s --split-input-file --pass-pipeline='builtin.module(tq-quantize-pipeline{activations={"conv2d": "fp8_e4m3", "addf": "nearest,8,4"} weights={"conv2d": "nearest,8,6"}})' | FileCheck %s
// RUN: tq-opt %s --split-input-file --tq-quantize-pipeline='activations={"addf": "nearest,8,4"} canonicalize=false' | FileCheck %s --check-prefix=NOCANON
// RUN: tq-opt %s --split-input-file --tq-quantize-pipeline='activations=fp16 name-ops=false' 2>&1 | FileCheck %s --check-prefix=NONAMES

// tq-quantize-pipeline = tq-name-ops + tq-insert + canonicalize: unnamed ops
// get Keras names, the maps match those names, constant weights fold at
// insertion, and canonicalize folds what became constant.

// The conv gets the name conv2d: its result is quantized to fp8, its
// constant weight and bias are folded in nearest,8,6 (steps of 1/64:
// 0.1234 -> 8/64, -0.5012 -> -32/64, 0.0077 -> 0; bias 0.0123456 -> 1/64).
// The clamp (named clamp) matches no entry.
// CHECK-LABEL: func.func @conv
// CHECK-DAG:  %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK-DAG:  %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.250000e-01], [-5.000000e-01], [0.000000e+00]]]]> : tensor<1x1x3x1xf32>
// CHECK-DAG:  %[[B:.*]] = arith.constant dense<1.562500e-02> : tensor<1xf32>
// CHECK:      %[[C:.*]] = tosa.conv2d %arg0, %[[W]], %[[B]], %[[ZP]], %[[ZP]] {{{.*}}, tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %[[C]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT: %[[R:.*]] = tosa.clamp %[[Q]] {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK-NEXT: return %[[R]]

// Without names (name-ops=false) nothing matches: a warning says why, and
// the module is only canonicalized.
// NONAMES: <tq-insert activations option>:1:1: warning: map entry "": "fp16" of the activations map matched no op (no op carries a name: run --tq-name-ops first)
// NONAMES-LABEL: func.func @conv
// NONAMES-NOT:   tq.
// NONAMES:       tosa.conv2d
// NONAMES-NOT:   tq.
func.func @conv(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x2x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.1234], [-0.5012], [0.0077]]]]> : tensor<1x1x3x1xf32>}> : () -> tensor<1x1x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0123456> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x1x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2x1xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x2x1xf32>) -> tensor<1x4x2x1xf32>
  return %1 : tensor<1x4x2x1xf32>
}

// -----

// An add of constants, quantized: canonicalize folds the add, then the
// quantizer (nearest,8,4, steps of 1/16): 0.4 -> 6/16, 0.65 -> 10/16.
// CHECK-LABEL: func.func @consts
// CHECK-NEXT:  %[[C:.*]] = arith.constant dense<[3.750000e-01, 6.250000e-01]> : tensor<2xf32>
// CHECK-NEXT:  return %[[C]]

// canonicalize=false: the add and its quantizer stay.
// NOCANON-LABEL: func.func @consts
// NOCANON:       %[[A:.*]] = arith.addf %{{.*}}, %{{.*}} {tq.quantized = {activations = #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>}} : tensor<2xf32>
// NOCANON-NEXT:  %[[Q:.*]] = tq.quantize %[[A]] : tensor<2xf32> with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
// NOCANON-NEXT:  return %[[Q]]

// NONAMES-LABEL: func.func @consts
// NONAMES-NEXT:  %[[C:.*]] = arith.constant dense<[4.000000e-01, 6.500000e-01]> : tensor<2xf32>
// NONAMES-NEXT:  return %[[C]]
func.func @consts() -> tensor<2xf32> {
  %a = arith.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %b = arith.constant dense<[0.3, 0.45]> : tensor<2xf32>
  %0 = arith.addf %a, %b : tensor<2xf32>
  return %0 : tensor<2xf32>
}
