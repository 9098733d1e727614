// RUN: tq-opt %s --tq-vectorize-convolutions --canonicalize --cse | FileCheck %s

// A convolution as register tiles: the filter packed [F/FT, KH, KW, C, FT]
// (here by a transpose, the filter being an argument), an scf.forall over
// output tiles (one row of 2 pixels by 4 channels; the unit loops fold
// away), scf.for loops over kh and kw carrying one vector per pixel, and per
// input channel a broadcast input times a filter row, multiplied and added
// apart (no vector.fma): each pixel sums c = 0 then c = 1 into its own
// accumulator, the loops' order.

// CHECK-LABEL: func.func @arg(
//  CHECK-SAME:   %[[IN:.*]]: tensor<1x4x4x2xf32>, %[[W:.*]]: tensor<4x3x3x2xf32>, %[[INIT:.*]]: tensor<1x2x2x4xf32>)
//       CHECK:   %[[E:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [1, 4, 3, 3, 2]
//       CHECK:   %[[P:.*]] = linalg.transpose ins(%[[E]] : tensor<1x4x3x3x2xf32>) outs(%{{.*}} : tensor<1x3x3x2x4xf32>) permutation = [0, 2, 3, 4, 1]
//       CHECK:   scf.forall (%[[OH:.*]]) in (2) shared_outs(%[[OUT:.*]] = %[[INIT]])
//       CHECK:     %[[ROWS:.*]] = tensor.extract_slice %[[IN]][0, %[[OH]], 0, 0] [1, 3, 4, 2]
//       CHECK:     %[[FT:.*]] = tensor.extract_slice %[[P]][0, 0, 0, 0, 0] [1, 3, 3, 2, 4] [1, 1, 1, 1, 1] : tensor<1x3x3x2x4xf32> to tensor<3x3x2x4xf32>
//       CHECK:     %[[ACC:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 1, 2, 4] {{.*}} to tensor<1x2x4xf32>
//       CHECK:     %[[A0:.*]] = vector.transfer_read %[[ACC]][%c0, %c0, %c0]{{.*}} : tensor<1x2x4xf32>, vector<4xf32>
//       CHECK:     %[[A1:.*]] = vector.transfer_read %[[ACC]][%c0, %c1, %c0]{{.*}} : tensor<1x2x4xf32>, vector<4xf32>
//       CHECK:     %[[R:.*]]:2 = scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(%[[X0:.*]] = %[[A0]], %[[X1:.*]] = %[[A1]]) -> (vector<4xf32>, vector<4xf32>)
//       CHECK:       scf.for %[[KW:.*]] = %c0 to %c3 step %c1 iter_args(%[[Y0:.*]] = %[[X0]], %[[Y1:.*]] = %[[X1]])
//       CHECK:         %[[FS:.*]] = tensor.extract_slice %[[FT]][%[[KH]], %[[KW]], 0, 0] [1, 1, 2, 4]
//       CHECK:         %[[F0:.*]] = vector.transfer_read %{{.*}}[%c0, %c0, %c0]{{.*}} vector<4xf32>
//       CHECK:         %[[F1:.*]] = vector.transfer_read %{{.*}}[%c0, %c1, %c0]{{.*}} vector<4xf32>
//       CHECK:         %[[I00:.*]] = tensor.extract %{{.*}}[%c0, %c0, %c0] : tensor<1x2x2xf32>
//       CHECK:         %[[B00:.*]] = vector.broadcast %[[I00]] : f32 to vector<4xf32>
//       CHECK:         %[[M00:.*]] = arith.mulf %[[F0]], %[[B00]] : vector<4xf32>
//       CHECK:         %[[S00:.*]] = arith.addf %[[Y0]], %[[M00]] : vector<4xf32>
//       CHECK:         %[[I10:.*]] = tensor.extract %{{.*}}[%c0, %c1, %c0] : tensor<1x2x2xf32>
//       CHECK:         %[[B10:.*]] = vector.broadcast %[[I10]]
//       CHECK:         %[[M10:.*]] = arith.mulf %[[F0]], %[[B10]]
//       CHECK:         %[[S10:.*]] = arith.addf %[[Y1]], %[[M10]]
//       CHECK:         %[[I01:.*]] = tensor.extract %{{.*}}[%c0, %c0, %c1] : tensor<1x2x2xf32>
//       CHECK:         %[[B01:.*]] = vector.broadcast %[[I01]]
//       CHECK:         %[[M01:.*]] = arith.mulf %[[F1]], %[[B01]]
//       CHECK:         %[[S01:.*]] = arith.addf %[[S00]], %[[M01]]
//       CHECK:         %[[I11:.*]] = tensor.extract %{{.*}}[%c0, %c1, %c1] : tensor<1x2x2xf32>
//       CHECK:         %[[B11:.*]] = vector.broadcast %[[I11]]
//       CHECK:         %[[M11:.*]] = arith.mulf %[[F1]], %[[B11]]
//       CHECK:         %[[S11:.*]] = arith.addf %[[S10]], %[[M11]]
//       CHECK:         scf.yield %[[S01]], %[[S11]] : vector<4xf32>, vector<4xf32>
//       CHECK:     vector.transfer_write %[[R]]#1, %[[ACC]][%c0, %c1, %c0]
//       CHECK:     vector.transfer_write %[[R]]#0, %{{.*}}[%c0, %c0, %c0]
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice %{{.*}} into %[[OUT]][0, %[[OH]], 0, 0] [1, 1, 2, 4]
//   CHECK-NOT:   vector.fma
func.func @arg(%in: tensor<1x4x4x2xf32>, %w: tensor<4x3x3x2xf32>, %init: tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32> {
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>) outs(%init : tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  return %r : tensor<1x2x2x4xf32>
}

// A constant filter is packed at compile time: [F=2, 1, 1, C=2] becomes
// [1, 1, 1, C, F], element [c][f] = old [f][c].
// CHECK-LABEL: func.func @constant(
//       CHECK:   arith.constant dense<{{\[\[\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]]]> : tensor<1x1x1x2x2xf32>
//   CHECK-NOT:   linalg.transpose
//       CHECK:   scf.forall
func.func @constant(%in: tensor<1x3x3x2xf32>, %init: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>) outs(%init : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  return %r : tensor<1x3x3x2xf32>
}

// A resource filter gets a packed resource; hwcf [KH, KW, C, F] splits F.
// CHECK-LABEL: func.func @resource(
//       CHECK:   arith.constant dense_resource<w_packed> : tensor<1x1x1x2x2xf32>
func.func @resource(%in: tensor<1x3x3x2xf32>, %init: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense_resource<w> : tensor<1x1x2x2xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>) outs(%init : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  return %r : tensor<1x3x3x2xf32>
}

// Not handled: dynamic shapes, integers.
// CHECK-LABEL: func.func @dynamic(
//       CHECK:   linalg.conv_2d_nhwc_hwcf
//   CHECK-NOT:   scf.forall
func.func @dynamic(%in: tensor<1x?x10x16xf32>, %w: tensor<3x3x16x32xf32>, %init: tensor<1x?x8x32xf32>) -> tensor<1x?x8x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x?x10x16xf32>, tensor<3x3x16x32xf32>) outs(%init : tensor<1x?x8x32xf32>) -> tensor<1x?x8x32xf32>
  return %r : tensor<1x?x8x32xf32>
}

// CHECK-LABEL: func.func @integer(
//       CHECK:   linalg.conv_2d_nhwc_hwcf
//   CHECK-NOT:   scf.forall
func.func @integer(%in: tensor<1x4x10x16xi8>, %w: tensor<3x3x16x32xi8>, %init: tensor<1x2x8x32xi32>) -> tensor<1x2x8x32xi32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x4x10x16xi8>, tensor<3x3x16x32xi8>) outs(%init : tensor<1x2x8x32xi32>) -> tensor<1x2x8x32xi32>
  return %r : tensor<1x2x8x32xi32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
