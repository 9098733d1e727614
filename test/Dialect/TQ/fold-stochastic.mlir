// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s

// Stochastic rounding is a pure function of (value, seed, index): it folds,
// reproducibly. The expected values follow from Random123's published
// Philox4x32-10 vector for key 0, counter 0:
//   words 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8
//   = 0.3997, 0.8805, 0.7357, 0.6055 of 2^32,
// which are the random numbers of elements 0..3 under seed 0. An element
// rounds up when its random number is below the fraction being discarded.

// fixed<8, 0> stochastic, fractions 0.3, 0.9, 0.75, 0.6:
//   0.3997 >= 0.3 -> 1;  0.8805 < 0.9 -> 2;  0.7357 < 0.75 -> 2;
//   0.6055 >= 0.6 -> 1.
// CHECK-LABEL: func.func @philox_vector
// CHECK-NEXT: arith.constant dense<[1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00]> : tensor<4xf32>
func.func @philox_vector() -> tensor<4xf32> {
  %c = arith.constant dense<[1.3, 1.9, 1.75, 1.6]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "fixed,8,0,stochastic" seed(0)
  return %0 : tensor<4xf32>
}

// -----

// Negative values round away from zero with the same probability:
// -1.3 (0.3997 >= 0.3) -> -1, -1.9 (0.8805 < 0.9) -> -2.
// CHECK-LABEL: func.func @negative
// CHECK-NEXT: arith.constant dense<[-1.000000e+00, -2.000000e+00]> : tensor<2xf32>
func.func @negative() -> tensor<2xf32> {
  %c = arith.constant dense<[-1.3, -1.9]> : tensor<2xf32>
  %0 = tq.quantize %c : tensor<2xf32> with "stochastic,8,0"
  return %0 : tensor<2xf32>
}

// -----

// A splat becomes a non-splat: each element has its own random number.
// 1.5 rounds up iff its number is below 0.5: only element 0 (0.3997).
// CHECK-LABEL: func.func @splat
// CHECK-NEXT: arith.constant dense<[2.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00]> : tensor<4xf32>
func.func @splat() -> tensor<4xf32> {
  %c = arith.constant dense<1.5> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "stochastic,8,0"
  return %0 : tensor<4xf32>
}

// -----

// The same op folds to the same constant every time; the value does not
// depend on anything but the seed and the index. Values already on the grid
// never move.
// CHECK-LABEL: func.func @reproducible
// CHECK-NEXT: %[[A:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, -4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[A]], %[[A]], %[[B]]
func.func @reproducible() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = arith.constant dense<[1.3, 1.9, 1.75, 1.6]> : tensor<4xf32>
  %g = arith.constant dense<[1.0, 2.0, 3.0, -4.0]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "stochastic,8,0"
  %1 = tq.quantize %c : tensor<4xf32> with "stochastic,8,0"
  %2 = tq.quantize %g : tensor<4xf32> with "stochastic,8,0" seed(12345)
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// With a run-time offset the random indices are unknown: no folding.
// CHECK-LABEL: func.func @offset
// CHECK: tq.quantize
func.func @offset(%i: index) -> tensor<4xf32> {
  %c = arith.constant dense<[1.3, 1.9, 1.75, 1.6]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "stochastic,8,0" offset(%i)
  return %0 : tensor<4xf32>
}
