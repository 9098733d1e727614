// RUN: tq-opt %s --tq-lower-to-arith --split-input-file | FileCheck %s

// Quantizers that are not elementwise get their reductions.

// Ternary with an automatic threshold: a sequential f64 sum of |x| over the
// whole tensor (reduction iterators only), t = 0.7 * sum / n, then the
// elementwise generic.
// CHECK-LABEL: func.func @ternary_auto
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["reduction", "reduction"]} ins(%{{.*}} : tensor<4x8xf32>) outs(%{{.*}} : tensor<f64>)
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.absf
// CHECK: arith.addf
// CHECK: %[[SUM:.*]] = tensor.extract %[[S]][] : tensor<f64>
// CHECK: %[[MEAN:.*]] = arith.divf %[[SUM]], %{{.*}} : f64
// CHECK: %[[T:.*]] = arith.mulf %{{.*}}, %[[MEAN]] : f64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: arith.cmpf ogt, %{{.*}}, %[[T]] : f64
func.func @ternary_auto(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = tq.quantize %x : tensor<4x8xf32> with "ternary"
  return %0 : tensor<4x8xf32>
}

// -----

// MX along the last axis, 48 = 2 blocks of 32 after padding with zeros:
// pad, split the axis into (block, position), block max of |x| (in f32),
// quantize each element with its block's scale, collapse, slice back.
// CHECK-LABEL: func.func @mx
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0] high[0, 16]
// CHECK: tensor<2x48xf32> to tensor<2x64xf32>
// CHECK: %[[X:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2]] output_shape [2, 2, 32] : tensor<2x64xf32> into tensor<2x2x32xf32>
// CHECK: %[[M:.*]] = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x2x32xf32>) outs(%{{.*}} : tensor<2x2xf32>)
// CHECK: arith.maximumf
// CHECK: %[[Q:.*]] = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[M]] : tensor<2x2x32xf32>, tensor<2x2xf32>)
// CHECK: math.ctlz
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Q]] {{\[\[}}0], [1, 2]] : tensor<2x2x32xf32> into tensor<2x64xf32>
// CHECK: tensor.extract_slice %[[C]][0, 0] [2, 48] [1, 1] : tensor<2x64xf32> to tensor<2x48xf32>
func.func @mx(%x: tensor<2x48xf32>) -> tensor<2x48xf32> {
  %0 = tq.quantize %x : tensor<2x48xf32> with "mxfp4"
  return %0 : tensor<2x48xf32>
}

// -----

// Per-channel affine: the per-channel scale, reciprocal (f32, as PyTorch
// computes them) and zero point (f64) are constant inputs indexed by the
// channel dimension.
// CHECK-LABEL: func.func @per_channel
// CHECK-DAG: arith.constant dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<[1.000000e+01, 5.000000e+00]> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf64>
// CHECK: linalg.generic {indexing_maps = [#map, #map1, #map1, #map1, #map]
func.func @per_channel(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = tq.quantize %x : tensor<3x2xf32> with "affine,8,0.1;0.2,0;1,axis=1"
  return %0 : tensor<3x2xf32>
}
