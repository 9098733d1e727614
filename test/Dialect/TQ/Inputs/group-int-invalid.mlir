// Invalid group_int quantizers, for group-int.mlir.

func.func @bits(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "int9_g4": group_int needs 2 to 8 bits, got 9}}
  %0 = tq.quantize %x : tensor<4xf32> with "int9_g4"
  return %0 : tensor<4xf32>
}

// -----

func.func @group(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{group_int block size must be at least 1, got 0}}
  %0 = tq.quantize %x : tensor<4xf32> with #tq.group_int<group = 0>
  return %0 : tensor<4xf32>
}

// -----

func.func @scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "int4_g4,scale=f64": unknown scale type 'f64' (expected f16, bf16 or f32)}}
  %0 = tq.quantize %x : tensor<4xf32> with "int4_g4,scale=f64"
  return %0 : tensor<4xf32>
}

// -----

func.func @option(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "int4_g4,stochastic": unknown option 'stochastic' for group_int}}
  %0 = tq.quantize %x : tensor<4xf32> with "int4_g4,stochastic"
  return %0 : tensor<4xf32>
}

// -----

func.func @name(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "int4_gx": unknown quantizer 'int4_gx'}}
  %0 = tq.quantize %x : tensor<4xf32> with "int4_gx"
  return %0 : tensor<4xf32>
}

// -----

func.func @axis(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{group_int quantization axis 1 is out of range for 'tensor<4xf32>'}}
  %0 = tq.quantize %x : tensor<4xf32> with "int4_g4,axis=1"
  return %0 : tensor<4xf32>
}

// -----

// Bits and group are 32-bit integers: a larger number is not read modulo
// 2^32 (-4294967294 would wrap to 2).
func.func @wrap(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "int-4294967294_g4": unknown quantizer 'int-4294967294_g4'}}
  %0 = tq.quantize %x : tensor<4xf32> with "int-4294967294_g4"
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_bits(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{invalid quantizer "int-2_g4": group_int needs 2 to 8 bits, got -2}}
  %0 = tq.quantize %x : tensor<4xf32> with "int-2_g4"
  return %0 : tensor<4xf32>
}
