func.func @divide() -> tensor<4xf32> {
  %x = arith.constant dense<[-7.5499997, 8.15, 1.25, 30.0]> : tensor<4xf32>
  %q = tq.quantize %x : tensor<4xf32> with "affine,8,0.1,128,unsigned,divide"
  return %q : tensor<4xf32>
}
func.func @multiply() -> tensor<4xf32> {
  %x = arith.constant dense<[-7.5499997, 8.15, 1.25, 30.0]> : tensor<4xf32>
  %q = tq.quantize %x : tensor<4xf32> with "affine,8,0.1,128,unsigned"
  return %q : tensor<4xf32>
}
