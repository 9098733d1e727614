// RUN: tq-opt %s --tq-lower-to-arith --split-input-file | FileCheck %s

// Quantizers that are not elementwise get their reductions.

// Ternary with an automatic threshold: the f64 sum of |x| in the
// reference's blocked order (ref::Ternary::absSum): one scf.forall step per
// chunk of 1024 (one here, partial: its reads padded) with a vector<32xf64>
// of lane sums over 32 steps, an ordered reduction of the lanes into the
// chunk's sum; a single chunk sum needs no second level; the total in
// order; t = 0.7 * sum / n, then the elementwise generic.
// CHECK-LABEL: func.func @ternary_auto
// CHECK: %[[F:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<4x8xf32> into tensor<32xf32>
// CHECK: %[[P:.*]] = scf.forall (%[[C:.*]]) in (%{{.*}}) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1xf64>)
// CHECK: %[[B:.*]] = arith.muli %[[C]], %c1024
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<32xf64>
// CHECK-NOT: scf.if
// CHECK: %[[V:.*]] = vector.transfer_read %[[F]][%[[B]]], %{{[^ ]*}} : tensor<32xf32>, vector<32xf32>
// CHECK: %[[D:.*]] = arith.extf %[[V]] : vector<32xf32> to vector<32xf64>
// CHECK: %[[ABS:.*]] = math.absf %[[D]] : vector<32xf64>
// CHECK: arith.addf %[[Z]], %[[ABS]] : vector<32xf64>
// CHECK-COUNT-31: vector.transfer_read %[[F]][%{{[^ ]*}}], %{{[^ ]*}} : tensor<32xf32>, vector<32xf32>
// CHECK: %[[Q:.*]] = vector.reduction <add>, %{{.*}}, %{{.*}} : vector<32xf64> into f64
// CHECK: tensor.insert %[[Q]]
// CHECK: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[C]]] [1] [1] : tensor<1xf64> into tensor<1xf64>
// CHECK-NOT: = scf.forall
// CHECK: %[[S:.*]] = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[P]] : tensor<1xf64>) outs(%{{.*}} : tensor<f64>)
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
// pad, split the axis into (block, position), block max of |x| (the
// unsigned max of the f32 magnitude bits), the block's scale once per block
// (its exponent, from ctlz, and its NaN/Inf flag), quantize each element
// with its block's values, collapse, slice back.
// CHECK-LABEL: func.func @mx
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0] high[0, 16]
// CHECK: tensor<2x48xf32> to tensor<2x64xf32>
// CHECK: %[[X:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2]] output_shape [2, 2, 32] : tensor<2x64xf32> into tensor<2x2x32xf32>
// CHECK: %[[M:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x2x32xf32>) outs(%{{.*}} : tensor<2x2xi32>)
// CHECK: arith.maxui
// CHECK: %[[S:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[M]] : tensor<2x2xi32>) outs(%{{.*}}, %{{.*}} : tensor<2x2xi32>, tensor<2x2xi1>)
// CHECK: math.ctlz
// CHECK: %[[Q:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[S]]#0, %[[S]]#1 : tensor<2x2x32xf32>, tensor<2x2xi32>, tensor<2x2xi1>)
// CHECK-NOT: math.ctlz
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

// -----

