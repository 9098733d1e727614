// MX scale rounding (floor, the default; ceil; even; rceil): strings,
// attributes, folding and errors.
// RUN: tq-opt %s --split-input-file | FileCheck %s --check-prefix=PRINT
// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s --check-prefix=FOLD
// RUN: not tq-opt %S/Inputs/mx-scale-rounding-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD

// The string option and the attribute parameter; floor is elided.
// PRINT-LABEL: func.func @spellings
// PRINT:       #tq.mx<element = fp4_e2m1, block = 1>
// PRINT:       #tq.mx<element = fp4_e2m1, block = 1, scale_rounding = ceil>
// PRINT:       #tq.mx<scale_rounding = even>
// PRINT:       #tq.mx<element = int8, rounding = toward_zero, scale_rounding = rceil>
// PRINT:       #tq.mx<element = fp4_e2m1, block = 1, scale_rounding = rceil>
func.func @spellings(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0 = tq.quantize %x : tensor<8xf32> with "mxfp4,block=1,scale_rounding=floor"
  %1 = tq.quantize %x : tensor<8xf32> with "mxfp4,block=1,scale_rounding=ceil"
  %2 = tq.quantize %x : tensor<8xf32> with "mxfp8,scale_rounding=even"
  %3 = tq.quantize %x : tensor<8xf32> with "mxint8,scale_rounding=rceil,toward_zero"
  %4 = tq.quantize %x : tensor<8xf32> with #tq.mx<element = fp4_e2m1, block = 1, scale_rounding = rceil>
  return %0, %1, %2, %3, %4 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// One value per block, MXFP4 (E2M1: 0, .5, 1, 1.5, 2, 3, 4, 6; emax 2):
// 5 -> s = 0 (floor, even, rceil) ties to 4; ceil s = 1: 2.5 -> 2 -> 4.
// 7 -> floor s = 0 saturates to 6; ceil, even (1.75 carries), rceil
// (7/6 -> 2^1) s = 1: 3.5 -> 4 -> 8. 6 -> 6 in every mode (rceil: 6 *
// fl32(1/6) rounds to 1.0).
// FOLD-LABEL: func.func @fold
// FOLD-NEXT:   %[[F:.*]] = arith.constant dense<[4.000000e+00, 6.000000e+00, 6.000000e+00]> : tensor<3xf32>
// FOLD-NEXT:   %[[H:.*]] = arith.constant dense<[4.000000e+00, 8.000000e+00, 6.000000e+00]> : tensor<3xf32>
// FOLD-NEXT:   return %[[F]], %[[H]], %[[H]], %[[H]]
func.func @fold() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %c = arith.constant dense<[5.0, 7.0, 6.0]> : tensor<3xf32>
  %0 = tq.quantize %c : tensor<3xf32> with "mxfp4,block=1"
  %1 = tq.quantize %c : tensor<3xf32> with "mxfp4,block=1,scale_rounding=ceil"
  %2 = tq.quantize %c : tensor<3xf32> with "mxfp4,block=1,scale_rounding=even"
  %3 = tq.quantize %c : tensor<3xf32> with "mxfp4,block=1,scale_rounding=rceil"
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// An unknown mode is reported at its first character ('u', column 66).
// BAD: mx-scale-rounding-bad.mlir:4:66: error: custom op 'tq.quantize' invalid quantizer "mxfp4,scale_rounding=up": unknown scale rounding 'up' (expected floor, ceil, even or rceil)
