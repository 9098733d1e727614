// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s

// Power of two, binary, ternary, sparse, affine and identity fold through
// the reference semantics.

// logarithmic (floor in the log domain, TensorQuant): 0.75 -> 0.5, -3.9 ->
// -2; zero stays zero (TensorQuant gave ±2^-30), -0 stays -0; Inf -> 2^127
// (f32's largest binade); NaN stays NaN.
// CHECK-LABEL: func.func @logarithmic
// CHECK-NEXT: arith.constant dense<[5.000000e-01, -2.000000e+00, 0.000000e+00, -0.000000e+00, 1.70141183E+38, 0x7FC00000]> : tensor<6xf32>
func.func @logarithmic() -> tensor<6xf32> {
  %c = arith.constant dense<[0.75, -3.9, 0.0, -0.0, 0x7F800000, 0x7FC00000]> : tensor<6xf32>
  %0 = tq.quantize %c : tensor<6xf32> with "logarithmic"
  return %0 : tensor<6xf32>
}

// -----

// Nearest in the log domain switches at sqrt(2) * 2^k: 1.41 -> 1, 1.42 -> 2,
// 0.7 -> 0.5 (0.7 < sqrt(2)/2); exponents clamp to [-8, 1]: 100 -> 2,
// 0.001 (2^-10 after rounding) -> 0.
// CHECK-LABEL: func.func @pow2_nearest
// CHECK-NEXT: arith.constant dense<[1.000000e+00, 2.000000e+00, 5.000000e-01, 2.000000e+00, 0.000000e+00]> : tensor<5xf32>
func.func @pow2_nearest() -> tensor<5xf32> {
  %c = arith.constant dense<[1.41, 1.42, 0.7, 100.0, 0.001]> : tensor<5xf32>
  %0 = tq.quantize %c : tensor<5xf32> with "pow2,nearest,min_exp=-8,max_exp=1"
  return %0 : tensor<5xf32>
}

// -----

// binary,0.5: x >= 0 -> 0.5 (including -0), else -0.5; NaN stays.
// CHECK-LABEL: func.func @binary
// CHECK-NEXT: arith.constant dense<[5.000000e-01, 5.000000e-01, -5.000000e-01, -5.000000e-01, 0x7FC00000]> : tensor<5xf32>
func.func @binary() -> tensor<5xf32> {
  %c = arith.constant dense<[3.0, -0.0, -1.0e-30, 0xFF800000, 0x7FC00000]> : tensor<5xf32>
  %0 = tq.quantize %c : tensor<5xf32> with "binary,0.5"
  return %0 : tensor<5xf32>
}

// -----

// ternary with threshold 0.5: strictly beyond ±t gives ±m.
// CHECK-LABEL: func.func @ternary
// CHECK-NEXT: arith.constant dense<[2.000000e+00, 0.000000e+00, -2.000000e+00, 0.000000e+00]> : tensor<4xf32>
func.func @ternary() -> tensor<4xf32> {
  %c = arith.constant dense<[0.6, 0.5, -0.51, -0.2]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "ternary,2,0.5"
  return %0 : tensor<4xf32>
}

// -----

// ternary without threshold: t = 0.7 * mean|x| over the whole tensor =
// 0.7 * 3.6 / 4 = 0.63 (the splat case expands: 0.7 * 0.2 = 0.14 < 0.2).
// CHECK-LABEL: func.func @ternary_auto
// CHECK-DAG: arith.constant dense<[1.000000e+00, -1.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK-DAG: arith.constant dense<1.000000e+00> : tensor<2x2xf32>
func.func @ternary_auto() -> (tensor<4xf32>, tensor<2x2xf32>) {
  %c = arith.constant dense<[1.0, -2.0, 0.5, 0.1]> : tensor<4xf32>
  %s = arith.constant dense<0.2> : tensor<2x2xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "ternary"
  %1 = tq.quantize %s : tensor<2x2xf32> with "ternary"
  return %0, %1 : tensor<4xf32>, tensor<2x2xf32>
}

// -----

// sparse,0.1: |x| >= 0.1 kept; dropped values keep their sign.
// CHECK-LABEL: func.func @sparse
// CHECK-NEXT: arith.constant dense<[1.000000e-01, -0.000000e+00, 0.000000e+00, -2.000000e+00]> : tensor<4xf32>
func.func @sparse() -> tensor<4xf32> {
  %c = arith.constant dense<[0.1, -0.05, 0.0999, -2.0]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "sparse,0.1"
  return %0 : tensor<4xf32>
}

// -----

// affine,8,0.05,3 in f32 like PyTorch: 1.0 * f32(1/0.05) = 20 -> q = 23 ->
// (23 - 3) * 0.05f = 1.0; 100 -> clamps to 127 -> 124 * 0.05f = 6.2;
// -100 -> -128 -> -131 * 0.05f; 0.026 * 20 = 0.52 -> 1 step -> 0.05f.
// (124 * 0.05f is 6.20000029 in f32, as in PyTorch.)
// CHECK-LABEL: func.func @affine
// CHECK-NEXT: arith.constant dense<[1.000000e+00, 6.20000029, -6.550000e+00, 5.000000e-02]> : tensor<4xf32>
func.func @affine() -> tensor<4xf32> {
  %c = arith.constant dense<[1.0, 100.0, -100.0, 0.026]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "affine,8,0.05,3"
  return %0 : tensor<4xf32>
}

// -----

// Per channel along axis 1 (scales 0.25, 0.5, 1): 1.3 -> 1.25, 1.5, 1;
// 4-bit signed saturates at 7 steps: 100 -> 1.75, 3.5, 7.
// CHECK-LABEL: func.func @affine_per_channel
// CHECK-NEXT: arith.constant dense<{{\[}}[1.250000e+00, 1.500000e+00, 1.000000e+00], [1.750000e+00, 3.500000e+00, 7.000000e+00]]> : tensor<2x3xf32>
func.func @affine_per_channel() -> tensor<2x3xf32> {
  %c = arith.constant dense<[[1.3, 1.3, 1.3], [100.0, 100.0, 100.0]]> : tensor<2x3xf32>
  %0 = tq.quantize %c : tensor<2x3xf32> with #tq.affine<bits = 4, scale = [0.25, 0.5, 1.0], zero_point = [0, 0, 0], axis = 1>
  return %0 : tensor<2x3xf32>
}

// -----

// The identity folds to its input, constant or not.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "none"
  return %0 : tensor<4xf32>
}
