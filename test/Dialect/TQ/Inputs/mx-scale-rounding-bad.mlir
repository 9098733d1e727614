// An unknown MX scale rounding, for mx-scale-rounding.mlir.

func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = tq.quantize %x : tensor<8xf32> with "mxfp4,scale_rounding=up"
  return %0 : tensor<8xf32>
}
