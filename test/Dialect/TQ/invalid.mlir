// RUN: tq-opt %s -split-input-file -verify-diagnostics

// Impossible parameters, and formats that cannot apply to the operand's
// type, are rejected with a message that names the problem.

func.func @bits(%x: f32) {
  // expected-error @+1 {{fixed point needs 1 to 53 total bits, got 0}}
  %0 = tq.quantize %x : f32 with #tq.fixed<bits = 0, frac = 0>
  return
}

// -----

func.func @bits(%x: f32) {
  // expected-error @+1 {{fixed point needs 1 to 53 total bits, got 54}}
  %0 = tq.quantize %x : f32 with #tq.fixed<bits = 54, frac = 0>
  return
}

// -----

func.func @frac(%x: f32) {
  // expected-error @+1 {{fixed point fractional bits must be in [-1000, 1000], got 1001}}
  %0 = tq.quantize %x : f32 with #tq.fixed<bits = 8, frac = 1001>
  return
}

// -----

func.func @overflow(%x: f32) {
  // expected-error @+1 {{fixed point has no infinity: overflow must be saturate or wrap}}
  %0 = tq.quantize %x : f32 with #tq.fixed<bits = 8, frac = 1, overflow = infinity>
  return
}

// -----

func.func @fixed_step(%x: f16) {
  // The step 2^-30 is finer than any f16 value.
  // expected-error @+1 {{'tq.quantize' op fixed point step 2^-30 of fixed,8,30 is below the smallest 'f16' subnormal 2^-24}}
  %0 = tq.quantize %x : f16 with #tq.fixed<bits = 8, frac = 30>
  return
}

// -----

func.func @fixed_range(%x: f16) {
  // expected-error @+1 {{'tq.quantize' op fixed point range of fixed,32,0 exceeds the largest 'f16' value}}
  %0 = tq.quantize %x : f16 with #tq.fixed<bits = 32, frac = 0>
  return
}

// -----

func.func @float_exp(%x: f32) {
  // expected-error @+1 {{custom float needs 2 to 11 exponent bits (ieee reserves one exponent for Inf/NaN), got 1}}
  %0 = tq.quantize %x : f32 with #tq.float<exp = 1, man = 3>
  return
}

// -----

func.func @float_exp(%x: f32) {
  // expected-error @+1 {{custom float needs 1 to 11 exponent bits, got 12}}
  %0 = tq.quantize %x : f32 with #tq.float<exp = 12, man = 3, kind = finite_only>
  return
}

// -----

func.func @float_man(%x: f32) {
  // expected-error @+1 {{custom float needs 0 to 52 mantissa bits, got -1}}
  %0 = tq.quantize %x : f32 with #tq.float<exp = 4, man = -1>
  return
}

// -----

func.func @float_nan_only(%x: f32) {
  // expected-error @+1 {{a nan_only float needs at least 1 mantissa bit (its top binade would hold only NaN)}}
  %0 = tq.quantize %x : f32 with #tq.float<exp = 4, man = 0, kind = nan_only>
  return
}

// -----

func.func @float_wrap(%x: f32) {
  // expected-error @+1 {{custom float overflow must be saturate or infinity, not wrap}}
  %0 = tq.quantize %x : f32 with #tq.float<exp = 4, man = 3, overflow = wrap>
  return
}

// -----

func.func @float_inf(%x: f32) {
  // expected-error @+1 {{a finite_only float has no infinity: overflow must be saturate}}
  %0 = tq.quantize %x : f32 with #tq.float<exp = 2, man = 1, kind = finite_only, overflow = infinity>
  return
}

// -----

func.func @float_too_wide(%x: f16) {
  // bf16's exponent does not fit in f16.
  // expected-error @+1 {{'tq.quantize' op bf16 (8 exponent, 7 mantissa bits) does not fit in 'f16' (5 exponent, 10 mantissa bits)}}
  %0 = tq.quantize %x : f16 with "bf16"
  return
}

// -----

