// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s

// Custom floats fold through the reference: ties, saturation, overflow to
// infinity, subnormals, NaN, Inf, -0.

// OCP E4M3 (values 1.0, 1.125, 1.25, ... in [1, 2); max 448, no Inf):
//   1.0625 is a tie -> even 1.0;  1.1875 tie -> 1.25;  460 -> 448 (saturates,
//   as does 1e6); +Inf -> 448; -Inf -> -448; 2^-9 is the smallest subnormal,
//   2^-10 is a tie -> 0 (even), -2^-10 -> -0; NaN keeps its bits.
// CHECK-LABEL: func.func @e4m3
// CHECK-NEXT: arith.constant dense<[1.000000e+00, 1.250000e+00, 4.480000e+02, 4.480000e+02, 4.480000e+02, -4.480000e+02, 0.001953125, 0.000000e+00, -0.000000e+00, 0xFFC12345]> : tensor<10xf32>
func.func @e4m3() -> tensor<10xf32> {
  %c = arith.constant dense<[1.0625, 1.1875, 460.0, 1.0e6, 0x7F800000, 0xFF800000, 0.001953125, 0.0009765625, -0.0009765625, 0xFFC12345]> : tensor<10xf32>
  %0 = tq.quantize %c : tensor<10xf32> with "fp8_e4m3"
  return %0 : tensor<10xf32>
}

// -----

