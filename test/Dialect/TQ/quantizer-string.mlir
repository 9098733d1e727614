// RUN: tq-opt %s | FileCheck %s

// Quantizer strings parse into attributes: TensorQuant's strings with the
// semantics TensorQuant meant, plus strings for the new formats. Each is
// printed back as the canonical attribute.

// CHECK-LABEL: func.func @tensorquant
func.func @tensorquant(%x: f32) {
  // CHECK: with #tq.identity
  %0 = tq.quantize %x : f32 with "none"
  // TensorQuant's nearest is its C kernel's std::round: ties away from zero.
  // CHECK: with #tq.fixed<bits = 16, frac = 8, rounding = nearest_away>
  %1 = tq.quantize %x : f32 with "nearest,16,8"
  // CHECK: with #tq.fixed<bits = 12, frac = 11, rounding = down>
  %2 = tq.quantize %x : f32 with "down,12,11"
  // CHECK: with #tq.fixed<bits = 8, frac = 2, rounding = toward_zero>
  %3 = tq.quantize %x : f32 with "zero,8,2"
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = stochastic>
  %4 = tq.quantize %x : f32 with "stochastic,8,4"
  // CHECK: with #tq.sparse<threshold = 1.000000e-02>
  %5 = tq.quantize %x : f32 with "sparse,0.01"
  // CHECK: with #tq.pow2<>
  %6 = tq.quantize %x : f32 with "logarithmic"
  // TensorQuant's fp16 is an IEEE cast: overflow to infinity, the default
  // of IEEE formats (so it prints as plain float<5, 10>).
  // CHECK: with #tq.float<exp = 5, man = 10>{{$}}
  %7 = tq.quantize %x : f32 with "fp16"
  // CHECK: with #tq.binary<>
  %8 = tq.quantize %x : f32 with "binary"
  // CHECK: with #tq.binary<scale = 5.000000e-01>
  %9 = tq.quantize %x : f32 with "binary,0.5"
  // CHECK: with #tq.ternary<>
  %10 = tq.quantize %x : f32 with "ternary"
  // CHECK: with #tq.ternary<scale = 2.000000e+00>
  %11 = tq.quantize %x : f32 with "ternary,2"
  // CHECK: with #tq.ternary<scale = 2.000000e+00, threshold = 2.500000e-01>
  %12 = tq.quantize %x : f32 with "ternary,2,0.25"
  // Blanks and case do not matter.
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
  %13 = tq.quantize %x : f32 with " Nearest , 8 ,4 "
  return
}

// CHECK-LABEL: func.func @fixed_options
func.func @fixed_options(%x: f32) {
  // CHECK: with #tq.fixed<bits = 8, frac = 4>
  %0 = tq.quantize %x : f32 with "fixed,8,4"
  // CHECK: with #tq.fixed<bits = 8, frac = 4>{{$}}
  %1 = tq.quantize %x : f32 with "nearest_even,8,4"
  // CHECK: with #tq.fixed<bits = 8, frac = 8, is_signed = false, rounding = odd, overflow = wrap>
  %2 = tq.quantize %x : f32 with "fixed,8,8,unsigned,wrap,odd"
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = up>
  %3 = tq.quantize %x : f32 with "up,8,4,signed,saturate"
  // CHECK: with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
  %4 = tq.quantize %x : f32 with "fixed,8,4,nearest_away"
  return
}

// CHECK-LABEL: func.func @floats
func.func @floats(%x: f32) {
  // CHECK: with #tq.float<exp = 8, man = 7>{{$}}
  %0 = tq.quantize %x : f32 with "bf16"
  // CHECK: with #tq.float<exp = 8, man = 10>{{$}}
  %1 = tq.quantize %x : f32 with "tf32"
  // CHECK: with #tq.float<exp = 4, man = 3, kind = nan_only>{{$}}
  %2 = tq.quantize %x : f32 with "fp8_e4m3"
  // CHECK: with #tq.float<exp = 5, man = 2>{{$}}
  %3 = tq.quantize %x : f32 with "fp8_e5m2"
  // CHECK: with #tq.float<exp = 2, man = 3, kind = finite_only>
  %4 = tq.quantize %x : f32 with "fp6_e2m3"
  // CHECK: with #tq.float<exp = 3, man = 2, kind = finite_only>
  %5 = tq.quantize %x : f32 with "fp6_e3m2"
  // CHECK: with #tq.float<exp = 2, man = 1, kind = finite_only>
  %6 = tq.quantize %x : f32 with "fp4_e2m1"
  // CHECK: with #tq.float<exp = 4, man = 3>{{$}}
  %7 = tq.quantize %x : f32 with "float,4,3,nearest_even"
  // CHECK: with #tq.float<exp = 4, man = 3, kind = nan_only, subnormals = false, rounding = stochastic>
  %8 = tq.quantize %x : f32 with "float,4,3,fn,no_subnormals,stochastic"
  // CHECK: with #tq.float<exp = 5, man = 2, overflow = saturate, rounding = toward_zero>
  %9 = tq.quantize %x : f32 with "fp8_e5m2,saturate,zero"
  // CHECK: with #tq.float<exp = 5, man = 10, rounding = odd>
  %10 = tq.quantize %x : f32 with "fp16,odd"
  return
}