func.func @float_too_precise(%x: bf16) {
  // expected-error @+1 {{'tq.quantize' op fp16 (5 exponent, 10 mantissa bits) does not fit in 'bf16' (8 exponent, 7 mantissa bits)}}
  %0 = tq.quantize %x : bf16 with "fp16"
  return
}

// -----

func.func @float_range(%x: f16) {
  // Same bit counts as f16, but the top binade is finite: 131008 > 65504.
  // expected-error @+1 {{'tq.quantize' op the largest value of float,5,10,finite_only exceeds the largest 'f16' value}}
  %0 = tq.quantize %x : f16 with #tq.float<exp = 5, man = 10, kind = finite_only>
  return
}

// -----

func.func @pow2_order(%x: f32) {
  // expected-error @+1 {{pow2 min_exp 2 is greater than max_exp 1}}
  %0 = tq.quantize %x : f32 with #tq.pow2<min_exp = 2, max_exp = 1>
  return
}

// -----

func.func @pow2_range(%x: f16) {
  // expected-error @+1 {{'tq.quantize' op pow2 max_exp 16 is outside the exponent range [-24, 15] of 'f16'}}
  %0 = tq.quantize %x : f16 with #tq.pow2<max_exp = 16>
  return
}

// -----

func.func @binary(%x: f32) {
  // expected-error @+1 {{binary scale must be positive and finite, got -1}}
  %0 = tq.quantize %x : f32 with #tq.binary<scale = -1.0>
  return
}

// -----

func.func @binary_range(%x: f16) {
  // expected-error @+1 {{'tq.quantize' op binary scale 100000 is not representable in 'f16'}}
  %0 = tq.quantize %x : f16 with #tq.binary<scale = 1.0e5>
  return
}

// -----

func.func @ternary(%x: f32) {
  // expected-error @+1 {{ternary threshold must be non-negative and finite, got -0.1}}
  %0 = tq.quantize %x : f32 with #tq.ternary<threshold = -0.1>
  return
}

// -----

func.func @ternary(%x: f32) {
  // expected-error @+1 {{ternary scale must be positive and finite, got 0}}
  %0 = tq.quantize %x : f32 with #tq.ternary<scale = 0.0>
  return
}

// -----

func.func @sparse(%x: f32) {
  // expected-error @+1 {{sparse threshold must be non-negative and finite, got inf}}
  %0 = tq.quantize %x : f32 with #tq.sparse<threshold = 0x7FF0000000000000>
  return
}

// -----

func.func @affine_bits(%x: f32) {
  // expected-error @+1 {{affine quantization needs 1 to 32 bits, got 33}}
  %0 = tq.quantize %x : f32 with #tq.affine<bits = 33, scale = [1.0], zero_point = [0]>
  return
}

// -----

func.func @affine_scale(%x: f32) {
  // expected-error @+1 {{affine scale must be positive and finite, got 0}}
  %0 = tq.quantize %x : f32 with #tq.affine<bits = 8, scale = [0.0], zero_point = [0]>
  return
}

// -----

func.func @affine_counts(%x: tensor<2xf32>) {
  // expected-error @+1 {{affine quantization has 2 scales but 1 zero points}}
  %0 = tq.quantize %x : tensor<2xf32> with #tq.affine<bits = 8, scale = [1.0, 2.0], zero_point = [0], axis = 0>
  return
}

// -----

func.func @affine_zero_point(%x: f32) {
  // expected-error @+1 {{affine zero point -1 is outside the integer range [0, 255]}}
  %0 = tq.quantize %x : f32 with #tq.affine<bits = 8, scale = [1.0], zero_point = [-1], is_signed = false>
  return
}

// -----

func.func @affine_narrow(%x: f32) {
  // expected-error @+1 {{narrow-range signed affine quantization needs at least 2 bits}}
  %0 = tq.quantize %x : f32 with #tq.affine<bits = 1, scale = [1.0], zero_point = [0], narrow = true>
  return
}

// -----

func.func @affine_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tq.quantize' op per-channel affine quantization axis 2 is out of range for 'tensor<2x3xf32>' (rank 2)}}
  %0 = tq.quantize %x : tensor<2x3xf32> with #tq.affine<bits = 8, scale = [1.0, 1.0], zero_point = [0, 0], axis = 2>
  return
}

