// examples/tiny-cnn.mlir with a `main` that runs it on a fixed 4x4 image
// and prints the logits, for mlir-runner (which calls a function without
// arguments):
//
//   build/bin/tq-opt examples/tiny-cnn-main.mlir --tq-cpu-pipeline | \
//     /usr/lib/llvm-22/bin/mlir-runner -e main --entry-point-result=void -O3 \
//     --shared-libs=/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_runner_utils.so
//
// printMemrefF32 comes from libmlir_runner_utils.so. tq-run runs @forward
// of examples/tiny-cnn.mlir on .npy inputs instead (docs/run.md).

func.func @main() {
  %image = arith.constant dense<[[[[0.5], [1.0], [0.25], [0.0]],
                                  [[0.75], [0.125], [1.0], [0.5]],
                                  [[0.0], [0.625], [0.375], [0.875]],
                                  [[1.0], [0.25], [0.5], [0.125]]]]> : tensor<1x4x4x1xf32>
  %logits = call @forward(%image) : (tensor<1x4x4x1xf32>) -> tensor<1x1x3xf32>
  %printable = tensor.cast %logits : tensor<1x1x3xf32> to tensor<*xf32>
  call @printMemrefF32(%printable) : (tensor<*xf32>) -> ()
  return
}
func.func private @printMemrefF32(tensor<*xf32>)

func.func private @forward(%image: tensor<1x4x4x1xf32>) -> tensor<1x1x3xf32> {
  // conv1: 2 filters of 3x3, weights in [O, KH, KW, I].
  %w1 = "tosa.const"() <{values = dense<[
      [[[0.1234], [-0.5012], [0.2499]], [[0.7071], [0.0158], [-0.3333]], [[0.0903], [0.4444], [-0.9876]]],
      [[[-0.2718], [0.3141], [0.0077]], [[0.5555], [-0.1111], [0.6180]], [[-0.0402], [0.2023], [0.1999]]]
    ]> : tensor<2x3x3x1xf32>}> : () -> tensor<2x3x3x1xf32> loc("conv1.weight")
  %b1 = "tosa.const"() <{values = dense<[0.0123456, -0.0234567]> : tensor<2xf32>}> : () -> tensor<2xf32> loc("conv1.bias")
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1q = tq.quantize %w1 : tensor<2x3x3x1xf32> with "nearest,8,6"
  %b1q = tq.quantize %b1 : tensor<2xf32> with "bf16"
  %conv = tosa.conv2d %image, %w1q, %b1q, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv1")
  %relu = tosa.clamp %conv {max_val = 3.40282347e+38 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("relu1")
  %act1 = tq.quantize %relu : tensor<1x2x2x2xf32> with "fp8_e4m3"

  // dense1: 8 features -> 3 classes, as a batched matmul.
  %shape = tosa.const_shape {values = dense<[1, 1, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %flat = tosa.reshape %act1, %shape : (tensor<1x2x2x2xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %w2 = "tosa.const"() <{values = dense<[[
      [0.31, -0.12, 0.05], [-0.44, 0.27, 0.19], [0.08, 0.61, -0.33], [0.15, -0.29, 0.42],
      [-0.07, 0.36, 0.11], [0.52, -0.18, -0.26], [0.03, 0.14, 0.47], [-0.39, 0.22, 0.06]
    ]]> : tensor<1x8x3xf32>}> : () -> tensor<1x8x3xf32> loc("dense1.weight")
  %w2q = tq.quantize %w2 : tensor<1x8x3xf32> with "nearest,8,6"
  %logits = tosa.matmul %flat, %w2q, %zp, %zp : (tensor<1x1x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("dense1")
  %out = tq.quantize %logits : tensor<1x1x3xf32> with "fp8_e4m3"
  return %out : tensor<1x1x3xf32>
}
