// An elementwise add with a broadcast bias, for mark-noalias-pointers.mlir.
func.func @add_bias(%a: tensor<64x28x28x8xf32>, %b: tensor<1x1x1x8xf32>) -> tensor<64x28x28x8xf32> {
  %r = tosa.add %a, %b : (tensor<64x28x28x8xf32>, tensor<1x1x1x8xf32>) -> tensor<64x28x28x8xf32>
  return %r : tensor<64x28x28x8xf32>
}
