// FP8 with an f32 scale per line (torchao's rowwise float8): strings,
// attributes, folding and errors.
// RUN: tq-opt %s --split-input-file | FileCheck %s --check-prefix=PRINT
// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s --check-prefix=FOLD
// RUN: tq-opt %S/Inputs/scaled-fp8-invalid.mlir --split-input-file --verify-diagnostics

// PRINT-LABEL: func.func @spellings
// PRINT:       with #tq.scaled_fp8<>
// PRINT:       with #tq.scaled_fp8<element = fp8_e5m2, axis = 0>
// PRINT:       with #tq.scaled_fp8<axis = 0>
func.func @spellings(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = tq.quantize %x : tensor<4x8xf32> with "fp8_e4m3_rowwise"
  %1 = tq.quantize %x : tensor<4x8xf32> with "fp8_e5m2_rowwise,axis=0"
  %2 = tq.quantize %x : tensor<4x8xf32> with #tq.scaled_fp8<element = fp8_e4m3, axis = 0>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Row [1, 2, -3, 0.5]: A = 3, s = f32(448 / 3) = 149.33333; x * s in f32:
// 149.33333, 298.66666, -448, 74.666664; in E4M3 (steps 16, 32, 32, 8):
// 144, 288, -448, 72; divided by s in f32: 0.96428573, 1.9285715, -3,
// 0.48214287 (numpy float32 gives the same). An all-zero row keeps its
// zeros and their signs (s = 448e12).
// FOLD-LABEL: func.func @fold
// FOLD-NEXT:   arith.constant dense<{{\[}}[0.964285731, 1.92857146, -3.000000e+00, 0.482142866], [0.000000e+00, -0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
func.func @fold() -> tensor<2x4xf32> {
  %c = arith.constant dense<[[1.0, 2.0, -3.0, 0.5], [0.0, -0.0, 0.0, 0.0]]> : tensor<2x4xf32>
  %0 = tq.quantize %c : tensor<2x4xf32> with "fp8_e4m3_rowwise"
  return %0 : tensor<2x4xf32>
}

// -----

// Tensorwise: one scale for the whole tensor, from its largest magnitude
// (A = 3, s = f32(448 / 3) = 149.33333 as for the first row above); 0.25 *
// s = 37.333332 -> E4M3 36 (step 4) -> 36 / s = 0.241071433.
// PRINT-LABEL: func.func @tensorwise
// PRINT:       with #tq.scaled_fp8<tensorwise = true>
// PRINT:       with #tq.scaled_fp8<element = fp8_e5m2, tensorwise = true>
// FOLD-LABEL: func.func @tensorwise
// FOLD-NEXT:   arith.constant dense<{{\[}}[0.964285731, 1.92857146, -3.000000e+00, 0.482142866], [0.241071433, -0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
// FOLD-NEXT:   arith.constant dense<0x7FC00000> : tensor<2xf32>
func.func @tensorwise() -> (tensor<2x4xf32>, tensor<2xf32>) {
  %c = arith.constant dense<[[1.0, 2.0, -3.0, 0.5], [0.25, -0.0, 0.0, 0.0]]> : tensor<2x4xf32>
  %0 = tq.quantize %c : tensor<2x4xf32> with "fp8_e4m3_tensorwise"
  %n = arith.constant dense<[1.0, 0xFF800000]> : tensor<2xf32>
  %1 = tq.quantize %n : tensor<2xf32> with "fp8_e5m2_tensorwise"
  return %0, %1 : tensor<2x4xf32>, tensor<2xf32>
}

// -----

// Static (calibrated) scales: amax given, s = f32(448 / amax), each element
// on its own. Along axis 0 with amax [2.5, 0.75]: s = 179.2 and 597.33331.
// Row 0: 1 * s = 179.2 -> E4M3 176 (step 16) -> 0.982142865; 2 -> 358.4 ->
// 352 (step 32) -> 1.96428573; -3 -> -537.6 saturates to -448 -> -2.5;
// 0.5 -> 89.6 -> 88 (step 8) -> 0.491071433. Row 1: 0.1 -> 59.73 -> 60
// (step 4) -> 0.100446433; 0.2 -> 119.47 -> 120 -> 0.200892866; 100
// saturates -> 0.75; NaN stays NaN. Tensorwise amax 3 (s = 149.33333):
// 1 -> 144 -> 0.964285731, 2 -> 288 -> 1.92857146, +Inf saturates to
// 448 / s = 3, 0.3 -> 44.8 -> 44 -> 0.294642866.
// PRINT-LABEL: func.func @static
// PRINT:       with #tq.scaled_fp8<axis = 0, amax = [2.500000e+00, 7.500000e-01]>
// PRINT:       with #tq.scaled_fp8<tensorwise = true, amax = [3.000000e+00]>
// PRINT:       with #tq.scaled_fp8<element = fp8_e5m2, amax = [1.000000e+00, 2.000000e+00]>
// FOLD-LABEL: func.func @static
// FOLD-NEXT:   arith.constant dense<{{\[}}[0.982142865, 1.96428573, -2.500000e+00, 0.491071433], [0.100446433, 0.200892866, 7.500000e-01, 0x7FC00000]]> : tensor<2x4xf32>
// FOLD-NEXT:   arith.constant dense<[0.964285731, 1.92857146, 3.000000e+00, 0.294642866]> : tensor<4xf32>
func.func @static() -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4x2xf32>) {
  %x = arith.constant dense<[[1.0, 2.0, -3.0, 0.5], [0.1, 0.2, 100.0, 0x7FC00000]]> : tensor<2x4xf32>
  %a = tq.quantize %x : tensor<2x4xf32> with "fp8_e4m3_rowwise,axis=0,amax=2.5;0.75"
  %y = arith.constant dense<[1.0, 2.0, 0x7F800000, 0.3]> : tensor<4xf32>
  %b = tq.quantize %y : tensor<4xf32> with "fp8_e4m3_tensorwise,amax=3"
  %z = arith.constant dense<1.0> : tensor<4x2xf32>
  %c = tq.quantize %z : tensor<4x2xf32> with "fp8_e5m2_rowwise,amax=1;2"
  return %a, %b, %c : tensor<2x4xf32>, tensor<4xf32>, tensor<4x2xf32>
}

// -----

// Options repeat as everywhere in the language: the last amax wins.
// PRINT-LABEL: func.func @repeated
// PRINT:       with #tq.scaled_fp8<amax = [1.000000e+00, 2.000000e+00]>
func.func @repeated(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = tq.quantize %x : tensor<4x2xf32> with "fp8_e4m3_rowwise,amax=9;9;9,amax=1;2"
  return %0 : tensor<4x2xf32>
}