// IEEE formats overflow to infinity like a cast (fp16: 65520 is the tie
// between 65504 and 65536 and goes to Inf); with `saturate` they clamp.
// CHECK-LABEL: func.func @fp16
// CHECK-NEXT: %[[I:.*]] = arith.constant dense<[6.550400e+04, 0x7F800000, 0xFF800000, 0x7F800000]> : tensor<4xf32>
// CHECK-NEXT: %[[S:.*]] = arith.constant dense<[6.550400e+04, 6.550400e+04, -6.550400e+04, 6.550400e+04]> : tensor<4xf32>
// CHECK-NEXT: return %[[I]], %[[S]]
func.func @fp16() -> (tensor<4xf32>, tensor<4xf32>) {
  %c = arith.constant dense<[65519.0, 65520.0, -1.0e9, 0x7F800000]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "fp16"
  %1 = tq.quantize %c : tensor<4xf32> with "fp16,saturate"
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// E5M2 (IEEE-like): max 57344; 61440 is the tie with 65536 -> Inf. Toward
// zero never overflows to Inf (IEEE 754).
// CHECK-LABEL: func.func @e5m2
// CHECK-NEXT: %[[N:.*]] = arith.constant dense<[5.734400e+04, 0x7F800000, 1.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[Z:.*]] = arith.constant dense<[5.734400e+04, 5.734400e+04, 1.000000e+00]> : tensor<3xf32>
func.func @e5m2() -> (tensor<3xf32>, tensor<3xf32>) {
  %c = arith.constant dense<[61439.0, 61440.0, 1.1]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with "fp8_e5m2"
  %1 = tq.quantize %c : tensor<3xf32> with "fp8_e5m2,toward_zero"
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// fp4 E2M1: values 0, 0.5, 1, 1.5, 2, 3, 4, 6 (no Inf, no NaN encoding).
// 0.25 ties to 0 (even), 0.75 -> 1 (even), 2.5 -> 2, 5 -> 4, 7 -> 6,
// Inf -> 6, -0.1 -> -0, NaN stays NaN (the element type's).
// CHECK-LABEL: func.func @e2m1
// CHECK-NEXT: arith.constant dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 6.000000e+00, -0.000000e+00, 0x7FC00000]> : tensor<8xf32>
func.func @e2m1() -> tensor<8xf32> {
  %c = arith.constant dense<[0.25, 0.75, 2.5, 5.0, 7.0, 0x7F800000, -0.1, 0x7FC00000]> : tensor<8xf32>
  %0 = tq.quantize %c : tensor<8xf32> with "fp4_e2m1"
  return %0 : tensor<8xf32>
}

// -----

// fp6 maxima: E2M3 7.5, E3M2 28.
// CHECK-LABEL: func.func @fp6
// CHECK-NEXT: %[[A:.*]] = arith.constant dense<[7.500000e+00, 1.125000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[B:.*]] = arith.constant dense<[2.800000e+01, 1.000000e+00]> : tensor<2xf32>
func.func @fp6() -> (tensor<2xf32>, tensor<2xf32>) {
  %c = arith.constant dense<[100.0, 1.1]> : tensor<2xf32>
  %0 = tq.quantize %c : tensor<2xf32> with "fp6_e2m3"
  %1 = tq.quantize %c : tensor<2xf32> with "fp6_e3m2"
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Without subnormals, E4M3's values below 2^-6 = 0.015625 are 0 and 2^-6:
// 0.009 -> 2^-6 (above the midpoint 2^-7), 0.007 -> 0, -0.007 -> -0.
// CHECK-LABEL: func.func @no_subnormals
// CHECK-NEXT: arith.constant dense<[1.562500e-02, 0.000000e+00, -0.000000e+00]> : tensor<3xf32>
func.func @no_subnormals() -> tensor<3xf32> {
  %c = arith.constant dense<[0.009, 0.007, -0.007]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with "fp8_e4m3,no_subnormals"
  return %0 : tensor<3xf32>
}

// -----

// Round to odd (bf16): 1 + 2^-9 truncates to 1.0 (even) -> 1 + 2^-7;
// 1 + 2^-7 + 2^-9 truncates to 1 + 2^-7 (odd) and stays.
// CHECK-LABEL: func.func @odd
// CHECK-NEXT: arith.constant dense<[1.0078125, 1.0078125, 1.000000e+00]> : tensor<3xf32>
func.func @odd() -> tensor<3xf32> {
  %c = arith.constant dense<[1.001953125, 1.009765625, 1.0]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with "bf16,odd"
  return %0 : tensor<3xf32>
}

// -----

// Element types other than f32: fp8 on f16, bf16 and f64 values.
// CHECK-LABEL: func.func @element_types
// CHECK-DAG: arith.constant dense<[1.000000e+00, 4.480000e+02]> : tensor<2xf16>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 4.480000e+02]> : tensor<2xbf16>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 4.480000e+02]> : tensor<2xf64>
func.func @element_types() -> (tensor<2xf16>, tensor<2xbf16>, tensor<2xf64>) {
  %h = arith.constant dense<[1.0625, 1000.0]> : tensor<2xf16>
  %b = arith.constant dense<[1.0625, 1000.0]> : tensor<2xbf16>
  %d = arith.constant dense<[1.0625, 1000.0]> : tensor<2xf64>
  %0 = tq.quantize %h : tensor<2xf16> with "fp8_e4m3"
  %1 = tq.quantize %b : tensor<2xbf16> with "fp8_e4m3"
  %2 = tq.quantize %d : tensor<2xf64> with "fp8_e4m3"
  return %0, %1, %2 : tensor<2xf16>, tensor<2xbf16>, tensor<2xf64>
}

// "fp32" (IEEE binary32) holds every f32 value: the op folds away on f32
// whatever the rounding, as "fp16" does on f16; on f64 it rounds to f32's
// values (1/3 -> 0.3333333432674408, f32's nearest), 1e39 -> inf (beyond
// f32's max), 1e-46 -> 0 (below half of f32's smallest subnormal).
// CHECK-LABEL: func.func @fp32
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<[0.3333333432674408, 0x7FF0000000000000, 0.000000e+00]> : tensor<3xf64>
// CHECK-NEXT: return %arg0, %arg1, %[[C]]
func.func @fp32(%x: tensor<4xf32>, %h: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xf16>, tensor<3xf64>) {
  %0 = tq.quantize %x : tensor<4xf32> with "fp32"
  %1 = tq.quantize %h : tensor<4xf16> with "fp16,stochastic" seed(3)
  %c = arith.constant dense<[0.33333333333333331, 1.0e39, 1.0e-46]> : tensor<3xf64>
  %2 = tq.quantize %c : tensor<3xf64> with "fp32"
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf16>, tensor<3xf64>
}
