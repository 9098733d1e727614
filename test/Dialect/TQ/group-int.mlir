// Group-wise integers (GPTQ's quantizer): strings, attributes, folding and
// errors.
// RUN: tq-opt %s --split-input-file | FileCheck %s --check-prefix=PRINT
// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s --check-prefix=FOLD
// RUN: tq-opt %S/Inputs/group-int-invalid.mlir --split-input-file --verify-diagnostics

// PRINT-LABEL: func.func @spellings
// PRINT:       with #tq.group_int<>
// PRINT:       with #tq.group_int<bits = 8, group = 32, symmetric = true, scale = bf16, axis = 0>
// PRINT:       with #tq.group_int<bits = 3, group = 64, scale = f32>
func.func @spellings(%x: tensor<4x128xf32>) -> (tensor<4x128xf32>, tensor<4x128xf32>, tensor<4x128xf32>) {
  %0 = tq.quantize %x : tensor<4x128xf32> with "int4_g128"
  %1 = tq.quantize %x : tensor<4x128xf32> with "int8_g32,sym,scale=bf16,axis=0"
  %2 = tq.quantize %x : tensor<4x128xf32> with #tq.group_int<bits = 3, group = 64, scale = f32>
  return %0, %1, %2 : tensor<4x128xf32>, tensor<4x128xf32>, tensor<4x128xf32>
}

// -----

// The numbers of GPTQ's quantizer in PyTorch, f32 with the scale rounded
// through f16 / bf16 (test/Dialect/TQ/Inputs/new_formats_oracle.py).
// Group [0.31, -0.12, 0.05, 0.77], 4 bits asymmetric: lo = -0.12, hi =
// 0.77, s = f16(0.89 / 15) = 0.059326171875, z = round(0.12 / s) = 2;
// x / s rounded: 5, -2, 1, 13 -> (q - z) * s = 3s, -4s... as below. The
// group [-0.001, 0.002, 0, 0] keeps its small values (s = f16(0.0002)).
// FOLD-LABEL: func.func @fold
// FOLD-NEXT:   arith.constant dense<{{\[}}[0.296630859, -0.118652344, 0.0593261719, 0.771240234, -0.433349609, 0.000000e+00, 0.173339844, 0.866699218], [1.59960938, 2.59936523, 2.99926758, 1.19970703, -0.00100016594, 0.00200033188, 0.000000e+00, 0.000000e+00]]> : tensor<2x8xf32>
// FOLD-NEXT:   arith.constant dense<{{\[}}[0.307983398, -0.102661133, 0.000000e+00, 0.71862793, -0.359985352, 0.000000e+00, 0.239990234, 0.83996582], [1.59960938, 2.39941406, 2.79931641, 1.19970703, -0.00106620789, 0.0018658638, 0.000000e+00, 0.000000e+00]]> : tensor<2x8xf32>
// FOLD-NEXT:   arith.constant dense<{{\[}}[0.37109375, -0.185546875, 0.000000e+00, 0.7421875, -0.37109375, 0.000000e+00, 0.185546875, 0.927734375], [1.2890625, 2.578125, 3.0078125, 1.2890625, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x8xf32>
func.func @fold() -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %c = arith.constant dense<[[0.31, -0.12, 0.05, 0.77, -0.4, 0.0, 0.2, 0.9], [1.5, 2.5, 3.0, 1.25, -0.001, 0.002, 0.0, 0.0]]> : tensor<2x8xf32>
  %0 = tq.quantize %c : tensor<2x8xf32> with "int4_g4"
  %1 = tq.quantize %c : tensor<2x8xf32> with "int4_g4,sym"
  %2 = tq.quantize %c : tensor<2x8xf32> with "int3_g8,scale=bf16"
  return %0, %1, %2 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// 8 bits symmetric, groups of 2 (z = 128). A group holding NaN or Inf
// becomes NaN, the others are quantized: [1, 2]: s = f16(4 / 255) =
// 0.01568603515625, 1 / s = 63.75 -> 64 -> 1.00390625; 2 / s = 127.5 ->
// 128 (to even), + z = 256, clamped to 255 -> 127 s = 1.99212646. An
// all-zero group stays zero (lo = -1, hi = 1). A range beyond f16
// saturates the scale to 65504: 1e9 / 65504 -> q clamped to 255 ->
// 127 * 65504 = 8319008 (0x4AFDE040).
// FOLD-LABEL: func.func @specials
// FOLD-NEXT:   arith.constant dense<[0x7FC00000, 0x7FC00000, 1.00390625, 1.99212646, 0.000000e+00, 0.000000e+00, 0x4AFDE040, 0.000000e+00]> : tensor<8xf32>
func.func @specials() -> tensor<8xf32> {
  %c = arith.constant dense<[0x7FC00000, 1.0, 1.0, 2.0, 0.0, -0.0, 1.0e9, 0.0]> : tensor<8xf32>
  %0 = tq.quantize %c : tensor<8xf32> with "int8_g2,sym"
  return %0 : tensor<8xf32>
}
