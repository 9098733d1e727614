// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s

// Block formats fold block by block.

// MXFP4 along the last axis, blocks of 4. Block 1: max 6.5 -> shared
// exponent floor(log2 6.5) - 2 = 0; E2M1 values 0, .5, 1, 1.5, 2, 3, 4, 6:
// 1 -> 1, 0.3 -> 0.5, -6.5 -> -6 (saturates), 0.01 -> 0. Block 2: max 0.75
// -> exponent -1 - 2 = -3, scale 1/8: 0.75 -> 6/8, 0.3 -> 2.4/8 -> 2/8,
// 0.1 -> 0.8/8 -> 1/8, -0.02 -> -0.16/8 -> -0.
// CHECK-LABEL: func.func @mxfp4
// CHECK-NEXT: arith.constant dense<{{\[}}[1.000000e+00, 5.000000e-01, -6.000000e+00, 0.000000e+00], [7.500000e-01, 2.500000e-01, 1.250000e-01, -0.000000e+00]]> : tensor<2x4xf32>
func.func @mxfp4() -> tensor<2x4xf32> {
  %c = arith.constant dense<[[1.0, 0.3, -6.5, 0.01], [0.75, 0.3, 0.1, -0.02]]> : tensor<2x4xf32>
  %0 = tq.quantize %c : tensor<2x4xf32> with "mxfp4,block=4"
  return %0 : tensor<2x4xf32>
}

// -----

// Blocks along axis 0 (columns here), block size 2: column {100, 1}: exponent
// 6 - 8 = -2 for E4M3, 100/4 = 25 -> 24 -> 96; column {0.1, 0.01}: exponent
// -4 - 8 = -12, 0.1 * 4096 = 409.6 -> 416 (step 32), 0.01 * 4096 = 40.96 ->
// 40 (step 4).
// CHECK-LABEL: func.func @mxfp8_axis0
// CHECK-NEXT: arith.constant dense<{{\[}}[9.600000e+01, 0.1015625], [1.000000e+00, 0.009765625]]> : tensor<2x2xf32>
func.func @mxfp8_axis0() -> tensor<2x2xf32> {
  %c = arith.constant dense<[[100.0, 0.1], [1.0, 0.01]]> : tensor<2x2xf32>
  %0 = tq.quantize %c : tensor<2x2xf32> with "mxfp8,block=2,axis=0"
  return %0 : tensor<2x2xf32>
}

// -----

// MXINT8: 8-bit two's complement with 6 fractional bits, exponent
// floor(log2 max) - 0. Block max 1.99 -> exponent 0: 0.3 * 64 = 19.2 -> 19
// -> 0.296875; 1.99 * 64 = 127.36 -> 127 -> 1.984375; -0.75 exact.
// CHECK-LABEL: func.func @mxint8
// CHECK-NEXT: arith.constant dense<[1.000000e+00, -7.500000e-01, 2.968750e-01, 1.984375]> : tensor<4xf32>
func.func @mxint8() -> tensor<4xf32> {
  %c = arith.constant dense<[1.0, -0.75, 0.3, 1.99]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "mxint8"
  return %0 : tensor<4xf32>
}

// -----

// A block holding Inf or NaN becomes NaN (the MX spec's NaN scale); the
// NaN input keeps its bits, the others become the canonical NaN. Other
// blocks are unaffected; an all-zero block stays zero with its signs.
// CHECK-LABEL: func.func @mx_specials
// CHECK-NEXT: arith.constant dense<[0x7FC00000, 0x7FC00000, 0x7FC00000, 0xFFC00001, 2.000000e+00, 3.000000e+00, 0.000000e+00, -0.000000e+00]> : tensor<8xf32>
func.func @mx_specials() -> tensor<8xf32> {
  %c = arith.constant dense<[1.0, 0x7F800000, 1.0, 0xFFC00001, 2.0, 3.0, 0.0, -0.0]> : tensor<8xf32>
  %0 = tq.quantize %c : tensor<8xf32> with "mxfp8,block=2"
  return %0 : tensor<8xf32>
}

// -----

// A partial last block (10 elements, blocks of 4) has its own scale: the
// third block {0.5, 0.26} gets exponent -1 - 2 = -3: 0.26 * 8 = 2.08 -> 2.
// CHECK-LABEL: func.func @mx_partial
// CHECK-NEXT: arith.constant dense<[4.000000e+00, 4.000000e+00, 4.000000e+00, 4.000000e+00, 4.000000e+00, 4.000000e+00, 4.000000e+00, 4.000000e+00, 5.000000e-01, 2.500000e-01]> : tensor<10xf32>
func.func @mx_partial() -> tensor<10xf32> {
  %c = arith.constant dense<[4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 0.5, 0.26]> : tensor<10xf32>
  %0 = tq.quantize %c : tensor<10xf32> with "mxfp4,block=4"
  return %0 : tensor<10xf32>
}

// -----

// Block floating point, 4-bit mantissas: max 0.97 -> E = -1, step
// 2^(-1 - 4 + 2) = 1/8, integers in [-8, 7]: 0.9 -> 7.2 -> 7 -> 0.875;
// 0.1 -> 0.8 -> 1; -0.5 -> -4; -0.97 -> -7.76 -> -8 -> -1.
// CHECK-LABEL: func.func @bfp
// CHECK-NEXT: arith.constant dense<[8.750000e-01, 1.250000e-01, -5.000000e-01, -1.000000e+00]> : tensor<4xf32>
func.func @bfp() -> tensor<4xf32> {
  %c = arith.constant dense<[0.9, 0.1, -0.5, -0.97]> : tensor<4xf32>
  %0 = tq.quantize %c : tensor<4xf32> with "bfp,4"
  return %0 : tensor<4xf32>
}

// -----

// A splat folds through the block semantics too (expanded, then splat
// again): every block of 0.3 has max 0.3 -> E4M3 exponent -2 - 8 = -10,
// 0.3 * 1024 = 307.2 -> 320 (step 32) -> 0.3125.
// CHECK-LABEL: func.func @mx_splat
// CHECK-NEXT: arith.constant dense<3.125000e-01> : tensor<4x64xf32>
func.func @mx_splat() -> tensor<4x64xf32> {
  %c = arith.constant dense<0.3> : tensor<4x64xf32>
  %0 = tq.quantize %c : tensor<4x64xf32> with "mxfp8"
  return %0 : tensor<4x64xf32>
}
