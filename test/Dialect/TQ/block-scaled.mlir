// Blocks with a float scale under a tensor scale (NVFP4) and MX-style
// blocks with float scales: strings, attributes, folding and errors.
// RUN: tq-opt %s --split-input-file | FileCheck %s --check-prefix=PRINT
// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s --check-prefix=FOLD
// RUN: tq-opt %S/Inputs/block-scaled-invalid.mlir --split-input-file --verify-diagnostics

// PRINT-LABEL: func.func @spellings
// PRINT:       with #tq.block_scaled<>
// PRINT:       with #tq.block_scaled<rounding = stochastic, axis = 0>
// PRINT:       with #tq.block_scaled<block = 32>
// PRINT:       with #tq.block_scaled<tensor_scale = false>
// PRINT:       with #tq.block_scaled<element = fp8_e4m3, block = 32, scale = fp8_e5m2>
// PRINT:       with #tq.mx<element = fp4_e2m1>
func.func @spellings(%x: tensor<4x64xf32>) -> (tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>) {
  %0 = tq.quantize %x : tensor<4x64xf32> with "nvfp4"
  %1 = tq.quantize %x : tensor<4x64xf32> with "nvfp4,stochastic,axis=0" seed(1)
  %2 = tq.quantize %x : tensor<4x64xf32> with "nvfp4,block=32"
  %3 = tq.quantize %x : tensor<4x64xf32> with "mxfp4,block=16,scale=fp8_e4m3"
  %4 = tq.quantize %x : tensor<4x64xf32> with "mxfp8,scale=fp8_e5m2,tensor_scale"
  %5 = tq.quantize %x : tensor<4x64xf32> with "mxfp4,scale=e8m0"
  return %0, %1, %2, %3, %4, %5 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>
}

// -----

// NVFP4 in blocks of 4 (test/Dialect/TQ/Inputs/new_formats_oracle.py
// computes the same numbers with Transformer Engine's reference formulas in
// PyTorch). A_t = 3, S = 2688 / 3 = 896.
// Block [1, 2, -3, 0.7]: A_b = 3, s_b = e4m3(3 / 6 * 896) = 448, e_b = 2;
// x * 2 = 2, 4, -6, 1.4 -> E2M1 2, 4, -6, 1.5; times 448 / 896.
// Block [0.25, 0.1, 0, -0.01]: s_b = e4m3(f32(0.25 / 6) * 896 = 37.33) = 36,
// e_b = f32(896 / 36) = 24.888889; x * e_b = 6.22, 2.49, 0, -0.249 -> 6, 2,
// 0, -0; times 36 / 896.
// FOLD-LABEL: func.func @fold
// FOLD-NEXT:   arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, -3.000000e+00, 7.500000e-01], [0.241071433, 0.0803571417, 0.000000e+00, -0.000000e+00]]> : tensor<2x4xf32>
func.func @fold() -> tensor<2x4xf32> {
  %c = arith.constant dense<[[1.0, 2.0, -3.0, 0.7], [0.25, 0.1, 0.0, -0.01]]> : tensor<2x4xf32>
  %0 = tq.quantize %c : tensor<2x4xf32> with "nvfp4,block=4"
  return %0 : tensor<2x4xf32>
}

// -----