// CHECK-LABEL: func.func @modern
func.func @modern(%x: tensor<4x64xf32>) {
  // CHECK: with #tq.affine<bits = 8, scale = [5.000000e-02], zero_point = [3]>
  %0 = tq.quantize %x : tensor<4x64xf32> with "affine,8,0.05,3"
  // CHECK: with #tq.affine<bits = 8, scale = [1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01], zero_point = [1, 1, 2, 3], is_signed = false, narrow = true, axis = 0, rounding = down>
  %1 = tq.quantize %x : tensor<4x64xf32> with "affine,8,0.1;0.2;0.3;0.4,1;1;2;3,unsigned,narrow,axis=0,down"
  // CHECK: with #tq.mx<>
  %2 = tq.quantize %x : tensor<4x64xf32> with "mxfp8"
  // CHECK: with #tq.mx<>
  %3 = tq.quantize %x : tensor<4x64xf32> with "mxfp8_e4m3"
  // CHECK: with #tq.mx<element = fp8_e5m2>
  %4 = tq.quantize %x : tensor<4x64xf32> with "mxfp8_e5m2"
  // CHECK: with #tq.mx<element = fp6_e2m3>
  %5 = tq.quantize %x : tensor<4x64xf32> with "mxfp6"
  // CHECK: with #tq.mx<element = fp6_e3m2>
  %6 = tq.quantize %x : tensor<4x64xf32> with "mxfp6_e3m2"
  // CHECK: with #tq.mx<element = fp4_e2m1>
  %7 = tq.quantize %x : tensor<4x64xf32> with "mxfp4"
  // CHECK: with #tq.mx<element = int8, block = 16, axis = 0, rounding = stochastic>
  %8 = tq.quantize %x : tensor<4x64xf32> with "mxint8,block=16,axis=0,stochastic"
  // CHECK: with #tq.bfp<bits = 8>
  %9 = tq.quantize %x : tensor<4x64xf32> with "bfp,8"
  // CHECK: with #tq.bfp<bits = 6, block = 4, axis = 0, rounding = up>
  %10 = tq.quantize %x : tensor<4x64xf32> with "bfp,6,block=4,axis=0,up"
  // CHECK: with #tq.pow2<rounding = nearest, min_exp = -8, max_exp = 0>
  %11 = tq.quantize %x : tensor<4x64xf32> with "pow2,nearest,-8,0"
  // CHECK: with #tq.pow2<max_exp = 3>
  %12 = tq.quantize %x : tensor<4x64xf32> with "logarithmic,max_exp=3"
  // CHECK: with #tq.ternary<scale = 5.000000e-01, threshold = 1.000000e-01>
  %13 = tq.quantize %x : tensor<4x64xf32> with "ternary,scale=0.5,threshold=0.1"
  // CHECK: with #tq.identity
  %14 = tq.quantize %x : tensor<4x64xf32> with "identity"
  return
}

// Options come in any order; blanks around '=' and a '+' sign are fine; the
// kind's own overflow behaviour is not stored, so equal formats are equal
// attributes however they are spelled.
// CHECK-LABEL: func.func @spelling
func.func @spelling(%x: tensor<4x64xf32>) {
  // CHECK: with #tq.float<exp = 5, man = 2, overflow = saturate>
  %0 = tq.quantize %x : tensor<4x64xf32> with "float,5,2,saturate,ieee"
  // CHECK: with #tq.float<exp = 5, man = 2, overflow = saturate>
  %1 = tq.quantize %x : tensor<4x64xf32> with "float,5,2,ieee,saturate"
  // CHECK: with #tq.float<exp = 5, man = 10>{{$}}
  %2 = tq.quantize %x : tensor<4x64xf32> with "float,5,10,infinity"
  // CHECK: with #tq.float<exp = 4, man = 3, kind = nan_only>{{$}}
  %3 = tq.quantize %x : tensor<4x64xf32> with "float,4,3,saturate,fn"
  // CHECK: with #tq.mx<element = fp4_e2m1, block = 16, axis = 0>
  %4 = tq.quantize %x : tensor<4x64xf32> with "mxfp4, block = 16, axis= 0"
  // CHECK: with #tq.fixed<bits = 8, frac = -2, rounding = nearest_away>
  %5 = tq.quantize %x : tensor<4x64xf32> with "nearest,+8,-2"
  return
}

// Subnormal parameters read back as written (the canonical spec prints
// 0x1p-1074 as 5e-324; strtod flags it ERANGE, but it is exact).
// CHECK-LABEL: func.func @subnormal_parameters
func.func @subnormal_parameters(%x: f64) {
  // CHECK: with #tq.ternary<scale = 4.940660e-324>
  %0 = tq.quantize %x : f64 with "ternary,0x1p-1074"
  // CHECK: with #tq.ternary<scale = 4.940660e-324>
  %1 = tq.quantize %x : f64 with "ternary,5e-324"
  // CHECK: with #tq.sparse<threshold = 1.000000e-310>
  %2 = tq.quantize %x : f64 with "sparse,1e-310"
  return
}

// fp32 is IEEE binary32; fp64 holds every value of every element type: the
// identity.
// CHECK-LABEL: func.func @fp32_fp64
func.func @fp32_fp64(%x: f64) {
  // CHECK: with #tq.float<exp = 8, man = 23>
  %0 = tq.quantize %x : f64 with "fp32"
  // CHECK: with #tq.identity
  %1 = tq.quantize %x : f64 with "fp64"
  return
}