// -----

func.func @affine_channels(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tq.quantize' op per-channel affine quantization along axis -1 of 'tensor<2x3xf32>' needs 3 scales, got 2}}
  %0 = tq.quantize %x : tensor<2x3xf32> with #tq.affine<bits = 8, scale = [1.0, 1.0], zero_point = [0, 0], axis = -1>
  return
}

// -----

func.func @affine_dynamic(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{'tq.quantize' op per-channel affine quantization needs a static size along axis 0 of 'tensor<?x3xf32>'}}
  %0 = tq.quantize %x : tensor<?x3xf32> with #tq.affine<bits = 8, scale = [1.0, 1.0], zero_point = [0, 0], axis = 0>
  return
}

// -----

func.func @affine_scalar(%x: f32) {
  // expected-error @+1 {{'tq.quantize' op per-channel affine quantization works along an axis and needs a vector or ranked tensor of rank >= 1, got 'f32'}}
  %0 = tq.quantize %x : f32 with #tq.affine<bits = 8, scale = [1.0], zero_point = [0], axis = 0>
  return
}

// -----

func.func @affine_f32_range(%x: f32) {
  // The scale is applied in f32, where 1e-300 is zero.
  // expected-error @+1 {{'tq.quantize' op affine scale 1e-300 is out of the f32 range in which 'f32' values are quantized}}
  %0 = tq.quantize %x : f32 with #tq.affine<bits = 8, scale = [1.0e-300], zero_point = [0]>
  return
}

// -----

func.func @mx_block(%x: tensor<64xf32>) {
  // expected-error @+1 {{mx block size must be at least 1, got -3}}
  %0 = tq.quantize %x : tensor<64xf32> with #tq.mx<block = -3>
  return
}

// -----

func.func @mx_scalar(%x: f32) {
  // expected-error @+1 {{'tq.quantize' op mx quantization works along an axis and needs a vector or ranked tensor of rank >= 1, got 'f32'}}
  %0 = tq.quantize %x : f32 with "mxfp4"
  return
}

// -----

func.func @mx_axis(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'tq.quantize' op mx quantization axis -3 is out of range for 'tensor<4x64xf32>' (rank 2)}}
  %0 = tq.quantize %x : tensor<4x64xf32> with "mxfp8,axis=-3"
  return
}

// -----

func.func @bfp_bits(%x: tensor<64xf16>) {
  // expected-error @+1 {{'tq.quantize' op block floating point with 16 bits keeps more significant bits than 'f16' holds}}
  %0 = tq.quantize %x : tensor<64xf16> with "bfp,16"
  return
}

// -----

func.func @seed_deterministic(%x: f32) {
  // expected-error @+1 {{'tq.quantize' op seed and offset apply only to stochastic quantizers, but "fixed,8,4" is deterministic}}
  %0 = tq.quantize %x : f32 with #tq.fixed<bits = 8, frac = 4> seed(3)
  return
}

// -----

func.func @seed_value_deterministic(%x: f32, %s: i64) {
  // expected-error @+1 {{'tq.quantize' op seed and offset apply only to stochastic quantizers, but "fp8_e4m3" is deterministic}}
  %0 = tq.quantize %x : f32 with "fp8_e4m3" seed_value(%s)
  return
}

// -----

func.func @two_seeds(%x: f32, %s: i64) {
  // expected-error @+1 {{'tq.quantize' op takes its seed from an attribute (seed) or an operand (seed_value), not both}}
  %0 = tq.quantize %x : f32 with "stochastic,8,4" seed(1) seed_value(%s)
  return
}

// -----

func.func @offset_deterministic(%x: f32, %i: index) {
  // expected-error @+1 {{'tq.quantize' op seed and offset apply only to stochastic quantizers, but "fp8_e4m3" is deterministic}}
  %0 = tq.quantize %x : f32 with "fp8_e4m3" offset(%i)
  return
}

// -----

