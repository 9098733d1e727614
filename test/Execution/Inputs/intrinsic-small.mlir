// A 2x4 by 4x2 matmul ("mm") and a 3x3 convolution of a 3x3 image ("conv")
// for hand-computed intrinsic quantization.
module {
  func.func @mm(%a: tensor<1x2x4xf32>, %b: tensor<1x4x2xf32>) -> tensor<1x2x2xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32> loc("mm")
    return %0 : tensor<1x2x2xf32>
  }
  // k = 5: blocks of 3 leave a partial last block of 2.
  func.func @mm5(%a: tensor<1x1x5xf32>, %b: tensor<1x5x1xf32>) -> tensor<1x1x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x1x5xf32>, tensor<1x5x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32> loc("mm5")
    return %0 : tensor<1x1x1xf32>
  }
  func.func @conv(%x: tensor<1x3x3x1xf32>) -> tensor<1x1x1x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<0.3> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
    %bias = "tosa.const"() <{values = dense<0.25> : tensor<1xf32>}> : () -> tensor<1xf32>
    %0 = tosa.conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32> loc("conv")
    return %0 : tensor<1x1x1x1xf32>
  }
}
