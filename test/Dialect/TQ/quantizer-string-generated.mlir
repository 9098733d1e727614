// RUN: tq-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// The part of the quantizer-string language generated from TQAttributes.td
// (TQ_StringSyntax): every attribute by its mnemonic, each parameter as
// `name=value`, enum values as bare words where no other parameter of the
// format shares them, bool parameters by their keywords; presets accept
// their format's options except the parameters their names fix.

// CHECK-LABEL: func.func @mnemonics
func.func @mnemonics(%x: tensor<4x64xf32>) {
  // CHECK: with #tq.mx<element = fp4_e2m1, block = 16, scale_rounding = rceil>
  %0 = tq.quantize %x : tensor<4x64xf32> with "mx,element=fp4_e2m1,block=16,scale_rounding=rceil"
  // An enum value as a bare word: the element, the scale rounding.
  // CHECK: with #tq.mx<element = fp6_e3m2, scale_rounding = ceil>
  %1 = tq.quantize %x : tensor<4x64xf32> with "mx,fp6_e3m2,ceil"
  // element and scale share their values: only key=value names them.
  // CHECK: with #tq.block_scaled<element = fp8_e4m3, block = 32, scale = fp8_e5m2, tensor_scale = false>
  %2 = tq.quantize %x : tensor<4x64xf32> with "block_scaled,element=fp8_e4m3,block=32,scale=fp8_e5m2,tensor_scale=false"
  // CHECK: with #tq.group_int<bits = 3, group = 64, symmetric = true, scale = bf16>
  %3 = tq.quantize %x : tensor<4x64xf32> with "group_int,bits=3,group=64,sym,scale=bf16"
  // CHECK: with #tq.scaled_fp8<element = fp8_e5m2, axis = 0>
  %4 = tq.quantize %x : tensor<4x64xf32> with "scaled_fp8,fp8_e5m2,axis=0"
  // CHECK: with #tq.scaled_fp8<tensorwise = true, amax = [2.500000e+00]>
  %5 = tq.quantize %x : tensor<4x64xf32> with "scaled_fp8,tensorwise,amax=2.5"
  // CHECK: with #tq.identity
  %6 = tq.quantize %x : tensor<4x64xf32> with "identity"
  return
}

// CHECK-LABEL: func.func @options_of_every_type
func.func @options_of_every_type(%x: tensor<2x3xf32>) {
  // bool and enum by key: the same attribute as `fixed,8,4,unsigned,wrap`.
  // CHECK: with #tq.fixed<bits = 8, frac = 4, is_signed = false, overflow = wrap>
  %0 = tq.quantize %x : tensor<2x3xf32> with "fixed,8,4,is_signed=false,overflow=wrap"
  // An optional enum (float's overflow); a bool by key.
  // CHECK: with #tq.float<exp = 5, man = 2, subnormals = false, overflow = saturate>
  %1 = tq.quantize %x : tensor<2x3xf32> with "float,5,2,overflow=saturate,subnormals=false"
  // A kind given by key; its own overflow is not stored.
  // CHECK: with #tq.float<exp = 4, man = 3, kind = nan_only>{{$}}
  %2 = tq.quantize %x : tensor<2x3xf32> with "float,4,3,kind=nan_only,overflow=saturate"
  // Optional integers and doubles.
  // CHECK: with #tq.pow2<min_exp = -4, max_exp = 2>
  %3 = tq.quantize %x : tensor<2x3xf32> with "pow2,min_exp=-4,max_exp=2"
  // CHECK: with #tq.ternary<scale = 2.500000e-01, threshold = 1.000000e-01>
  %4 = tq.quantize %x : tensor<2x3xf32> with "ternary,threshold=0.1,scale=0.25"
  // A list by key; the last assignment wins. Bools by keyword and by key.
  // CHECK: with #tq.scaled_fp8<axis = 0, amax = [2.500000e+00, 7.500000e-01]>
  %5 = tq.quantize %x : tensor<2x3xf32> with "scaled_fp8,axis=0,amax=1;2,amax=2.5;0.75"
  // CHECK: with #tq.affine<bits = 8, scale = [1.000000e-01, 2.000000e-01], zero_point = [1, 2], is_signed = false, narrow = true, axis = 0>
  %7 = tq.quantize %x : tensor<2x3xf32> with "affine,8,0.1;0.2,1;2,axis=0,narrow=true,unsigned"
  // CHECK: with #tq.bfp<bits = 6, block = 3, rounding = toward_zero>
  %6 = tq.quantize %x : tensor<2x3xf32> with "bfp,6,block=3,rounding=zero"
  return
}

// CHECK-LABEL: func.func @presets
func.func @presets(%x: tensor<4x64xf32>) {
  // A preset takes its format's options: nvfp4 is block_scaled.
  // CHECK: with #tq.block_scaled<block = 32, rounding = stochastic, axis = 0>
  %0 = tq.quantize %x : tensor<4x64xf32> with "nvfp4,block=32,axis=0,rounding=stochastic"
  // CHECK: with #tq.group_int<bits = 8, group = 32, symmetric = true>
  %1 = tq.quantize %x : tensor<4x64xf32> with "int8_g32,symmetric=true"
  // CHECK: with #tq.float<exp = 8, man = 7, rounding = toward_zero>
  %2 = tq.quantize %x : tensor<4x64xf32> with "bf16,rounding=toward_zero"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "fixed,8,4,is_signed=no": expected true or false for is_signed, got 'no'}}
  %0 = tq.quantize %x : f32 with "fixed,8,4,is_signed=no"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "int4_g128,scale=f8": unknown scale type 'f8' (expected f16, bf16 or f32)}}
  %0 = tq.quantize %x : f32 with "int4_g128,scale=f8"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "mx,rounding=nearest": unknown rounding 'nearest' (expected nearest_even, nearest_away, toward_zero, down, up, odd or stochastic)}}
  %0 = tq.quantize %x : f32 with "mx,rounding=nearest"
  return
}

// -----

// The name fixes the bits and the group.
func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "int4_g128,bits=8": unknown option 'bits=8' for group_int}}
  %0 = tq.quantize %x : f32 with "int4_g128,bits=8"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "nvfp4,scale=fp8_e5m2": unknown option 'scale=fp8_e5m2' for nvfp4}}
  %0 = tq.quantize %x : f32 with "nvfp4,scale=fp8_e5m2"
  return
}

// -----

// A tensorwise scale has no axis.
func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "fp8_e4m3_tensorwise,axis=0": unknown option 'axis=0' for fp8_e4m3_tensorwise}}
  %0 = tq.quantize %x : f32 with "fp8_e4m3_tensorwise,axis=0"
  return
}

// -----

// The element and the scale share their values: a bare one names neither.
func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "block_scaled,fp8_e4m3": unknown option 'fp8_e4m3' for block_scaled}}
  %0 = tq.quantize %x : f32 with "block_scaled,fp8_e4m3"
  return
}

// -----

// Positional parameters are positional only.
func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "fixed,bits=8,frac=4": expected a 32-bit integer for total bits, got 'bits=8'}}
  %0 = tq.quantize %x : f32 with "fixed,bits=8,frac=4"
  return
}
