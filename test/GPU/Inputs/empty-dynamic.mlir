// Quantizers of a dynamic tensor that is empty at run time: their kernels
// get a grid of 0 blocks, which the runtime skips (the driver would refuse
// it); the result is an empty tensor. Elementwise, and ternary's sums.
func.func private @q(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tq.quantize %x : tensor<?xf32> with "nearest,8,4"
  return %0 : tensor<?xf32>
}
func.func private @t(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tq.quantize %x : tensor<?xf32> with "ternary"
  return %0 : tensor<?xf32>
}
func.func @main() {
  %c0 = arith.constant 0 : index
  %e = tensor.empty(%c0) : tensor<?xf32>
  %r = call @q(%e) : (tensor<?xf32>) -> tensor<?xf32>
  %s = call @t(%r) : (tensor<?xf32>) -> tensor<?xf32>
  %d = tensor.dim %s, %c0 : tensor<?xf32>
  vector.print %d : index
  return
}