// Several blocks per vector step, of a power-of-two size: the blocks'
// maxima as a tree across the blocks, each step the lower half of every
// block against its upper half (two shuffles, one unsigned max of the
// magnitude bits), log2(32) = 5 steps from 64 lanes to one per block.
// CHECK-LABEL: func.func @mx_tree
// CHECK: %[[B:.*]] = arith.andi %{{.*}}, %{{.*}} : vector<64xi32>
// CHECK: %[[L1:.*]] = vector.shuffle %[[B]], %[[B]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47]
// CHECK: %[[H1:.*]] = vector.shuffle %[[B]], %[[B]] [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63]
// CHECK: %[[M1:.*]] = arith.maxui %[[L1]], %[[H1]] : vector<32xi32>
// CHECK: %[[L2:.*]] = vector.shuffle %[[M1]], %[[M1]] [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// CHECK: %[[H2:.*]] = vector.shuffle %[[M1]], %[[M1]] [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]
// CHECK: arith.maxui %[[L2]], %[[H2]] : vector<16xi32>
// CHECK: arith.maxui %{{.*}}, %{{.*}} : vector<8xi32>
// CHECK: arith.maxui %{{.*}}, %{{.*}} : vector<4xi32>
// CHECK: %[[L5:.*]] = vector.shuffle %[[M4:.*]], %[[M4]] [0, 2] : vector<4xi32>, vector<4xi32>
// CHECK: %[[H5:.*]] = vector.shuffle %[[M4]], %[[M4]] [1, 3] : vector<4xi32>, vector<4xi32>
// CHECK: arith.maxui %[[L5]], %[[H5]] : vector<2xi32>
// CHECK-NOT: vector.reduction
// CHECK: return
func.func @mx_tree(%x: tensor<64xf32>) -> tensor<64xf32> {
  %0 = tq.quantize %x : tensor<64xf32> with "mxfp8"
  return %0 : tensor<64xf32>
}

// -----

// What the element code derives from a block's scale exponent (2^-s to
// scale down, 2^s to scale back, with its subnormal case) is computed on
// one lane per block, then spread to the elements (the spreads sink below
// elementwise ops: populateNarrowSpreadPatterns); only the multiplies and
// the NaN-block select work on all 64 lanes.
// CHECK-LABEL: func.func @mx_spread_late
// CHECK: %[[S:.*]] = arith.maxsi %{{.*}}, %{{.*}} : vector<2xi32>
// CHECK: %[[NAN:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] : vector<2xi1>, vector<2xi1>
// CHECK: %[[NEG:.*]] = arith.subi %{{.*}}, %[[S]] : vector<2xi32>
// CHECK: %[[DOWN:.*]] = arith.bitcast %{{.*}} : vector<2xi32> to vector<2xf32>
// CHECK: %[[DOWN64:.*]] = vector.shuffle %[[DOWN]], %[[DOWN]] [0, 0, {{.*}}] : vector<2xf32>, vector<2xf32>
// CHECK: arith.mulf %{{.*}}, %[[DOWN64]] : vector<64xf32>
// CHECK: arith.maxsi %[[S]], %{{.*}} : vector<2xi32>
// CHECK: %[[UP:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<2xi1>, vector<2xf32>
// CHECK: %[[UP64:.*]] = vector.shuffle %[[UP]], %[[UP]] [0, 0, {{.*}}] : vector<2xf32>, vector<2xf32>
// CHECK: %[[Y:.*]] = arith.mulf %{{.*}}, %[[UP64]] : vector<64xf32>
// CHECK: arith.select %[[NAN]], %{{.*}}, %[[Y]] : vector<64xi1>, vector<64xf32>
func.func @mx_spread_late(%x: tensor<64xf32>) -> tensor<64xf32> {
  %0 = tq.quantize %x : tensor<64xf32> with "mxfp8"
  return %0 : tensor<64xf32>
}

// -----

// A block size that is not a power of two keeps one vector.reduction per
// block.
// CHECK-LABEL: func.func @odd_block
// CHECK: vector.reduction <maxui>, %{{.*}} : vector<24xi32> into i32
// CHECK: vector.reduction <maxui>, %{{.*}} : vector<24xi32> into i32
// CHECK: vector.from_elements %{{.*}}, %{{.*}} : vector<2xi32>
func.func @odd_block(%x: tensor<48xf32>) -> tensor<48xf32> {
  %0 = tq.quantize %x : tensor<48xf32> with "mxfp8,block=24"
  return %0 : tensor<48xf32>
}
