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

// Stochastic quantizers: one function per quantizer and offset operand;
// the seed is its last argument (seed_value inside), so ops of different
// seeds share it, and an op without a seed passes 0. A stochastic
// quantizer reads its tensor as one sequence, so the function takes it
// flattened to a dynamic 1-D tensor, with a destination of that type that
// it returns (the caller's tensor.empty). A symbol already named
// __tq_quantize_0 is not overwritten.
// CHECK-LABEL: func.func @stochastic
// CHECK-SAME: (%[[A:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>, %[[I:.*]]: index)
// CHECK-NEXT: %[[CA:.*]] = tensor.cast %[[A]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: %[[ED:.*]] = tensor.cast %[[E]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: %[[S1:.*]] = arith.constant 1 : i64
// CHECK-NEXT: %[[R0:.*]] = call @[[F:__tq_quantize_[0-9_]+]](%[[CA]], %[[ED]], %[[I]], %[[S1]]) : (tensor<?xf32>, tensor<?xf32>, index, i64) -> tensor<?xf32>
// CHECK-NEXT: tensor.cast %[[R0]] : tensor<?xf32> to tensor<8xf32>
// CHECK-NEXT: %[[CB:.*]] = tensor.cast %[[B]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: %[[ED2:.*]] = tensor.cast
// CHECK-NEXT: %[[S2:.*]] = arith.constant 2 : i64
// CHECK-NEXT: call @[[F]](%[[CB]], %[[ED2]], %[[I]], %[[S2]]) : (tensor<?xf32>, tensor<?xf32>, index, i64) -> tensor<?xf32>
// CHECK-NEXT: tensor.cast
// CHECK-NEXT: %[[CA2:.*]] = tensor.cast %[[A]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: %[[ED3:.*]] = tensor.cast
// CHECK-NEXT: %[[S0:.*]] = arith.constant 0 : i64
// CHECK-NEXT: call @[[G:__tq_quantize_[0-9_]+]](%[[CA2]], %[[ED3]], %[[S0]]) : (tensor<?xf32>, tensor<?xf32>, i64) -> tensor<?xf32>
// CHECK-NEXT: tensor.cast
// CHECK-NEXT: %[[CB2:.*]] = tensor.cast %[[B]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: %[[ED4:.*]] = tensor.cast
// CHECK-NEXT: %[[S3:.*]] = arith.constant 3 : i64
// CHECK-NEXT: call @[[G]](%[[CB2]], %[[ED4]], %[[S3]]) : (tensor<?xf32>, tensor<?xf32>, i64) -> tensor<?xf32>
// CHECK-NEXT: tensor.cast
// CHECK-NEXT: return
// CHECK: func.func private @__tq_quantize_0() {
// CHECK: func.func private @[[F]](%[[X:.*]]: tensor<?xf32>, %[[D:.*]]: tensor<?xf32>, %[[O:.*]]: index, %[[S:.*]]: i64) -> tensor<?xf32> {
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %[[X]] : tensor<?xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed_value(%[[S]]) offset(%[[O]])
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?xf32>
// CHECK-NEXT: %[[R:.*]] = tensor.insert_slice %[[Q]] into %[[D]][0] [%[[N]]] [1] : tensor<?xf32> into tensor<?xf32>
// CHECK-NEXT: return %[[R]]
// CHECK: func.func private @[[G]](%[[X:.*]]: tensor<?xf32>, %[[D:.*]]: tensor<?xf32>, %[[S:.*]]: i64) -> tensor<?xf32> {
// CHECK-NEXT: tq.quantize %[[X]] : tensor<?xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed_value(%[[S]])
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

// A statistic of the whole tensor (ternary's automatic threshold) is one
// sequence too: tensors of every static shape are collapsed (a rank-0 one
// expanded) and share one function; a block format's shape matters and
// stays in its type.
// CHECK-LABEL: func.func @whole_tensor
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<16xf32>, %[[Z:.*]]: tensor<f32>)
// CHECK-NEXT: %[[C:.*]] = tensor.collapse_shape %[[A]] {{\[\[}}0, 1]] : tensor<2x4xf32> into tensor<8xf32>
// CHECK-NEXT: %[[D:.*]] = tensor.cast %[[C]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: %[[ED:.*]] = tensor.cast %[[E]] : tensor<8xf32> to tensor<?xf32>
// CHECK-NEXT: %[[R:.*]] = call @[[F:__tq_quantize_[0-9]+]](%[[D]], %[[ED]]) : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT: %[[S:.*]] = tensor.cast %[[R]] : tensor<?xf32> to tensor<8xf32>
// CHECK-NEXT: %[[X:.*]] = tensor.expand_shape %[[S]] {{\[\[}}0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
// CHECK-NEXT: %[[BD:.*]] = tensor.cast %[[B]] : tensor<16xf32> to tensor<?xf32>
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<16xf32>
// CHECK-NEXT: %[[ED2:.*]] = tensor.cast %[[E2]] : tensor<16xf32> to tensor<?xf32>
// CHECK-NEXT: %[[R2:.*]] = call @[[F]](%[[BD]], %[[ED2]]) : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT: %[[S2:.*]] = tensor.cast %[[R2]] : tensor<?xf32> to tensor<16xf32>
// CHECK-NEXT: %[[CE:.*]] = tensor.expand_shape %[[Z]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK-NEXT: %[[CD:.*]] = tensor.cast %[[CE]] : tensor<1xf32> to tensor<?xf32>
// CHECK-NEXT: %[[E3:.*]] = tensor.empty() : tensor<1xf32>
// CHECK-NEXT: %[[ED3:.*]] = tensor.cast %[[E3]] : tensor<1xf32> to tensor<?xf32>
// CHECK-NEXT: %[[R3:.*]] = call @[[F]](%[[CD]], %[[ED3]]) : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT: %[[S3:.*]] = tensor.cast %[[R3]] : tensor<?xf32> to tensor<1xf32>
// CHECK-NEXT: %[[Z3:.*]] = tensor.collapse_shape %[[S3]] [] : tensor<1xf32> into tensor<f32>
// CHECK-NEXT: return %[[X]], %[[S2]], %[[Z3]]
// CHECK: func.func private @[[F]](%[[X:.*]]: tensor<?xf32>, %[[O:.*]]: tensor<?xf32>) -> tensor<?xf32> {
// CHECK-NEXT: tq.quantize %[[X]] : tensor<?xf32> with #tq.ternary<>
func.func @whole_tensor(%a: tensor<2x4xf32>, %b: tensor<16xf32>, %z: tensor<f32>) -> (tensor<2x4xf32>, tensor<16xf32>, tensor<f32>) {
  %0 = tq.quantize %a : tensor<2x4xf32> with "ternary"
  %1 = tq.quantize %b : tensor<16xf32> with "ternary"
  %2 = tq.quantize %z : tensor<f32> with "ternary"
  return %0, %1, %2 : tensor<2x4xf32>, tensor<16xf32>, tensor<f32>
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
