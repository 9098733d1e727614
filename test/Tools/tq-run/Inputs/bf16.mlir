// bf16 arguments and results for Tools/tq-run/bf16.test.
module {
  // The bf16 argument widened (exactly) to f32, and returned as it is.
  func.func @widen(%x: tensor<2x4xbf16>) -> (tensor<2x4xf32>, tensor<2x4xbf16>) {
    %w = tosa.cast %x : (tensor<2x4xbf16>) -> tensor<2x4xf32>
    return %w, %x : tensor<2x4xf32>, tensor<2x4xbf16>
  }

  // f32 rounded to bf16 inside the function: a bf16 result.
  func.func @narrow(%x: tensor<2x4xf32>) -> tensor<2x4xbf16> {
    %n = tosa.cast %x : (tensor<2x4xf32>) -> tensor<2x4xbf16>
    return %n : tensor<2x4xbf16>
  }
}
