// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s

// Quantizing a constant folds to the quantized constant, computed by the
// reference semantics: ties, every rounding mode, saturation, wrapping, -0.

// nearest,8,4 (ties away), step 1/16, range [-8, 7.9375]:
//   1.03125 = 16.5 steps -> 17 -> 1.0625;  -1.03125 -> -1.0625
//   1.09375 = 17.5 -> 18 -> 1.125;  100 -> 7.9375;  -100 -> -8;  -0.01 -> +0
// CHECK-LABEL: func.func @nearest_away
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1.062500e+00, -1.062500e+00, 1.125000e+00, 7.937500e+00, -8.000000e+00, 0.000000e+00]> : tensor<6xf32>
// CHECK-NEXT: return %[[C]]
func.func @nearest_away() -> tensor<6xf32> {
  %c = arith.constant dense<[1.03125, -1.03125, 1.09375, 100.0, -100.0, -0.01]> : tensor<6xf32>
  %0 = tq.quantize %c : tensor<6xf32> with "nearest,8,4"
  return %0 : tensor<6xf32>
}

// -----

// Ties to even: 16.5 -> 16, 17.5 -> 18.
// CHECK-LABEL: func.func @nearest_even
// CHECK-NEXT: arith.constant dense<[1.000000e+00, -1.000000e+00, 1.125000e+00]> : tensor<3xf32>
func.func @nearest_even() -> tensor<3xf32> {
  %c = arith.constant dense<[1.03125, -1.03125, 1.09375]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with #tq.fixed<bits = 8, frac = 4>
  return %0 : tensor<3xf32>
}

// -----

// -1.1 = -17.6 steps: toward zero -17, down -18, up -17, odd -17.
// 1.01 = 16.16 steps: toward zero 16, down 16, up 17, odd 17.
// CHECK-LABEL: func.func @directed
// CHECK-NEXT: %[[Z:.*]] = arith.constant dense<[-1.062500e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[D:.*]] = arith.constant dense<[-1.125000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[U:.*]] = arith.constant dense<[-1.062500e+00, 1.062500e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[Z]], %[[D]], %[[U]], %[[U]]
func.func @directed() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c = arith.constant dense<[-1.1, 1.01]> : tensor<2xf32>
  %0 = tq.quantize %c : tensor<2xf32> with "zero,8,4"
  %1 = tq.quantize %c : tensor<2xf32> with "down,8,4"
  %2 = tq.quantize %c : tensor<2xf32> with "up,8,4"
  %3 = tq.quantize %c : tensor<2xf32> with "odd,8,4"
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// TensorQuant's nearest,16,8 saturates at (2^15 - 1) / 2^8 = 127.99609375
// (its TF2 Python path wrongly used 64).
// CHECK-LABEL: func.func @saturation
// MLIR prints the shortest decimal that reads back as the same f32.
// CHECK-NEXT: arith.constant dense<[127.996094, -1.280000e+02, 1.000000e+02]> : tensor<3xf32>
func.func @saturation() -> tensor<3xf32> {
  %c = arith.constant dense<[1000.0, -1000.0, 100.0]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with "nearest,16,8"
  return %0 : tensor<3xf32>
}

// -----

// Wrapping two's complement, 8 bits, integers: 128 -> -128, 130.4 -> 130 ->
// -126, -129 -> 127, and ±Inf saturates even when wrapping.
// CHECK-LABEL: func.func @wrap
// CHECK-NEXT: arith.constant dense<[-1.280000e+02, -1.260000e+02, 1.270000e+02, 1.270000e+02, -1.280000e+02]> : tensor<5xf32>
func.func @wrap() -> tensor<5xf32> {
  %c = arith.constant dense<[128.0, 130.4, -129.0, 0x7F800000, 0xFF800000]> : tensor<5xf32>
  %0 = tq.quantize %c : tensor<5xf32> with #tq.fixed<bits = 8, frac = 0, overflow = wrap>
  return %0 : tensor<5xf32>
}

// -----

// Unsigned: negative values saturate to 0; NaN stays NaN with its bits.
// CHECK-LABEL: func.func @unsigned
// CHECK-NEXT: arith.constant dense<[0.000000e+00, 2.550000e+02, 0x7FC00001]> : tensor<3xf32>
func.func @unsigned() -> tensor<3xf32> {
  %c = arith.constant dense<[-3.0, 300.0, 0x7FC00001]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with "fixed,8,0,unsigned"
  return %0 : tensor<3xf32>
}

// -----

// Splat constants fold to splats (a 10^6-element splat stays a splat); scalars to scalars; f16, bf16 and f64.
// CHECK-LABEL: func.func @shapes
// CHECK-DAG: arith.constant dense<1.062500e+00> : tensor<1000x1000xf32>
// CHECK-DAG: arith.constant 1.062500e+00 : f16
// CHECK-DAG: arith.constant 1.062500e+00 : bf16
// CHECK-DAG: arith.constant dense<[1.062500e+00, 2.500000e-01]> : vector<2xf64>
func.func @shapes() -> (tensor<1000x1000xf32>, f16, bf16, vector<2xf64>) {
  %t = arith.constant dense<1.03125> : tensor<1000x1000xf32>
  %h = arith.constant 1.03125 : f16
  %b = arith.constant 1.03125 : bf16
  %v = arith.constant dense<[1.03125, 0.27]> : vector<2xf64>
  %0 = tq.quantize %t : tensor<1000x1000xf32> with "nearest,8,4"
  %1 = tq.quantize %h : f16 with "nearest,8,4"
  %2 = tq.quantize %b : bf16 with "nearest,8,4"
  %3 = tq.quantize %v : vector<2xf64> with "nearest,8,4"
  return %0, %1, %2, %3 : tensor<1000x1000xf32>, f16, bf16, vector<2xf64>
}

// -----

// 32-bit fixed point on f32: the exact fixed-point value is rounded once
// into f32 (round to nearest even). 0.1 -> 6553.6 steps of 2^-16 -> 6554 *
// 2^-16 = 0.100006103515625, exact in f32.
// CHECK-LABEL: func.func @wide
// CHECK-NEXT: arith.constant dense<[0.100006104, 3.276800e+04]> : tensor<2xf32>
func.func @wide() -> tensor<2xf32> {
  %c = arith.constant dense<[0.1, 1.0e9]> : tensor<2xf32>
  %0 = tq.quantize %c : tensor<2xf32> with "fixed,32,16"
  return %0 : tensor<2xf32>
}
