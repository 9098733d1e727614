// A callee and its call site: the call's result is the callee's, quantized
// inside the callee only.
func.func private @block(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32> loc("abs")
  return %0 : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = func.call @block(%x) : (tensor<4xf32>) -> tensor<4xf32> loc("call")
  return %0 : tensor<4xf32>
}