// A static tensor amax (new_formats_oracle.py: the same numbers). amax = 2,
// below the tensor's 3: S = 2688 / 2 = 1344. Block [1, 2, -3, 0.7]: s_b =
// e4m3(min(3 / 6 * 1344, 448)) = 448, e_b = 3; x * 3 = 3, 6, -9, 2.1 ->
// E2M1 3, 6, -6 (saturated), 2; times 448 / 1344 = 1 / 3. Block [0.25,
// 0.1, 0, -0.01]: s_b = e4m3(f32(0.25 / 6) * 1344 = 56) = 56, e_b = 24;
// 6, 2.4, 0, -0.24 -> 6, 2, 0, -0; times 56 / 1344. The tensor is not
// measured, so a NaN makes only its block NaN: [0.5, 0.25] under amax 1
// (S = 2688, s_b = 224, e_b = 12: 6, 3) stays.
// PRINT-LABEL: func.func @static_tensor_scale
// PRINT:       with #tq.block_scaled<block = 4, amax = [2.000000e+00]>
// PRINT:       with #tq.block_scaled<block = 2, amax = [1.000000e+00]>
// PRINT:       with #tq.block_scaled<element = fp8_e4m3, scale = fp8_e5m2, rounding = up, amax = [1.000000e+03]>
// FOLD-LABEL: func.func @static_tensor_scale
// FOLD-NEXT:   arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, -2.000000e+00, 0.666666686], [2.500000e-01, 0.0833333358, 0.000000e+00, -0.000000e+00]]> : tensor<2x4xf32>
// FOLD-NEXT:   arith.constant dense<{{\[}}[0x7FC00000, 0x7FC00000], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xf32>
// MX E4M3 elements, E5M2 scales, rounding up, amax 1000: S = f32(57344 *
// 448 / 1000) = 25690.111; [0.5, 0.25]: s_b = e5m2(f32(0.5 / 448) * S =
// 28.672) = 28 (step 4), e_b = f32(S / 28) = 917.50397; 458.752 and
// 229.376 round up to 480 (above 448: saturates to 448) and 240; times 28
// / S = 0.48828125 and 0.261579245.
// FOLD-NEXT:   arith.constant dense<{{\[}}[0x7FC00000, 0x7FC00000], [0.48828125, 0.261579245]]> : tensor<2x2xf32>
func.func @static_tensor_scale() -> (tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %c = arith.constant dense<[[1.0, 2.0, -3.0, 0.7], [0.25, 0.1, 0.0, -0.01]]> : tensor<2x4xf32>
  %0 = tq.quantize %c : tensor<2x4xf32> with "nvfp4,block=4,amax=2"
  %n = arith.constant dense<[[1.0, 0x7FC00000], [0.5, 0.25]]> : tensor<2x2xf32>
  %1 = tq.quantize %n : tensor<2x2xf32> with "nvfp4,block=2,amax=1"
  %2 = tq.quantize %n : tensor<2x2xf32> with "mxfp8,block=16,scale=fp8_e5m2,tensor_scale,up,amax=1000"
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Without the tensor scale (S = 1), E4M3 block scales: [3, 0.7]: s_b =
// e4m3(0.5) = 0.5, e_b = 2: 6, 1.4 -> 6, 1.5 -> 3, 0.75. [0.01, 0.002]:
// s_b = e4m3(f32(0.01 / 6) = 0.0016666667) = 0.001953125 (the subnormal
// 2^-9), e_b = 512: 5.12, 1.024 -> 6 (ties and saturation: 5.12 is nearer
// 6 than 4), 1 -> 0.01171875, 0.001953125.
// FOLD-LABEL: func.func @no_tensor_scale
// FOLD-NEXT:   arith.constant dense<{{\[}}[3.000000e+00, 7.500000e-01], [0.01171875, 0.001953125]]> : tensor<2x2xf32>
func.func @no_tensor_scale() -> tensor<2x2xf32> {
  %c = arith.constant dense<[[3.0, 0.7], [0.01, 0.002]]> : tensor<2x2xf32>
  %0 = tq.quantize %c : tensor<2x2xf32> with "mxfp4,block=2,scale=fp8_e4m3"
  return %0 : tensor<2x2xf32>
}

// -----

// With a tensor scale, one NaN or Inf makes the whole tensor NaN; an
// all-zero tensor keeps its zeros and their signs (S = the f32 maximum).
// FOLD-LABEL: func.func @specials
// FOLD-NEXT:   arith.constant dense<0x7FC00000> : tensor<2x2xf32>
// FOLD-NEXT:   arith.constant dense<[0.000000e+00, -0.000000e+00]> : tensor<2xf32>
func.func @specials() -> (tensor<2x2xf32>, tensor<2xf32>) {
  %c = arith.constant dense<[[1.0, 2.0], [0x7F800000, 4.0]]> : tensor<2x2xf32>
  %0 = tq.quantize %c : tensor<2x2xf32> with "nvfp4,block=2"
  %z = arith.constant dense<[0.0, -0.0]> : tensor<2xf32>
  %1 = tq.quantize %z : tensor<2xf32> with "nvfp4"
  return %0, %1 : tensor<2x2xf32>, tensor<2xf32>
}
