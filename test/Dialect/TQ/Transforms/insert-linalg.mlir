// RUN: tq-opt %s --tq-name-ops --tq-insert='activations={"conv2d": "fp8_e4m3"} weights={"": "nearest,8,6"}' | FileCheck %s

// linalg: the filter of a named convolution and B of a named matmul are the
// weights (folded when constant); for a linalg.generic contraction, the
// constant input is. A generic elementwise op has no weights.

#mk = affine_map<(d0, d1, d2) -> (d0, d2)>
#kn = affine_map<(d0, d1, d2) -> (d2, d1)>
#mn = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @linalg
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x3x1xf32>, %[[F:.*]]: tensor<1x1x1x2xf32>, %[[A:.*]]: tensor<2x2xf32>, %[[B:.*]]: tensor<2x2xf32>)
// CHECK: %[[FQ:.*]] = tq.quantize %[[F]] : tensor<1x1x1x2xf32> with #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>
// CHECK: %[[C:.*]] = linalg.conv_2d_nhwc_hwcf {tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}} ins(%[[X]], %[[FQ]] :
// CHECK-NEXT: %[[CQ:.*]] = tq.quantize %[[C]] : tensor<1x3x3x2xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK: %[[BQ:.*]] = tq.quantize %[[B]]
// CHECK-NEXT: linalg.matmul {tq.quantized = {weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}} ins(%[[A]], %[[BQ]] :
// CHECK: %[[G:.*]] = arith.constant dense<{{\[}}[1.250000e-01, 2.500000e-01], [5.000000e-01, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[A]], %[[G]] : {{.*}}) {{.*}} attrs = {tq.quantized = {weights =
// CHECK: linalg.generic
// CHECK-NOT: tq.quantized
// CHECK: return %[[CQ]]
func.func @linalg(%x: tensor<1x3x3x1xf32>, %f: tensor<1x1x1x2xf32>, %a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> (tensor<1x3x3x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3x3x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %0 = linalg.conv_2d_nhwc_hwcf ins(%x, %f : tensor<1x3x3x1xf32>, tensor<1x1x1x2xf32>) outs(%init : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %e2 = tensor.empty() : tensor<2x2xf32>
  %1 = linalg.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  // The constant input of a generic contraction is its weight: 0.126,
  // 0.249, 0.5 and 1.0 become 8/64, 16/64, 32/64 and 64/64 (nearest,8,6).
  %g = arith.constant dense<[[0.126, 0.249], [0.5, 1.0]]> : tensor<2x2xf32>
  %2 = linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %g : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e2 : tensor<2x2xf32>) {
  ^bb0(%l: f32, %r: f32, %acc: f32):
    %p = arith.mulf %l, %r : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x2xf32>
  %3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%2 : tensor<2x2xf32>) outs(%e2 : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x2xf32>
  return %0, %1, %2, %3 : tensor<1x3x3x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
