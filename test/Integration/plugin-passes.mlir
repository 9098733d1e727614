// tq's passes and pipeline in Debian's stock mlir-opt, loaded from
// TQPlugin.so. Plugin passes are reachable only through --pass-pipeline,
// and a plugin that fails to load is ignored (exit code 0): the IR is what
// is checked.
// UNSUPPORTED: sanitizers

// RUN: mlir-opt %s --load-pass-plugin=%tq_plugin --pass-pipeline='builtin.module(tq-name-ops,tq-insert{activations=fp8_e4m3})' | FileCheck %s
// RUN: mlir-opt %s --load-dialect-plugin=%tq_plugin --pass-pipeline='builtin.module(tq-name-ops,tq-insert{activations=fp8_e4m3})' | FileCheck %s
// RUN: mlir-opt %s --load-pass-plugin=%tq_plugin --pass-pipeline='builtin.module(tq-quantize-pipeline{activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"}})' | FileCheck %s --check-prefix=PIPELINE

// The plugin gives exactly what tq-opt gives.
// RUN: mlir-opt %s --load-pass-plugin=%tq_plugin --load-dialect-plugin=%tq_plugin --mlir-print-debuginfo --pass-pipeline='builtin.module(tq-quantize-pipeline{activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"} seed=3})' -o %t.plugin.mlir
// RUN: tq-opt %s --mlir-print-debuginfo --tq-quantize-pipeline='activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"} seed=3' -o %t.tq-opt.mlir
// RUN: diff %t.plugin.mlir %t.tq-opt.mlir

// Errors of the passes are reported as in tq-opt.
// RUN: not mlir-opt %s --load-pass-plugin=%tq_plugin --pass-pipeline='builtin.module(tq-insert{activations=nearest,99,4})' 2>&1 | FileCheck %s --check-prefix=ERROR
// ERROR: <tq-insert activations option>:1:1: error: invalid quantizer "nearest,99,4" for "" in the activations map: fixed point needs 1 to 53 total bits, got 99

// Every named op gets an fp8 quantizer on its result.
// CHECK-LABEL: func.func @net
// CHECK:       %[[C:.*]] = tosa.conv2d {{.*}} tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>}
// CHECK-NEXT:  %[[CQ:.*]] = tq.quantize %[[C]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT:  %[[R:.*]] = tosa.clamp %[[CQ]] {{.*}} tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>}
// CHECK-NEXT:  %[[RQ:.*]] = tq.quantize %[[R]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT:  return %[[RQ]]

// The pipeline: only the conv matches; its constant weights are folded
// (nearest,8,6, steps of 1/64).
// PIPELINE-LABEL: func.func @net
// PIPELINE-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.250000e-01], [-5.000000e-01], [0.000000e+00]]]]> : tensor<1x1x3x1xf32>
// PIPELINE-DAG:   %[[B:.*]] = arith.constant dense<1.562500e-02> : tensor<1xf32>
// PIPELINE:       %[[C:.*]] = tosa.conv2d %arg0, %[[W]], %[[B]], {{.*}} tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// PIPELINE-NEXT:  %[[CQ:.*]] = tq.quantize %[[C]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// PIPELINE-NEXT:  %[[R:.*]] = tosa.clamp %[[CQ]]
// PIPELINE-NOT:   tq.quantize
// PIPELINE:       return %[[R]]
func.func @net(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x2x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.1234], [-0.5012], [0.0077]]]]> : tensor<1x1x3x1xf32>}> : () -> tensor<1x1x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0123456> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x1x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2x1xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x2x1xf32>) -> tensor<1x4x2x1xf32>
  return %1 : tensor<1x4x2x1xf32>
}
