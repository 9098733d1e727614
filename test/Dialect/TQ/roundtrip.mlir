// RUN: tq-opt %s | tq-opt | FileCheck %s
// RUN: tq-opt %s --mlir-print-op-generic | tq-opt | FileCheck %s

// Every quantizer attribute, parameter and enum value survives printing and
// parsing; parameters at their default are elided.

// CHECK-LABEL: func.func @fixed
func.func @fixed(%x: tensor<4xf32>, %i: index) -> tensor<4xf32> {
  // CHECK: tq.quantize %{{.*}} : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4>{{$}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4>
  // CHECK: with #tq.fixed<bits = 8, frac = 4>{{$}}
  %1 = tq.quantize %0 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, is_signed = true, rounding = nearest_even, overflow = saturate>
  // CHECK: with #tq.fixed<bits = 16, frac = -2, is_signed = false, rounding = nearest_away, overflow = wrap>
  %2 = tq.quantize %1 : tensor<4xf32> with #tq.fixed<bits = 16, frac = -2, is_signed = false, rounding = nearest_away, overflow = wrap>
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = toward_zero>
  %3 = tq.quantize %2 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = toward_zero>
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = down>
  %4 = tq.quantize %3 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = down>
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = up>
  %5 = tq.quantize %4 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = up>
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = odd>
  %6 = tq.quantize %5 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = odd>
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed(42) offset(%{{.*}}){{$}}
  %7 = tq.quantize %6 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed(42) offset(%i)
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = stochastic>{{$}}
  %8 = tq.quantize %7 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic>
  return %8 : tensor<4xf32>
}

// CHECK-LABEL: func.func @float
func.func @float(%x: vector<8xf32>) -> vector<8xf32> {
  // CHECK: with #tq.float<exp = 4, man = 3, kind = nan_only>{{$}}
  %0 = tq.quantize %x : vector<8xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
  // CHECK: with #tq.float<exp = 2, man = 1, kind = finite_only, subnormals = false, overflow = saturate, rounding = stochastic>
  %1 = tq.quantize %0 : vector<8xf32> with #tq.float<exp = 2, man = 1, kind = finite_only, subnormals = false, overflow = saturate, rounding = stochastic>
  // CHECK: with #tq.float<exp = 5, man = 10, overflow = infinity, rounding = odd>
  %2 = tq.quantize %1 : vector<8xf32> with #tq.float<exp = 5, man = 10, overflow = infinity, rounding = odd>
  // CHECK: with #tq.float<exp = 8, man = 7, overflow = saturate, rounding = up>
  %3 = tq.quantize %2 : vector<8xf32> with #tq.float<exp = 8, man = 7, overflow = saturate, rounding = up>
  // CHECK: with #tq.float<exp = 8, man = 7, rounding = nearest_away>
  %4 = tq.quantize %3 : vector<8xf32> with #tq.float<exp = 8, man = 7, rounding = nearest_away>
  return %4 : vector<8xf32>
}

