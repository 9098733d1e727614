// RUN: tq-opt %s --split-input-file --tq-insert='activations={"conv1": "fp8_e4m3", "fc": "nearest,8,4"} weights={"conv1": "nearest,8,6", "fc": "bf16"} intrinsic={"fc": ["fp16", "fixed,32,16"]}' | FileCheck %s
// RUN: tq-opt %s --split-input-file --tq-insert='intrinsic={"fc": ["fp16", "stochastic,32,16"]} intrinsic-block=8 seed=5' | FileCheck %s --check-prefix=RECORD
// RUN: not tq-opt %s --split-input-file --tq-insert='intrinsic="fp16" intrinsic-block=-2' 2>&1 | FileCheck %s --check-prefix=NEGATIVE

// The record carries the blocked order and, for stochastic quantizers, the
// op's seed.
// RECORD: tosa.matmul {{.*}} {tq.intrinsic = #tq.mac<product = #tq.float<exp = 5, man = 10>, accumulator = #tq.fixed<bits = 32, frac = 16, rounding = stochastic>, chunk = 8, seed = {{-?[0-9]+}}>
// NEGATIVE: error: tq-insert: intrinsic-block must be 0 (sequential) or positive, got -2

// Every role on TOSA: activations are quantized after the op, constant
// weights are folded at compile time, weights from function arguments are
// quantized at their use, intrinsic quantizers are recorded. Each op records
// what it got in `tq.quantized`.

// conv1's weights 0.1234 / -0.5012 / 0.0077 in nearest,8,6 (steps of 1/64):
// 8/64, -32/64, 0; bias 0.0123456 -> 0.78 steps -> 1/64.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<[{{\[\[\[}}1.250000e-01], [-5.000000e-01], [0.000000e+00]]]]> : tensor<1x1x3x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<1.562500e-02> : tensor<1xf32>
// CHECK: %[[C:.*]] = tosa.conv2d %{{.*}}, %[[W]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, {{.*}}, tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %[[C]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT: return %[[Q]]
func.func @conv(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x2x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.1234], [-0.5012], [0.0077]]]]> : tensor<1x1x3x1xf32>}> : () -> tensor<1x1x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0123456> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x1x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2x1xf32> loc("conv1")
  return %0 : tensor<1x4x2x1xf32>
}

// -----

// A matmul whose weight is a function argument: quantized at the use. The
// activation quantizer replaces every later use of the result.
// CHECK-LABEL: func.func @fc
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x8xf32>, %[[B:.*]]: tensor<1x8x3xf32>)
// CHECK: %[[BQ:.*]] = tq.quantize %[[B]] : tensor<1x8x3xf32> with #tq.float<exp = 8, man = 7>
// CHECK-NEXT: %[[M:.*]] = tosa.matmul %[[A]], %[[BQ]], {{.*}} {tq.intrinsic = #tq.mac<product = #tq.float<exp = 5, man = 10>, accumulator = #tq.fixed<bits = 32, frac = 16>>, tq.quantized = {activations = #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>, intrinsic = #tq.float<exp = 5, man = 10>, weights = #tq.float<exp = 8, man = 7>}}
// CHECK-NEXT: %[[MQ:.*]] = tq.quantize %[[M]] : tensor<1x2x3xf32> with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
// CHECK-NEXT: %[[S:.*]] = tosa.add %[[MQ]], %[[MQ]]
// CHECK-NEXT: return %[[S]], %[[MQ]]
func.func @fc(%a: tensor<1x2x8xf32>, %b: tensor<1x8x3xf32>) -> (tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("fc")
  %1 = tosa.add %0, %0 : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  return %1, %0 : tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

// -----

// depthwise_conv2d, transpose_conv2d and conv3d have weights too; an op
// without weights matched by the weights map is skipped (see
// insert-report.mlir), its activations still quantized.
// CHECK-LABEL: func.func @others
// CHECK: tosa.depthwise_conv2d {{.*}} tq.quantized = {activations = {{.*}}, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}
// CHECK: tq.quantize
// CHECK: tosa.transpose_conv2d {{.*}} tq.quantized = {activations = {{.*}}, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}
// CHECK: tq.quantize
// CHECK: tosa.conv3d {{.*}} tq.quantized = {activations = {{.*}}, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}
// CHECK: tq.quantize
// CHECK: tosa.clamp {{.*}} {{{.*}}tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>}}
func.func @others(%x: tensor<1x4x4x2xf32>, %wd: tensor<3x3x2x1xf32>, %wt: tensor<2x3x3x2xf32>, %v: tensor<1x4x4x4x2xf32>, %w3: tensor<2x3x3x3x2xf32>, %b: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x6x6x2xf32>, tensor<1x2x2x2x2xf32>, tensor<1x4x4x2xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %wd, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv1_dw")
  %1 = tosa.transpose_conv2d %x, %wt, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32> loc("conv1_t")
  %2 = tosa.conv3d %v, %w3, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x4x4x4x2xf32>, tensor<2x3x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x2xf32> loc("conv1_3d")
  %3 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("conv1_relu")
  return %0, %1, %2, %3 : tensor<1x2x2x2xf32>, tensor<1x6x6x2xf32>, tensor<1x2x2x2x2xf32>, tensor<1x4x4x2xf32>
}
