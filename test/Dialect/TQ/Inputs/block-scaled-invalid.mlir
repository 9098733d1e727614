// Invalid block_scaled quantizers, for block-scaled.mlir.

func.func @element(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{block_scaled element must be a float format, got int8}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.block_scaled<element = int8>
  return %0 : tensor<4xf32>
}

// -----

func.func @scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{block_scaled scale must be fp8_e4m3 or fp8_e5m2, got fp4_e2m1}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.block_scaled<scale = fp4_e2m1>
  return %0 : tensor<4xf32>
}

// -----

func.func @block(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "nvfp4,block=0": block_scaled block size must be at least 1, got 0}}
  %0 = tq.quantize %x : tensor<4xf32> with "nvfp4,block=0"
  return %0 : tensor<4xf32>
}

// -----

func.func @scale_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "mxfp4,scale=fp16": unknown scale type 'fp16' (expected e8m0, fp8_e4m3 or fp8_e5m2)}}
  %0 = tq.quantize %x : tensor<4xf32> with "mxfp4,scale=fp16"
  return %0 : tensor<4xf32>
}

// -----

func.func @tensor_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "mxfp4,tensor_scale": tensor_scale needs a float scale (scale=fp8_e4m3 or scale=fp8_e5m2)}}
  %0 = tq.quantize %x : tensor<4xf32> with "mxfp4,tensor_scale"
  return %0 : tensor<4xf32>
}

// -----

func.func @scale_rounding(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "mxfp4,scale=fp8_e4m3,scale_rounding=ceil": scale_rounding applies to E8M0 scales only; a float scale rounds to nearest even}}
  %0 = tq.quantize %x : tensor<4xf32> with "mxfp4,scale=fp8_e4m3,scale_rounding=ceil"
  return %0 : tensor<4xf32>
}

// -----

func.func @scalar(%x: f32) -> f32 {
  // expected-error @+1 {{block_scaled quantization works along an axis and needs a vector or ranked tensor of rank >= 1, got 'f32'}}
  %0 = tq.quantize %x : f32 with "nvfp4"
  return %0 : f32
}

// -----

func.func @amax_without_tensor_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "mxfp4,scale=fp8_e4m3,amax=2": amax is the tensor scale's and needs tensor_scale}}
  %0 = tq.quantize %x : tensor<4xf32> with "mxfp4,scale=fp8_e4m3,amax=2"
  return %0 : tensor<4xf32>
}

// -----

func.func @amax_e8m0(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "mxfp4,amax=2": amax is the tensor scale's and needs tensor_scale}}
  %0 = tq.quantize %x : tensor<4xf32> with "mxfp4,amax=2"
  return %0 : tensor<4xf32>
}

// -----

func.func @amax_attr_without_tensor_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{block_scaled amax is the tensor scale's and needs tensor_scale}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.block_scaled<tensor_scale = false, amax = [1.0]>
  return %0 : tensor<4xf32>
}

// -----

func.func @amax_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "nvfp4,amax=-1": block_scaled amax must be finite and not negative, got -1}}
  %0 = tq.quantize %x : tensor<4xf32> with "nvfp4,amax=-1"
  return %0 : tensor<4xf32>
}

// -----

func.func @amax_two(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "nvfp4,amax=1;2": block_scaled takes one amax, got 2}}
  %0 = tq.quantize %x : tensor<4xf32> with "nvfp4,amax=1;2"
  return %0 : tensor<4xf32>
}

// -----

func.func @amax_negative_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{block_scaled amax must be finite and not negative, got -0}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.block_scaled<amax = [-0.0]>
  return %0 : tensor<4xf32>
}

// -----

func.func @amax_too_large(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "nvfp4,amax=1e50": block_scaled amax 1e+50 is too large: its tensor scale is 0 in f32}}
  %0 = tq.quantize %x : tensor<4xf32> with "nvfp4,amax=1e50"
  return %0 : tensor<4xf32>
}