// CHECK-LABEL: func.func @others
func.func @others(%x: tensor<2x64xf64>, %s: f16, %b: bf16) -> tensor<2x64xf64> {
  // CHECK: with #tq.identity{{$}}
  %0 = tq.quantize %x : tensor<2x64xf64> with #tq.identity
  // CHECK: with #tq.pow2<>{{$}}
  %1 = tq.quantize %0 : tensor<2x64xf64> with #tq.pow2<>
  // CHECK: with #tq.pow2<rounding = nearest, min_exp = -8, max_exp = 0>
  %2 = tq.quantize %1 : tensor<2x64xf64> with #tq.pow2<rounding = nearest, min_exp = -8, max_exp = 0>
  // CHECK: with #tq.binary<>{{$}}
  %3 = tq.quantize %2 : tensor<2x64xf64> with #tq.binary<scale = 1.0>
  // CHECK: with #tq.binary<scale = 2.500000e-01>
  %4 = tq.quantize %3 : tensor<2x64xf64> with #tq.binary<scale = 0.25>
  // CHECK: with #tq.ternary<>{{$}}
  %5 = tq.quantize %4 : tensor<2x64xf64> with #tq.ternary<>
  // CHECK: with #tq.ternary<scale = 5.000000e-01, threshold = 1.000000e-01>
  %6 = tq.quantize %5 : tensor<2x64xf64> with #tq.ternary<scale = 0.5, threshold = 0.1>
  // CHECK: with #tq.sparse<threshold = 1.000000e-02>
  %7 = tq.quantize %6 : tensor<2x64xf64> with #tq.sparse<threshold = 0.01>
  // CHECK: with #tq.affine<bits = 8, scale = [5.000000e-02], zero_point = [3]>{{$}}
  %8 = tq.quantize %7 : tensor<2x64xf64> with #tq.affine<bits = 8, scale = [0.05], zero_point = [3]>
  // CHECK: with #tq.affine<bits = 4, scale = [1.000000e-01, 2.000000e-01], zero_point = [1, 2], is_signed = false, narrow = true, axis = 0, rounding = stochastic>
  %9 = tq.quantize %8 : tensor<2x64xf64> with #tq.affine<bits = 4, scale = [0.1, 0.2], zero_point = [1, 2], is_signed = false, narrow = true, axis = 0, rounding = stochastic>
  // CHECK: with #tq.mx<>{{$}}
  %10 = tq.quantize %9 : tensor<2x64xf64> with #tq.mx<>
  // CHECK: with #tq.mx<element = fp8_e5m2, block = 16, axis = 0>
  %11 = tq.quantize %10 : tensor<2x64xf64> with #tq.mx<element = fp8_e5m2, block = 16, axis = 0>
  // CHECK: with #tq.mx<element = fp6_e2m3>
  %12 = tq.quantize %11 : tensor<2x64xf64> with #tq.mx<element = fp6_e2m3>
  // CHECK: with #tq.mx<element = fp6_e3m2>
  %13 = tq.quantize %12 : tensor<2x64xf64> with #tq.mx<element = fp6_e3m2>
  // CHECK: with #tq.mx<element = fp4_e2m1, rounding = toward_zero>
  %14 = tq.quantize %13 : tensor<2x64xf64> with #tq.mx<element = fp4_e2m1, rounding = toward_zero>
  // CHECK: with #tq.mx<element = int8>
  %15 = tq.quantize %14 : tensor<2x64xf64> with #tq.mx<element = int8>
  // CHECK: with #tq.bfp<bits = 8>{{$}}
  %16 = tq.quantize %15 : tensor<2x64xf64> with #tq.bfp<bits = 8>
  // CHECK: with #tq.bfp<bits = 6, block = 8, axis = -2, rounding = down>
  %17 = tq.quantize %16 : tensor<2x64xf64> with #tq.bfp<bits = 6, block = 8, axis = -2, rounding = down>
  // CHECK: tq.quantize %{{.*}} : f16 with #tq.fixed<bits = 8, frac = 4>
  %18 = tq.quantize %s : f16 with #tq.fixed<bits = 8, frac = 4>
  // CHECK: tq.quantize %{{.*}} : bf16 with #tq.float<exp = 4, man = 3, kind = nan_only>
  %19 = tq.quantize %b : bf16 with #tq.float<exp = 4, man = 3, kind = nan_only>
  return %17 : tensor<2x64xf64>
}

// Dynamic shapes are fine for elementwise quantizers and for blocks along a
// dimension.
// CHECK-LABEL: func.func @dynamic
func.func @dynamic(%x: tensor<?x32xf32>) -> tensor<?x32xf32> {
  // CHECK: tq.quantize %{{.*}} : tensor<?x32xf32> with #tq.mx<element = fp4_e2m1>
  %0 = tq.quantize %x : tensor<?x32xf32> with #tq.mx<element = fp4_e2m1>
  return %0 : tensor<?x32xf32>
}
