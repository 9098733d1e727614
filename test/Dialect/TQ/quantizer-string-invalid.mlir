// RUN: tq-opt %s -split-input-file -verify-diagnostics

// Every malformed quantizer string is reported with the problem and the
// position of the offending character (checked by the COL lines).

func.func @f(%x: f32) {
  // expected-error @+1 {{invalid quantizer "frobnicate,8": unknown quantizer 'frobnicate'}}
  %0 = tq.quantize %x : f32 with "frobnicate,8"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{expected a 32-bit integer for fractional bits, got 'x'}}
  %0 = tq.quantize %x : f32 with "nearest,8,x"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{expected fractional bits}}
  %0 = tq.quantize %x : f32 with "nearest,8"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{unexpected extra parameter '7' for fixed point}}
  %0 = tq.quantize %x : f32 with "nearest,8,4,7"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{ambiguous rounding 'nearest': write nearest_even or nearest_away}}
  %0 = tq.quantize %x : f32 with "fixed,8,4,nearest"
  return
}

// -----

func.func @f(%x: f32) {
  // The rounding mode is the name itself: a second one is unknown.
  // expected-error @+1 {{unknown option 'up' for fixed point}}
  %0 = tq.quantize %x : f32 with "nearest,8,4,up"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{fixed point needs 1 to 53 total bits, got 0}}
  %0 = tq.quantize %x : f32 with "nearest,0,4"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{unknown option 'fast' for float}}
  %0 = tq.quantize %x : f32 with "fp8_e4m3,fast"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{a nan_only float has no infinity: overflow must be saturate}}
  %0 = tq.quantize %x : f32 with "fp8_e4m3,infinity"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{expected a finite number for threshold, got 'abc'}}
  %0 = tq.quantize %x : f32 with "sparse,abc"
  return
}

// -----

// Beyond the double range, or below its smallest subnormal (which would
// silently read as 0).
func.func @f(%x: f32) {
  // expected-error @+1 {{expected a finite number for threshold, got '1e400'}}
  %0 = tq.quantize %x : f32 with "sparse,1e400"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{expected a finite number for threshold, got '1e-400'}}
  %0 = tq.quantize %x : f32 with "sparse,1e-400"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{sparse threshold must be non-negative and finite, got -0.5}}
  %0 = tq.quantize %x : f32 with "sparse,-0.5"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{binary scale must be positive and finite, got 0}}
  %0 = tq.quantize %x : f32 with "binary,0"
  return
}

// -----

func.func @f(%x: tensor<2xf32>) {
  // expected-error @+1 {{expected a finite number for scale, got 'x'}}
  %0 = tq.quantize %x : tensor<2xf32> with "affine,8,0.1;x,0;0,axis=0"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{affine zero point 300 is outside the integer range [-128, 127]}}
  %0 = tq.quantize %x : f32 with "affine,8,0.05,300"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{per-tensor affine quantization takes one scale, got 2 (give an axis for per-channel quantization)}}
  %0 = tq.quantize %x : f32 with "affine,8,0.05;0.1,0;0"
  return
}

// -----

func.func @f(%x: tensor<64xf32>) {
  // expected-error @+1 {{expected a 32-bit integer for block, got 'x'}}
  %0 = tq.quantize %x : tensor<64xf32> with "mxfp4,block=x"
  return
}

// -----

func.func @f(%x: tensor<64xf32>) {
  // expected-error @+1 {{mx block size must be at least 1, got 0}}
  %0 = tq.quantize %x : tensor<64xf32> with "mxint8,block=0"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{pow2 min_exp 3 is greater than max_exp 1}}
  %0 = tq.quantize %x : f32 with "pow2,3,1"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{expected a quantizer name}}
  %0 = tq.quantize %x : f32 with ""
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{expected total bits}}
  %0 = tq.quantize %x : f32 with "nearest,,4"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{block floating point needs 2 to 53 mantissa bits (sign included), got 1}}
  %0 = tq.quantize %x : f32 with "bfp,1"
  return
}

// -----

func.func @f(%x: f32) {
  // Integers beyond 32 bits are errors, not truncated.
  // expected-error @+1 {{expected a 32-bit integer for total bits, got '4294967304'}}
  %0 = tq.quantize %x : f32 with "fixed,4294967304,4"
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error @+1 {{unknown option 'blocks=4' for bfp}}
  %0 = tq.quantize %x : f32 with "bfp,8,blocks=4"
  return
}

// -----

// A subnormal scale: 1/scale overflows, and 0 would become 0 * inf = NaN.
func.func @f(%x: f64) {
  // expected-error @+1 {{affine scale 1e-309 has no finite reciprocal (1/scale overflows)}}
  %0 = tq.quantize %x : f64 with "affine,5,.1e-308,0"
  return
}
