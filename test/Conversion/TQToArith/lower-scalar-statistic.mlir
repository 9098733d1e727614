// RUN: tq-opt %s --tq-lower-to-arith --verify-each | FileCheck %s

// A whole-tensor statistic of one scalar is its |x|. For f64 the value is
// used as it is (no f64 -> f64 extf, which the verifier rejects).

// CHECK-LABEL: func.func @ternary_f64
// CHECK-NEXT:    %[[A:.*]] = math.absf %arg0 : f64
// CHECK-NEXT:    arith.constant 0.69999999999999996 : f64
// CHECK-NOT:     arith.extf
func.func @ternary_f64(%x: f64) -> f64 {
  %0 = tq.quantize %x : f64 with "ternary"
  return %0 : f64
}

// CHECK-LABEL: func.func @tensorwise_f32
// CHECK-NEXT:    %[[W:.*]] = arith.extf %arg0 : f32 to f64
// CHECK-NEXT:    math.absf %[[W]] : f64
func.func @tensorwise_f32(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "fp8_e4m3_tensorwise"
  return %0 : f32
}
