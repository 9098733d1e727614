// RUN: tq-opt %s --canonicalize --split-input-file | FileCheck %s

// Quantizing the result of the same idempotent quantizer again folds away.

// CHECK-LABEL: func.func @same
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %[[X]] : tensor<4xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT: return %[[Q]]
func.func @same(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "fp8_e4m3"
  %1 = tq.quantize %0 : tensor<4xf32> with "fp8_e4m3"
  %2 = tq.quantize %1 : tensor<4xf32> with "fp8_e4m3"
  return %2 : tensor<4xf32>
}

// -----

// Stochastic rounding leaves values on its grid alone, whatever the seed.
// CHECK-LABEL: func.func @stochastic
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %{{.*}} seed(1)
// CHECK-NEXT: return %[[Q]]
func.func @stochastic(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "stochastic,8,4" seed(1)
  %1 = tq.quantize %0 : tensor<4xf32> with "stochastic,8,4" seed(2)
  return %1 : tensor<4xf32>
}

// -----

// Different quantizers do not fold.
// CHECK-LABEL: func.func @different
// CHECK-COUNT-2: tq.quantize
func.func @different(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "nearest,8,4"
  %1 = tq.quantize %0 : tensor<4xf32> with "nearest,8,3"
  return %1 : tensor<4xf32>
}

// -----

// Ternary with an automatic threshold is not idempotent (the mean changes),
// nor is ternary whose magnitude is not above its threshold.
// CHECK-LABEL: func.func @not_idempotent
// CHECK-COUNT-4: tq.quantize
func.func @not_idempotent(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = tq.quantize %x : tensor<4xf32> with "ternary"
  %1 = tq.quantize %0 : tensor<4xf32> with "ternary"
  %2 = tq.quantize %x : tensor<4xf32> with "ternary,0.5,0.5"
  %3 = tq.quantize %2 : tensor<4xf32> with "ternary,0.5,0.5"
  return %1, %3 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Affine quantization is idempotent only with a nearest mode (a directed
// mode can step off the grid through the f32 reciprocal).
// CHECK-LABEL: func.func @affine
// CHECK-COUNT-3: tq.quantize
// CHECK-NOT: tq.quantize
func.func @affine(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = tq.quantize %x : tensor<4xf32> with "affine,8,0.1,0"
  %1 = tq.quantize %0 : tensor<4xf32> with "affine,8,0.1,0"
  %2 = tq.quantize %x : tensor<4xf32> with "affine,8,0.1,0,down"
  %3 = tq.quantize %2 : tensor<4xf32> with "affine,8,0.1,0,down"
  return %1, %3 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Two's complement blocks (bfp, mxint8 with floor scales) are idempotent
// only in the modes that never round a block's largest negative magnitude
// onto -2^(E+1): toward_zero, up and odd. bfp,4,down takes [-1000, -1] to
// [-1024, -128], then to [-1024, -256] (the fuzz target's finding).
// CHECK-LABEL: func.func @twos_complement_blocks
// CHECK-COUNT-8: tq.quantize
// CHECK-NOT: tq.quantize
func.func @twos_complement_blocks(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tq.quantize %x : tensor<2x4xf32> with "bfp,4,axis=0,down"
  %1 = tq.quantize %0 : tensor<2x4xf32> with "bfp,4,axis=0,down"
  %2 = tq.quantize %x : tensor<2x4xf32> with "bfp,4,axis=0"
  %3 = tq.quantize %2 : tensor<2x4xf32> with "bfp,4,axis=0"
  %4 = tq.quantize %x : tensor<2x4xf32> with "bfp,4,axis=0,toward_zero"
  %5 = tq.quantize %4 : tensor<2x4xf32> with "bfp,4,axis=0,toward_zero"
  %6 = tq.quantize %x : tensor<2x4xf32> with "mxint8,block=2,axis=0"
  %7 = tq.quantize %6 : tensor<2x4xf32> with "mxint8,block=2,axis=0"
  %8 = tq.quantize %x : tensor<2x4xf32> with "mxint8,block=2,axis=0,up"
  %9 = tq.quantize %8 : tensor<2x4xf32> with "mxint8,block=2,axis=0,up"
  return %1, %3, %5, %7, %9 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// The same values fold as constants: q(q(c)) is computed twice, not
// folded to q(c). [-1000, -1] per column block of bfp,4,down.
// CHECK-LABEL: func.func @twos_complement_constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[-1.024000e+03, -2.560000e+02]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]]
func.func @twos_complement_constant() -> tensor<2xf32> {
  %c = arith.constant dense<[-1000.0, -1.0]> : tensor<2xf32>
  %0 = tq.quantize %c : tensor<2xf32> with "bfp,4,down"
  %1 = tq.quantize %0 : tensor<2xf32> with "bfp,4,down"
  return %1 : tensor<2xf32>
}

// -----

// Equal formats spelled differently are the same attribute.
// CHECK-LABEL: func.func @spelling
// CHECK-COUNT-1: tq.quantize
// CHECK-NOT: tq.quantize
func.func @spelling(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "fp16"
  %1 = tq.quantize %0 : tensor<4xf32> with "float,5,10,infinity"
  %2 = tq.quantize %1 : tensor<4xf32> with #tq.float<exp = 5, man = 10>
  return %2 : tensor<4xf32>
}

// -----

// An affine scale below the element type's smallest normal (f16: 2^-14)
// lets (q - zp) * scale underflow to -0, which quantizes to +0: q(q(x)) is
// not q(x) bit for bit, and nothing folds (found by the quantizer-string
// fuzz target: q(-1.03125) = -0, q(-0) = +0).
// CHECK-LABEL: func.func @affine_tiny_scale
// CHECK-NEXT: %[[Q:.*]] = tq.quantize %arg0
// CHECK-NEXT: %[[QQ:.*]] = tq.quantize %[[Q]]
// CHECK-NEXT: return %[[QQ]]
func.func @affine_tiny_scale(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = tq.quantize %x : tensor<4xf16> with "affine,7,1e-31,-1,narrow"
  %1 = tq.quantize %0 : tensor<4xf16> with "affine,7,1e-31,-1,narrow"
  return %1 : tensor<4xf16>
}
