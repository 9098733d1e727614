// RUN: tq-opt %s --tq-lower-to-arith --split-input-file | FileCheck %s
// RUN: tq-opt %s --tq-lower-to-arith --split-input-file | FileCheck %s --check-prefix=NOTQ

// Scalars and vectors get the arith code inline; ranked tensors a
// linalg.generic around it. No tq op and no call remain.
// NOTQ-NOT: tq.
// NOTQ-NOT: call

// Saturating fixed point with frac >= 0: exact scaling and the hardware's
// rounding (ties away: math.round).
// CHECK-LABEL: func.func @scalar
// CHECK-NOT: linalg
// CHECK: %[[Y:.*]] = arith.mulf %{{.*}}, %cst : f32
// CHECK: math.round %[[Y]] : f32
// CHECK: arith.mulf %{{.*}}, %cst_{{.*}} : f32
// CHECK: arith.cmpf uno
// CHECK: return %{{.*}} : f32
func.func @scalar(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "nearest,8,4"
  return %0 : f32
}

// -----

// Wrapping fixed point (8 bits: the count is exact in f32) takes the same
// fast path; the residue modulo 2^8 is count - 256 floor(count / 256).
// CHECK-LABEL: func.func @wrap
// CHECK: math.roundeven
// CHECK: math.floor
// CHECK: return %{{.*}} : f32
func.func @wrap(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "fixed,8,4,wrap"
  return %0 : f32
}

// -----

// Stochastic fixed point (frac >= 0): the exact fraction |y| - floor|y|,
// scaled by 2^32, against the random word.
// CHECK-LABEL: func.func @stochastic_fixed
// CHECK: math.floor
// CHECK: arith.fptoui %{{.*}} : f32 to i32
// CHECK: arith.cmpi ult
// CHECK: return %{{.*}} : f32
func.func @stochastic_fixed(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "stochastic,8,4"
  return %0 : f32
}

// -----

// Vectors: the same code lane-wise; stochastic indices are offset + lane.
// CHECK-LABEL: func.func @vector
// CHECK: %[[IOTA:.*]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xi64>
// CHECK: %[[OFF:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[B:.*]] = vector.broadcast %[[OFF]] : i64 to vector<8xi64>
// CHECK: arith.addi %[[IOTA]], %[[B]] : vector<8xi64>
// CHECK: arith.mului_extended %{{.*}} : vector<8xi32>
// CHECK: arith.bitcast %{{.*}} : vector<8xf32> to vector<8xi32>
// CHECK: return %{{.*}} : vector<8xf32>
func.func @vector(%x: vector<8xf32>, %i: index) -> vector<8xf32> {
  %0 = tq.quantize %x : vector<8xf32> with "stochastic,8,4" seed(3) offset(%i)
  return %0 : vector<8xf32>
}

// -----

// Tensors: one parallel linalg.generic (here deterministic).
// CHECK-LABEL: func.func @tensor
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK: linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<4x8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK: linalg.yield %{{.*}} : f32
func.func @tensor(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = tq.quantize %x : tensor<4x8xf32> with "fp8_e4m3"
  return %0 : tensor<4x8xf32>
}

// -----

// Stochastic rounding of a static tensor of 32k elements: vector code, 32
// elements per step, one Philox4x32-10 evaluation on 8 lanes (counters
// i/4 .. i/4+7), its 4 words interleaved into element order; the steps are
// an scf.forall.
// CHECK-LABEL: func.func @tensor_stochastic
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<4x8xf32> into tensor<32xf32>
// CHECK: scf.forall (%{{.*}}) in (1) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<32xf32>)
// CHECK: vector.transfer_read %{{.*}} {in_bounds = [true]} : tensor<32xf32>, vector<32xf32>
// CHECK: arith.mului_extended %{{.*}} : vector<8xi32>
// CHECK: vector.shuffle %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<8xi32>, vector<8xi32>
// CHECK: vector.shuffle %{{.*}} [0, 1, 16, 17, 2, 3, 18, 19, {{.*}}] : vector<16xi32>, vector<16xi32>
// CHECK: tensor.parallel_insert_slice
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
func.func @tensor_stochastic(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = tq.quantize %x : tensor<4x8xf32> with "fp8_e4m3,stochastic" seed(9)
  return %0 : tensor<4x8xf32>
}

// -----

// Other sizes keep the linalg.generic; the stochastic index is the
// row-major linear index from linalg.index.
// CHECK-LABEL: func.func @tensor_stochastic_generic
// CHECK: linalg.generic
// CHECK: linalg.index 0 : index
// CHECK: linalg.index 1 : index
// CHECK: arith.mului_extended
// CHECK: linalg.yield %{{.*}} : f32
func.func @tensor_stochastic_generic(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = tq.quantize %x : tensor<3x5xf32> with "fp8_e4m3,stochastic" seed(9)
  return %0 : tensor<3x5xf32>
}

// -----

