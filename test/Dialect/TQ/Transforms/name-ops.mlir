// RUN: tq-opt %s --tq-name-ops --tq-list-names -o /dev/null --split-input-file | FileCheck %s
// RUN: tq-opt %s --tq-name-ops --mlir-print-debuginfo --split-input-file | FileCheck %s --check-prefix=LOC

// Ops of interest get Keras-style names, numbered per kind in walk order;
// constants and data movement (reshape, fill, tensor.*) get none; existing
// names are kept and never reused.

// The name is a name location around the op's location.
// LOC: tosa.conv2d {{.*}} loc(#[[CONV:loc[0-9]+]])
// LOC: #[[FILE:loc[0-9]+]] = loc("{{.*}}name-ops.mlir":26:8)
// LOC: #[[CONV]] = loc("conv2d"(#[[FILE]]))

// CHECK:      name            op               results
// CHECK-NEXT: conv2d          tosa.conv2d      tensor<1x4x4x2xf32>
// CHECK-NEXT: clamp           tosa.clamp       tensor<1x4x4x2xf32>
// CHECK-NEXT: conv2d_1        tosa.conv2d      tensor<1x4x4x2xf32>
// CHECK-NEXT: conv2d_2        tosa.conv2d      tensor<1x4x4x2xf32>
// CHECK-NEXT: matmul          tosa.matmul      tensor<1x2x3xf32>
// CHECK-NEXT: max_pooling2d   tosa.max_pool2d  tensor<1x2x2x2xf32>
// CHECK-NEXT: add             tosa.add         tensor<1x2x2x2xf32>
// CHECK-NEXT: 7 named ops
func.func @tosa(%x: tensor<1x6x6x1xf32>, %a: tensor<1x2x8xf32>, %b: tensor<1x8x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x3xf32>, tensor<1x2x2x2xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x3x3x1xf32>}> : () -> tensor<2x3x3x1xf32>
  %bias = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.const_shape {values = dense<[1, 4, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %2 = tosa.reshape %1, %s : (tensor<1x4x4x2xf32>, !tosa.shape<4>) -> tensor<1x4x4x2xf32>
  // Already named "conv2d_1": the next new conv2d becomes conv2d_2.
  %3 = tosa.conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv2d_1")
  %4 = tosa.conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %5 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  %6 = tosa.max_pool2d %2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %7 = tosa.add %6, %6 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %7, %5, %6 : tensor<1x2x2x2xf32>, tensor<1x2x3xf32>, tensor<1x2x2x2xf32>
}

// -----

// linalg: named convolutions and matmuls get Keras names, generics their
// mnemonic; fill and tensor.empty none. An op named by a `name` attribute
// keeps it.
// CHECK:      name              op                                 results
// CHECK-NEXT: conv2d            linalg.conv_2d_nhwc_hwcf           tensor<1x4x4x4xf32>
// CHECK-NEXT: depthwise_conv2d  linalg.depthwise_conv_2d_nhwc_hwc  tensor<1x4x4x2xf32>
// CHECK-NEXT: fc                linalg.matmul                      tensor<4x4xf32>
// CHECK-NEXT: matmul            linalg.matmul                      tensor<4x4xf32>
// CHECK-NEXT: generic           linalg.generic                     tensor<4x4xf32>
// CHECK-NEXT: 5 named ops
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @linalg(%x: tensor<1x6x6x2xf32>, %f: tensor<3x3x2x4xf32>, %d: tensor<3x3x2xf32>, %a: tensor<4x8xf32>, %b: tensor<8x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x2xf32>, tensor<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %0 = linalg.conv_2d_nhwc_hwcf ins(%x, %f : tensor<1x6x6x2xf32>, tensor<3x3x2x4xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x4x2xf32>
  %1 = linalg.depthwise_conv_2d_nhwc_hwc ins(%x, %d : tensor<1x6x6x2xf32>, tensor<3x3x2xf32>) outs(%e2 : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %e3 = tensor.empty() : tensor<4x4xf32>
  %2 = linalg.matmul {name = "fc"} ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%e3 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %3 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%2 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%3 : tensor<4x4xf32>) outs(%e3 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<4x4xf32>
  return %0, %1, %4 : tensor<1x4x4x4xf32>, tensor<1x4x4x2xf32>, tensor<4x4xf32>
}
