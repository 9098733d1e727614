// RUN: tq-opt %s --tq-outline-quantizers --split-input-file | FileCheck %s

// Two ops with the same block quantizer on the same type share a function;
// the same quantizer on another type used once, and a deterministic
// elementwise quantizer, stay in place. tq-insert's records stay on the
// call.
// CHECK-LABEL: func.func @blocks
// CHECK-SAME: (%[[A:.*]]: tensor<4x32xf32>, %[[B:.*]]: tensor<4x32xf32>, %[[C:.*]]: tensor<64xf32>)
// CHECK-NEXT: %[[Q0:.*]] = call @__tq_quantize_0(%[[A]]) {tq.quantized = "a"} : (tensor<4x32xf32>) -> tensor<4x32xf32>
// CHECK-NEXT: %[[Q1:.*]] = call @__tq_quantize_0(%[[B]]) : (tensor<4x32xf32>) -> tensor<4x32xf32>
// CHECK-NEXT: %[[Q2:.*]] = tq.quantize %[[C]] : tensor<64xf32> with #tq.mx<>
// CHECK-NEXT: %[[Q3:.*]] = tq.quantize %[[Q0]] : tensor<4x32xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT: %[[Q4:.*]] = tq.quantize %[[Q1]] : tensor<4x32xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT: return %[[Q3]], %[[Q4]], %[[Q2]]
// CHECK: func.func private @__tq_quantize_0(%[[X:.*]]: tensor<4x32xf32>) -> tensor<4x32xf32> {
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %[[X]] : tensor<4x32xf32> with #tq.mx<>
// CHECK-NEXT: return %[[Q]] : tensor<4x32xf32>
// CHECK-NEXT: }
// CHECK-NOT: func.func
func.func @blocks(%a: tensor<4x32xf32>, %b: tensor<4x32xf32>, %c: tensor<64xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>, tensor<64xf32>) {
  %0 = tq.quantize %a : tensor<4x32xf32> with "mxfp8" {tq.quantized = "a"}
  %1 = tq.quantize %b : tensor<4x32xf32> with "mxfp8"
  %2 = tq.quantize %c : tensor<64xf32> with "mxfp8"
  %3 = tq.quantize %0 : tensor<4x32xf32> with "fp8_e4m3"
  %4 = tq.quantize %1 : tensor<4x32xf32> with "fp8_e4m3"
  return %3, %4, %2 : tensor<4x32xf32>, tensor<4x32xf32>, tensor<64xf32>
}

// -----

// Stochastic quantizers: one function per quantizer, type and offset
// operand; the seed is its last argument (seed_value inside), so ops of
// different seeds share it, and an op without a seed passes 0. A symbol
// already named __tq_quantize_0 is not overwritten.
// CHECK-LABEL: func.func @stochastic
// CHECK-SAME: (%[[A:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>, %[[I:.*]]: index)
// CHECK-NEXT: %[[S1:.*]] = arith.constant 1 : i64
// CHECK-NEXT: call @[[F:__tq_quantize_[0-9_]+]](%[[A]], %[[I]], %[[S1]]) : (tensor<8xf32>, index, i64) -> tensor<8xf32>
// CHECK-NEXT: %[[S2:.*]] = arith.constant 2 : i64
// CHECK-NEXT: call @[[F]](%[[B]], %[[I]], %[[S2]]) : (tensor<8xf32>, index, i64) -> tensor<8xf32>
// CHECK-NEXT: %[[S0:.*]] = arith.constant 0 : i64
// CHECK-NEXT: call @[[G:__tq_quantize_[0-9_]+]](%[[A]], %[[S0]]) : (tensor<8xf32>, i64) -> tensor<8xf32>
// CHECK-NEXT: %[[S3:.*]] = arith.constant 3 : i64
// CHECK-NEXT: call @[[G]](%[[B]], %[[S3]]) : (tensor<8xf32>, i64) -> tensor<8xf32>
// CHECK-NEXT: return
// CHECK: func.func private @__tq_quantize_0() {
// CHECK: func.func private @[[F]](%[[X:.*]]: tensor<8xf32>, %[[O:.*]]: index, %[[S:.*]]: i64) -> tensor<8xf32> {
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %[[X]] : tensor<8xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed_value(%[[S]]) offset(%[[O]])
// CHECK-NEXT: return %[[Q]]
// CHECK: func.func private @[[G]](%[[X:.*]]: tensor<8xf32>, %[[S:.*]]: i64) -> tensor<8xf32> {
// CHECK-NEXT: tq.quantize %[[X]] : tensor<8xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed_value(%[[S]])
func.func @stochastic(%a: tensor<8xf32>, %b: tensor<8xf32>, %i: index) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0 = tq.quantize %a : tensor<8xf32> with "stochastic,8,4" seed(1) offset(%i)
  %1 = tq.quantize %b : tensor<8xf32> with "stochastic,8,4" seed(2) offset(%i)
  %2 = tq.quantize %a : tensor<8xf32> with "stochastic,8,4"
  %3 = tq.quantize %b : tensor<8xf32> with "stochastic,8,4" seed(3)
  return %0, %1, %2, %3 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}
func.func private @__tq_quantize_0() {
  return
}

// -----

// Scalars and vectors stay (their lowering is inline code).
// CHECK-LABEL: func.func @not_tensors
// CHECK-COUNT-4: tq.quantize
// CHECK-NOT: call
func.func @not_tensors(%x: f32, %v: vector<8xf32>) -> (f32, f32, vector<8xf32>, vector<8xf32>) {
  %0 = tq.quantize %x : f32 with "stochastic,8,4" seed(1)
  %1 = tq.quantize %x : f32 with "stochastic,8,4" seed(1)
  %2 = tq.quantize %v : vector<8xf32> with "stochastic,8,4" seed(1)
  %3 = tq.quantize %v : vector<8xf32> with "stochastic,8,4" seed(1)
  return %0, %1, %2, %3 : f32, f32, vector<8xf32>, vector<8xf32>
}