// Dynamic shapes: tensor.empty takes the sizes from tensor.dim.
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[D:.*]] = tensor.dim %{{.*}}, %c0 : tensor<?x8xf16>
// CHECK: tensor.empty(%[[D]]) : tensor<?x8xf16>
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @dynamic(%x: tensor<?x8xf16>) -> tensor<?x8xf16> {
  %0 = tq.quantize %x : tensor<?x8xf16> with "fp8_e5m2"
  return %0 : tensor<?x8xf16>
}

// -----

// The identity disappears.
// CHECK-LABEL: func.func @identity
// CHECK-NEXT: return %arg0
func.func @identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "none"
  return %0 : tensor<4xf32>
}

// -----

// 32-bit fixed point on f32, saturating: computed in f32 (x * 2^16 and its
// rounding are exact; the bounds are rounded to f32).
// CHECK-LABEL: func.func @wide
// CHECK-NOT: f64
// CHECK: %[[Y:.+]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: math.roundeven %[[Y]] : f32
// CHECK-NOT: f64
// CHECK: return
func.func @wide(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "fixed,32,16"
  return %0 : f32
}

// -----

// Wrapping 32-bit fixed point is computed in f64 (exact), then rounded once.
// CHECK-LABEL: func.func @wide_wrap
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.roundeven %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @wide_wrap(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "fixed,32,16,wrap"
  return %0 : f32
}

// -----

// Narrowing to f16 spells out its NaN (the sign, quiet, the top payload
// bits), as x86 and the reference give it: NVPTX's cvt.rn.f16.f32 would
// return its canonical NaN (an MX block's infinity becomes NaN).
// CHECK-LABEL: func.func @f16_nan
// CHECK: %[[S:.*]] = arith.shrui %[[B:.*]], %c16_i32{{.*}} : i32
// CHECK-NEXT: %[[S16:.*]] = arith.trunci %[[S]] : i32 to i16
// CHECK-NEXT: %[[SIGN:.*]] = arith.andi %[[S16]], %c-32768_i16 : i16
// CHECK: %[[P:.*]] = arith.shrui %[[B]], %c13_i32{{.*}} : i32
// CHECK-NEXT: %[[P16:.*]] = arith.trunci %[[P]] : i32 to i16
// CHECK-NEXT: %[[PAY:.*]] = arith.andi %[[P16]], %c1023_i16 : i16
// CHECK: %[[SP:.*]] = arith.ori %[[SIGN]], %[[PAY]] : i16
// CHECK-NEXT: %[[NAN:.*]] = arith.ori %[[SP]], %c32256_i16 : i16
// CHECK-NEXT: %[[U:.*]] = arith.cmpf uno, %[[R:.*]], %[[R]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK-NEXT: %[[NF:.*]] = arith.bitcast %[[NAN]] : i16 to f16
// CHECK-NEXT: arith.select %[[U]], %[[NF]], %[[T]] : f16
func.func @f16_nan(%x: f16) -> f16 {
  %0 = tq.quantize %x : f16 with "fp8_e5m2"
  return %0 : f16
}

// -----

// bf16 widens through integer ops (bf16 is the top half of an f32) and
// narrows by keeping the top half of the rounded f32.
// CHECK-LABEL: func.func @bf16
// CHECK: %[[I:.*]] = arith.bitcast %{{.*}} : bf16 to i16
// CHECK: arith.extui %[[I]] : i16 to i32
// CHECK: arith.shrui %{{.*}}, %c16_i32
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
func.func @bf16(%x: bf16) -> bf16 {
  %0 = tq.quantize %x : bf16 with "fp8_e4m3"
  return %0 : bf16
}

// -----

// Stochastic rounding with a random index offset: vector steps (Philox on
// 32 lanes for 128 elements) when the offset is a multiple of 4 by
// construction (here a chunk index times 64), without a test.
// CHECK-LABEL: func.func @offset_known
// CHECK-NOT:   scf.if
// CHECK:       scf.forall
// CHECK:       vector.transfer_read {{.*}} vector<128xf32>
// CHECK:       vector<32xi64>
// CHECK-NOT:   scf.if
// CHECK:       return
func.func @offset_known(%x: tensor<256xf32>, %c: index) -> tensor<256xf32> {
  %size = arith.constant 64 : index
  %o = arith.muli %c, %size : index
  %0 = tq.quantize %x : tensor<256xf32> with "stochastic,8,4" seed(3) offset(%o)
  return %0 : tensor<256xf32>
}

// -----

// An offset only known at run time: tested for a multiple of 4, vector
// steps if so, the element-by-element linalg.generic otherwise.
// CHECK-LABEL: func.func @offset_runtime
// CHECK:       %[[R:.*]] = arith.remui %{{.*}}, %c4
// CHECK:       %[[A:.*]] = arith.cmpi eq, %[[R]], %c0
// CHECK:       scf.if %[[A]] -> (tensor<256xf32>) {
// CHECK:         scf.forall
// CHECK:         vector<128xf32>
// CHECK:       } else {
// CHECK:         linalg.generic
// CHECK:       }
func.func @offset_runtime(%x: tensor<256xf32>, %o: index) -> tensor<256xf32> {
  %0 = tq.quantize %x : tensor<256xf32> with "stochastic,8,4" seed(3) offset(%o)
  return %0 : tensor<256xf32>
}
