// RUN: tq-opt %s --tq-lower-to-arith --split-input-file -verify-diagnostics

// What the lowering cannot do is an error at the op, never a crash.

func.func @mx_dynamic_axis(%x: tensor<4x?xf32>) -> tensor<4x?xf32> {
  // expected-error @+1 {{tq-lower-to-arith: mxfp4 needs a static size along its block axis 1 of 'tensor<4x?xf32>'}}
  %0 = tq.quantize %x : tensor<4x?xf32> with "mxfp4"
  return %0 : tensor<4x?xf32>
}

// -----

func.func @mx_vector(%x: vector<64xf32>) -> vector<64xf32> {
  // expected-error @+1 {{tq-lower-to-arith: mxfp4 needs a ranked tensor (it is not elementwise)}}
  %0 = tq.quantize %x : vector<64xf32> with "mxfp4"
  return %0 : vector<64xf32>
}

// -----

func.func @ternary_vector(%x: vector<8xf32>) -> vector<8xf32> {
  // expected-error @+1 {{tq-lower-to-arith: ternary with an automatic threshold on vectors is not supported; quantize the tensor instead}}
  %0 = tq.quantize %x : vector<8xf32> with "ternary"
  return %0 : vector<8xf32>
}
