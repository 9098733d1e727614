// fixed,8,2 on four values, through a function call (the constant argument
// gets a managed copy) and a kernel; prints the result.
func.func @main() {
  %in = arith.constant dense<[0.3, -1.26, 2.5, 100.0]> : tensor<4xf32>
  %q = call @quant(%in) : (tensor<4xf32>) -> tensor<4xf32>
  %u = tensor.cast %q : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
func.func private @quant(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tq.quantize %x : tensor<4xf32> with "fixed,8,2"
  return %0 : tensor<4xf32>
}
func.func private @printMemrefF32(tensor<*xf32>)
