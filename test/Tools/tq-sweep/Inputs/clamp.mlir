// A model without weights: one named op (a clamp).
func.func @forward(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<4x3xf32>) -> tensor<4x3xf32> loc("relu")
  return %0 : tensor<4x3xf32>
}
