// RUN: tq-opt %s --tq-differentiate=functions=g,d | FileCheck %s
// RUN: tq-opt %s --tq-differentiate=functions=g | tq-run - -e g_grad --random-inputs --quiet | FileCheck %s --check-prefix=COUNT
// RUN: not tq-opt %s --tq-differentiate=functions=s 2>&1 | FileCheck %s --check-prefix=BODY
// RUN: not tq-opt %s --tq-differentiate=functions=m 2>&1 | FileCheck %s --check-prefix=MAX

// tosa.gather: the values' gradient adds g back at the rows read, a one-hot
// [N, K, W] matrix (the indices, clamped as the forward's by
// tq-clamp-gather-indices, compared with 0..K-1) times g.

// CHECK-LABEL: func.func @g_grad(%arg0: tensor<1x5x3xf32>) -> (tensor<1x4x3xf32>, tensor<1x5x3xf32>)
// CHECK:         %[[IDX:.*]] = "tosa.const"() <{values = dense<{{\[\[}}0, 3, 3, 4]]> : tensor<1x4xi32>}>
// CHECK:         %[[SEED:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<1x4x3xf32>}>
// CHECK-NEXT:    %[[C:.*]] = tosa.clamp %[[IDX]] {max_val = 4 : i32, min_val = 0 : i32}
// CHECK:         %[[R:.*]] = tosa.reshape %[[C]], %{{.*}} : (tensor<1x4xi32>, !tosa.shape<3>) -> tensor<1x1x4xi32>
// CHECK-NEXT:    %[[ROWS:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}0], [1], [2], [3], [4]]]> : tensor<1x5x1xi32>}>
// CHECK-NEXT:    %[[EQ:.*]] = tosa.equal %[[R]], %[[ROWS]] : (tensor<1x1x4xi32>, tensor<1x5x1xi32>) -> tensor<1x5x4xi1>
// CHECK:         %[[ONEHOT:.*]] = tosa.select %[[EQ]], %{{.*}}, %{{.*}} : (tensor<1x5x4xi1>, tensor<1x1x1xf32>, tensor<1x1x1xf32>) -> tensor<1x5x4xf32>
// CHECK:         %[[DV:.*]] = tosa.matmul %[[ONEHOT]], %[[SEED]], {{.*}} -> tensor<1x5x3xf32>
// CHECK-NEXT:    return %{{.*}}, %[[DV]]
func.func @g(%v: tensor<1x5x3xf32>) -> tensor<1x4x3xf32> {
  %idx = "tosa.const"() <{values = dense<[[0, 3, 3, 4]]> : tensor<1x4xi32>}> : () -> tensor<1x4xi32>
  %0 = tosa.gather %v, %idx : (tensor<1x5x3xf32>, tensor<1x4xi32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// The gradient of the sum of the gathered elements: each row counts how
// often it is read.
// COUNT:      output 1: (1, 5, 3) <f4
// COUNT-NEXT: 1 1 1
// COUNT-NEXT: 0 0 0
// COUNT-NEXT: 0 0 0
// COUNT-NEXT: 2 2 2
// COUNT-NEXT: 1 1 1

// linalg.generic (Softmax's division as the importer writes it, the sum
// broadcast along d1): one new linalg.generic per operand, recomputing
// what the derivative needs. e's gradient is elementwise, g / s; s's,
// -g * (e / s) / s, is summed over the loop s does not index (a
// reduction onto zeros) and reshaped back to 2x1.

// CHECK-LABEL: func.func @d_grad(%arg0: tensor<2x4xf32>, %arg1: tensor<2x1xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x1xf32>)
// CHECK:         %[[SEED:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<2x4xf32>}>
// CHECK-NEXT:    %[[E0:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK-NEXT:    %[[DE:.*]] = linalg.generic {indexing_maps = [#map, #map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%[[SEED]], %arg0, %arg1 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x1xf32>) outs(%[[E0]] : tensor<2x4xf32>)
// CHECK-NEXT:    ^bb0(%[[G:.*]]: f32, %{{.*}}: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[G]], %[[S]] : f32
// CHECK-NEXT:      linalg.yield %[[Q]] : f32
// CHECK:         %[[E1:.*]] = tensor.empty() : tensor<2xf32>
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E1]] : tensor<2xf32>)
// CHECK-NEXT:    %[[DS:.*]] = linalg.generic {indexing_maps = [#map, #map, #map1, #map2], iterator_types = ["parallel", "reduction"]} ins(%[[SEED]], %arg0, %arg1 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x1xf32>) outs(%[[FILL]] : tensor<2xf32>)
// CHECK-NEXT:    ^bb0(%[[G:.*]]: f32, %[[A:.*]]: f32, %[[B:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[Y:.*]] = arith.divf %[[A]], %[[B]] : f32
// CHECK-NEXT:      %[[GY:.*]] = arith.mulf %[[G]], %[[Y]] : f32
// CHECK-NEXT:      %[[GYB:.*]] = arith.divf %[[GY]], %[[B]] : f32
// CHECK-NEXT:      %[[N:.*]] = arith.negf %[[GYB]] : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[N]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         %[[DSR:.*]] = tosa.reshape %[[DS]], %{{.*}} : (tensor<2xf32>, !tosa.shape<2>) -> tensor<2x1xf32>
// CHECK-NEXT:    return %{{.*}}, %[[DE]], %[[DSR]]
func.func @d(%e: tensor<2x4xf32>, %s: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %init = tensor.empty() : tensor<2x4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%e, %s : tensor<2x4xf32>, tensor<2x1xf32>) outs(%init : tensor<2x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %q = arith.divf %a, %b : f32
    linalg.yield %q : f32
  } -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// A body op without a rule on the gradient's path is an error at that op.
// BODY: gather-generic.mlir:[[# @LINE + 7]]:10: error: tq-differentiate: no vector-Jacobian rule for 'math.sin' in the body of 'linalg.generic'
// BODY: error: tq-differentiate: the rule of 'linalg.generic' failed
func.func @s(%x: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = math.exp %a : f32
    %s = math.sin %e : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Reductions other than sums have none.
// MAX: gather-generic.mlir:[[# @LINE + 5]]:8: error: tq-differentiate: a linalg.generic reduction other than a sum (out + ...) has no vector-Jacobian rule
func.func @m(%x: tensor<4xf32>) -> tensor<f32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%x : tensor<4xf32>) outs(%fill : tensor<f32>) {
  ^bb0(%a: f32, %acc: f32):
    %m = arith.maximumf %a, %acc : f32
    linalg.yield %m : f32
  } -> tensor<f32>
  return %0 : tensor<f32>
}
