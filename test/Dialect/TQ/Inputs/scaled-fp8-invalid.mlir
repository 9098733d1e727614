// Invalid scaled_fp8 quantizers, for scaled-fp8.mlir.

func.func @element(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{scaled_fp8 element must be fp8_e4m3 or fp8_e5m2, got fp4_e2m1}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.scaled_fp8<element = fp4_e2m1>
  return %0 : tensor<4xf32>
}

// -----

func.func @dynamic(%x: tensor<4x?xf32>) -> tensor<4x?xf32> {
  // expected-error @+1 {{scaled_fp8 quantization needs a static size along its axis 1, got 'tensor<4x?xf32>'}}
  %0 = tq.quantize %x : tensor<4x?xf32> with "fp8_e4m3_rowwise"
  return %0 : tensor<4x?xf32>
}

// -----

func.func @scalar(%x: f32) -> f32 {
  // expected-error @+1 {{scaled_fp8 quantization works along an axis and needs a vector or ranked tensor of rank >= 1, got 'f32'}}
  %0 = tq.quantize %x : f32 with "fp8_e4m3_rowwise"
  return %0 : f32
}

// -----

func.func @option(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "fp8_e4m3_rowwise,block=4": unknown option 'block=4' for fp8_e4m3_rowwise}}
  %0 = tq.quantize %x : tensor<4xf32> with "fp8_e4m3_rowwise,block=4"
  return %0 : tensor<4xf32>
}

// -----

func.func @tensorwise_option(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "fp8_e4m3_tensorwise,axis=0": unknown option 'axis=0' for fp8_e4m3_tensorwise}}
  %0 = tq.quantize %x : tensor<4xf32> with "fp8_e4m3_tensorwise,axis=0"
  return %0 : tensor<4xf32>
}

// -----

func.func @tensorwise_axis(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{tensorwise scaled_fp8 takes no axis, got 0}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.scaled_fp8<axis = 0, tensorwise = true>
  return %0 : tensor<4xf32>
}

// -----

func.func @static_count(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{static scaled_fp8 quantization along axis -1 of 'tensor<4x3xf32>' needs 3 amax values, got 2}}
  %0 = tq.quantize %x : tensor<4x3xf32> with "fp8_e4m3_rowwise,amax=1;2"
  return %0 : tensor<4x3xf32>
}

// -----

func.func @static_tensorwise(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{tensorwise scaled_fp8 takes one amax, got 2}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.scaled_fp8<tensorwise = true, amax = [1.0, 2.0]>
  return %0 : tensor<4xf32>
}

// -----

func.func @static_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "fp8_e4m3_tensorwise,amax=-1": scaled_fp8 amax must be finite and not negative, got -1}}
  %0 = tq.quantize %x : tensor<4xf32> with "fp8_e4m3_tensorwise,amax=-1"
  return %0 : tensor<4xf32>
}

// -----

func.func @static_number(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "fp8_e4m3_tensorwise,amax=1;x": expected a finite number for amax, got 'x'}}
  %0 = tq.quantize %x : tensor<4xf32> with "fp8_e4m3_tensorwise,amax=1;x"
  return %0 : tensor<4xf32>
}
