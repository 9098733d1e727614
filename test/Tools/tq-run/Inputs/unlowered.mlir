// An op the CPU pipeline has no lowering for (complex.abs), inside a model
// tq-run can otherwise pass arguments to.
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = complex.constant [1.0 : f32, 2.0 : f32] : complex<f32>
  %a = complex.abs %c : complex<f32>
  %t = tensor.splat %a : tensor<2xf32>
  %r = arith.addf %x, %t : tensor<2xf32>
  return %r : tensor<2xf32>
}