func.func @integer(%x: tensor<4xi8>) {
  // expected-error @+1 {{'tq.quantize' op operand #0 must be f16, bf16, f32 or f64, or a fixed-size vector of rank >= 1 or a ranked tensor of them, but got 'tensor<4xi8>'}}
  %0 = "tq.quantize"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>, quantizer = #tq.identity}> : (tensor<4xi8>) -> tensor<4xi8>
  return
}

// -----

func.func @unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{'tq.quantize' op operand #0 must be f16, bf16, f32 or f64, or a fixed-size vector of rank >= 1 or a ranked tensor of them, but got 'tensor<*xf32>'}}
  %0 = "tq.quantize"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>, quantizer = #tq.identity}> : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @types_differ(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tq.quantize' op failed to verify that all of {input, result} have same type}}
  %0 = "tq.quantize"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>, quantizer = #tq.identity}> : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @not_a_quantizer(%x: f32) {
  // expected-error @+1 {{expected a quantizer attribute or string, got unit}}
  %0 = tq.quantize %x : f32 with unit
  return
}

// -----

func.func @unknown_attribute(%x: f32) {
  // expected-error @+1 {{unknown attribute `fixedpoint` in dialect `tq`}}
  %0 = tq.quantize %x : f32 with #tq.fixedpoint<8, 4>
  return
}

// -----

func.func @generic_not_a_quantizer(%x: f32) {
  // expected-error @+1 {{invalid properties {quantizer = 3 : i32} for op tq.quantize: Invalid attribute `quantizer` in property conversion: 3 : i32}}
  %0 = "tq.quantize"(%x) <{quantizer = 3 : i32}> : (f32) -> f32
  return
}

// -----

func.func @bad_keyword(%x: f32) {
  // expected-error @+2 {{expected 'true' or 'false'}}
  // expected-error @+1 {{failed to parse TQ_FixedAttr parameter 'is_signed' which is to be a `bool`}}
  %0 = tq.quantize %x : f32 with #tq.fixed<bits = 8, frac = 4, is_signed = maybe>
  return
}

// -----

func.func @affine_range(%x: f16) {
  // 127 steps of 1000 do not fit in f16.
  // expected-error @+1 {{'tq.quantize' op affine range of affine,8,1000,0 reaches 128000, beyond the largest 'f16' value}}
  %0 = tq.quantize %x : f16 with "affine,8,1000,0"
  return
}

// -----

// 0-d and scalable vectors: the lowering indexes lanes by position.
func.func @vector0d(%x: vector<f32>) {
  // expected-error @+1 {{'tq.quantize' op operand #0 must be f16, bf16, f32 or f64, or a fixed-size vector of rank >= 1 or a ranked tensor of them, but got 'vector<f32>'}}
  %0 = tq.quantize %x : vector<f32> with "fp8_e4m3"
  return
}

// -----

func.func @scalable(%x: vector<[4]xf32>) {
  // expected-error @+1 {{'tq.quantize' op operand #0 must be f16, bf16, f32 or f64, or a fixed-size vector of rank >= 1 or a ranked tensor of them, but got 'vector<[4]xf32>'}}
  %0 = tq.quantize %x : vector<[4]xf32> with "fp8_e4m3"
  return
}

// -----

// An element count beyond int64_t (3037000500^2 > 2^63): folding a splat of
// it aborted before the verifier said so.
func.func @too_many_elements() -> tensor<3037000500x3037000500xf32> {
  %c = arith.constant dense<1.0> : tensor<3037000500x3037000500xf32>
  // expected-error @+1 {{'tq.quantize' op operand type 'tensor<3037000500x3037000500xf32>' has more elements than fit in a 64-bit index}}
  %0 = tq.quantize %c : tensor<3037000500x3037000500xf32> with "ternary"
  return %0 : tensor<3037000500x3037000500xf32>
}

// -----

func.func @too_many_elements_2(%x: tensor<4294967296x4294967296xf32>) {
  // expected-error @+1 {{'tq.quantize' op operand type 'tensor<4294967296x4294967296xf32>' has more elements than fit in a 64-bit index}}
  %0 = tq.quantize %x : tensor<4294967296x4294967296xf32> with "fp8_e4m3"
  return
}
