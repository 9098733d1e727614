// RUN: tq-opt %s --split-input-file --tq-expand-intrinsic --verify-diagnostics | FileCheck %s

// A linalg matmul marked by tq-insert: products in fp8 E4M3, the running sum
// in fixed<16, 8>, starting from the rounded initial value; loops (i, k, j):
// the reduction in order, the output's last dimension innermost.

// CHECK-DAG: #[[$A:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$B:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>, %[[Y:.+]]: tensor<8x16xf32>, %[[INIT:.+]]: tensor<4x16xf32>)
// CHECK: %[[INITQ:.+]] = tq.quantize %[[INIT]] : tensor<4x16xf32> with #tq.fixed<bits = 16, frac = 8>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]], %[[Y]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[INITQ]] : tensor<4x16xf32>) {
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %[[IN0:.+]]: f32, %[[OUT:.+]]: f32):
// CHECK-NEXT:   %[[P:.+]] = arith.mulf %[[IN]], %[[IN0]] : f32
// CHECK-NEXT:   %[[PQ:.+]] = tq.quantize %[[P]] : f32 with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT:   %[[S:.+]] = arith.addf %[[OUT]], %[[PQ]] : f32
// CHECK-NEXT:   %[[SQ:.+]] = tq.quantize %[[S]] : f32 with #tq.fixed<bits = 16, frac = 8>
// CHECK-NEXT:   linalg.yield %[[SQ]] : f32
// CHECK-NEXT: } -> tensor<4x16xf32>
// CHECK-NEXT: return %[[R]]
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.float<exp = 4, man = 3, kind = nan_only>, accumulator = #tq.fixed<bits = 16, frac = 8>>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// A TOSA convolution: lowered with the upstream patterns, its bias becomes
// the initial value (rounded to the accumulator format); loops
// (n, oh, ow, kh, kw, c, f). An identity product quantizer adds nothing.

// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG: #[[$W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d6, d3, d4, d5)>
// CHECK-DAG: #[[$O:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-LABEL: func.func @conv
// CHECK: %[[BIAS:.+]] = linalg.generic
// CHECK: %[[BQ:.+]] = tq.quantize %[[BIAS]] : tensor<1x2x2x3xf32> with #tq.float<exp = 5, man = 10>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%arg0, %arg1 : tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>) outs(%[[BQ]] : tensor<1x2x2x3xf32>) {
// CHECK-NEXT: ^bb0(%[[I:.+]]: f32, %[[J:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:   %[[P:.+]] = arith.mulf %[[I]], %[[J]] : f32
// CHECK-NEXT:   %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:   %[[SQ:.+]] = tq.quantize %[[S]] : f32 with #tq.float<exp = 5, man = 10>
// CHECK-NEXT:   linalg.yield %[[SQ]] : f32
// CHECK-NOT: tosa.conv2d
func.func @conv(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %bias: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

// Stochastic: the sum of iteration i draws at counter 2*i + 1, where i is the
// linear index in the original loop order (m, n, k) with ranges (2, 4, 3),
// i.e. strides (12, 3, 1), doubled here to (24, 6, 2); the initial value
// from counter 2*24 = 48 on; the recorded seed everywhere.

// CHECK-LABEL: func.func @stochastic
// CHECK: %[[C48:.+]] = arith.constant 48 : index
// CHECK: tq.quantize %arg2 : tensor<2x4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed(42) offset(%[[C48]])
// CHECK: iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: %[[M:.+]] = linalg.index 0 : index
// CHECK: %[[C24:.+]] = arith.constant 24 : index
// CHECK: arith.muli %[[M]], %[[C24]] : index
// CHECK: %[[N:.+]] = linalg.index 2 : index
// CHECK: %[[C6:.+]] = arith.constant 6 : index
// CHECK: arith.muli %[[N]], %[[C6]] : index
// CHECK: %[[K:.+]] = linalg.index 1 : index
// CHECK: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[KS:.+]] = arith.muli %[[K]], %[[C2]] : index
// CHECK: %[[LIN:.+]] = arith.addi %{{.+}}, %[[KS]] : index
// CHECK: %[[ONE:.+]] = arith.constant 1 : index
// CHECK: %[[OFF:.+]] = arith.addi %[[LIN]], %[[ONE]] : index
// CHECK: tq.quantize %{{.+}} : f32 with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed(42) offset(%[[OFF]])
func.func @stochastic(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 8, frac = 4, rounding = stochastic>, seed = 42>} ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%c : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @not_contraction(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{tq.intrinsic: expected a contraction on tensors with two inputs and one output (a matmul or a convolution)}}
  %0 = linalg.add {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 8, frac = 0>>} ins(%a, %b : tensor<4xf32>, tensor<4xf32>) outs(%a : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @block_format(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{#tq.mac: the product quantizer mxfp8 is not elementwise (block and whole-tensor formats have no meaning for one scalar)}}
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.mx<element = fp8_e4m3>, accumulator = #tq.fixed<bits = 16, frac = 8>>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @not_mac(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{tq.intrinsic: the body is not a float multiply-accumulate (acc + a * b) on the element type}}
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"], tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 16, frac = 8>>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.maximumf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @elementwise(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{tq.intrinsic on an op that is not a matmul or a convolution}}
  %0 = tosa.abs %a {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 8, frac = 0>>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Blocked order (block = 4): k splits into (ko, ki); the inputs show it as
// two dimensions. A loop over ko carries the accumulator and the partial
// sum; each iteration takes the operands' slices at ko, sums the block's
// products from zero (a generic over i, ki, j), and adds that sum to the
// accumulator (a generic over i, j).

// CHECK-DAG: #[[$BA:.+]] = affine_map<(d0, d1, d2) -> (d0, 0, d1)>
// CHECK-DAG: #[[$BB:.+]] = affine_map<(d0, d1, d2) -> (0, d1, d2)>
// CHECK-DAG: #[[$BC:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @blocked
// CHECK: %[[EA:.+]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2]] output_shape [4, 2, 4] : tensor<4x8xf32> into tensor<4x2x4xf32>
// CHECK: %[[EB:.+]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2]] output_shape [2, 4, 16] : tensor<8x16xf32> into tensor<2x4x16xf32>
// CHECK: %[[INITQ:.+]] = tq.quantize %arg2 : tensor<4x16xf32> with #tq.fixed<bits = 16, frac = 8>
// CHECK: %[[PART:.+]] = bufferization.alloc_tensor() : tensor<4x16xf32>
// CHECK: %[[R:.+]]:2 = scf.for %[[KO:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %[[INITQ]], %[[PS:.+]] = %[[PART]])
// CHECK:   %[[SA:.+]] = tensor.extract_slice %[[EA]][%{{.+}}, %{{.+}}, %{{.+}}] [4, 1, 4] [1, 1, 1] : tensor<4x2x4xf32> to tensor<4x1x4xf32>
// CHECK:   %[[SB:.+]] = tensor.extract_slice %[[EB]][%{{.+}}, %{{.+}}, %{{.+}}] [1, 4, 16] [1, 1, 1] : tensor<2x4x16xf32> to tensor<1x4x16xf32>
// CHECK:   %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[PS]] : tensor<4x16xf32>)
// CHECK:   %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$BA]], #[[$BB]], #[[$BC]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[SA]], %[[SB]] : tensor<4x1x4xf32>, tensor<1x4x16xf32>) outs(%[[ZERO]] : tensor<4x16xf32>)
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[S:.+]]: f32):
// CHECK-NEXT:   %[[P:.+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT:   %[[S1:.+]] = arith.addf %[[S]], %[[P]] : f32
// CHECK-NEXT:   %[[SQ:.+]] = tq.quantize %[[S1]] : f32 with #tq.fixed<bits = 16, frac = 8>
// CHECK-NEXT:   linalg.yield %[[SQ]] : f32
// CHECK:   %[[NEW:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[SUM]] : tensor<4x16xf32>) outs(%[[ACC]] : tensor<4x16xf32>)
// CHECK-NEXT: ^bb0(%[[B:.+]]: f32, %[[A:.+]]: f32):
// CHECK-NEXT:   %[[T:.+]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT:   %[[TQ:.+]] = tq.quantize %[[T]] : f32 with #tq.fixed<bits = 16, frac = 8>
// CHECK-NEXT:   linalg.yield %[[TQ]] : f32
// CHECK:   scf.yield %[[NEW]], %[[SUM]] : tensor<4x16xf32>, tensor<4x16xf32>
// CHECK: return %[[R]]#0
func.func @blocked(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 16, frac = 8>, chunk = 4>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// A block that does not divide the reduction (6 = 4 + 2): the operands are
// padded with zeros to 8, and padded products (k = ko * 4 + ki >= 6) join
// nothing.

// CHECK-LABEL: func.func @blocked_indivisible
// CHECK: %[[AP:.+]] = tensor.pad %arg0 low[0, 0] high[0, 2]
// CHECK: tensor.expand_shape %[[AP]] {{\[\[}}0], [1, 2]] output_shape [4, 2, 4] : tensor<4x8xf32> into tensor<4x2x4xf32>
// CHECK: %[[BP:.+]] = tensor.pad %arg1 low[0, 0] high[2, 0]
// CHECK: tensor.expand_shape %[[BP]] {{\[\[}}0, 1], [2]] output_shape [2, 4, 16] : tensor<8x16xf32> into tensor<2x4x16xf32>
// CHECK: scf.for %[[KO:.+]] = %{{.+}} to %{{.+}} step
// CHECK:   %[[K0:.+]] = arith.muli %[[KO]], %c4
// CHECK:   linalg.generic
// CHECK:     %[[PSQ:.+]] = tq.quantize
// CHECK:     %[[KI:.+]] = linalg.index 1 : index
// CHECK:     %[[K:.+]] = arith.addi %[[K0]], %[[KI]]
// CHECK:     %[[REAL:.+]] = arith.cmpi slt, %[[K]], %c6
// CHECK:     arith.select %[[REAL]], %[[PSQ]]
func.func @blocked_indivisible(%a: tensor<4x6xf32>, %b: tensor<6x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 16, frac = 8>, chunk = 4>} ins(%a, %b : tensor<4x6xf32>, tensor<6x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Aligned addition (groups of 4 in chunks of 8), per group: (1) the largest
// and smallest product; (2) the scale 2^-q as two factors (s1, s2 along a
// last dimension of 2); (3) the sum of the products scaled and truncated to
// integers; (4) the sum aligned too, added, scaled back and rounded to the
// accumulator, and promoted at a chunk's end.

// CHECK-LABEL: func.func @aligned
// CHECK: scf.for
// CHECK:   %[[EXT:.+]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]
// CHECK:     %[[P:.+]] = arith.mulf
// CHECK-NEXT: %[[HI:.+]] = arith.maximumf %{{.+}}, %[[P]] : f32
// CHECK-NEXT: %[[LO:.+]] = arith.minimumf %{{.+}}, %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[HI]], %[[LO]] : f32, f32
// CHECK:   %[[SC:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[EXT]]#0, %[[EXT]]#1, %{{.+}} : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) outs(%{{.+}} : tensor<4x16x2xf32>)
// CHECK:   %[[G:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.+}}, %{{.+}}, %[[SC]], %[[SC]] : {{.+}}) outs(%{{.+}} : tensor<4x16xf32>)
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[F1:.+]]: f32, %[[F2:.+]]: f32, %[[GS:.+]]: f32):
// CHECK-NEXT:   %[[PP:.+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT:   %[[T1:.+]] = arith.mulf %[[PP]], %[[F1]] : f32
// CHECK-NEXT:   %[[T2:.+]] = arith.mulf %[[T1]], %[[F2]] : f32
// CHECK-NEXT:   %[[T:.+]] = math.trunc %[[T2]] : f32
// CHECK-NEXT:   %[[GN:.+]] = arith.addf %[[GS]], %[[T]] : f32
// CHECK-NEXT:   linalg.yield %[[GN]] : f32
// CHECK:   linalg.generic {{.*}} ins(%[[EXT]]#0, %[[EXT]]#1, %[[G]], %[[SC]], %[[SC]] : {{.+}}) outs(%{{.+}}, %{{.+}} : tensor<4x16xf32>, tensor<4x16xf32>)
// CHECK:     math.trunc
// CHECK:     arith.divf
// CHECK:     arith.truncf %{{.+}} : f64 to f32
// CHECK:     tq.quantize %{{.+}} : f32 with #tq.float<exp = 8, man = 13, rounding = toward_zero>
func.func @aligned(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 13, rounding = toward_zero>, outer = #tq.float<exp = 8, man = 23>, chunk = 8, align = 4, kept = 13, align_accumulator = true>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// A TOSA depthwise convolution: the upstream lowering adds the bias after
// the contraction, so that sum is rounded to the accumulator format too.

// CHECK-LABEL: func.func @depthwise
// CHECK: %[[INITQ:.+]] = tq.quantize %{{.+}} : tensor<1x4x4x4x1xf32> with #tq.fixed<bits = 8, frac = 2>
// CHECK: %[[ACC:.+]] = linalg.generic {{.*}} outs(%[[INITQ]] : tensor<1x4x4x4x1xf32>)
// CHECK: tq.quantize %{{.+}} : f32 with #tq.fixed<bits = 8, frac = 2>
// CHECK: %[[FLAT:.+]] = tensor.collapse_shape %[[ACC]]
// CHECK: %[[BIASED:.+]] = linalg.generic {{.*}} ins(%arg2, %[[FLAT]] : tensor<4xf32>, tensor<1x4x4x4xf32>)
// CHECK: %[[OUT:.+]] = tq.quantize %[[BIASED]] : tensor<1x4x4x4xf32> with #tq.fixed<bits = 8, frac = 2>
// CHECK: return %[[OUT]]
func.func @depthwise(%x: tensor<1x6x6x4xf32>, %w: tensor<3x3x4x1xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 8, frac = 2>>} : (tensor<1x6x6x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Blocks take each operand's slice at the sequential loops: an index that
// mixes two parallel dimensions has none.
#skew_a = affine_map<(i, j, k) -> (i + j, k)>
#skew_b = affine_map<(i, j, k) -> (k, j)>
#skew_c = affine_map<(i, j, k) -> (i, j)>
func.func @skewed(%a: tensor<8x8xf32>, %b: tensor<8x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{tq.intrinsic: a chunked or aligned order needs every operand index to be one parallel dimension (times a stride) plus reduction dimensions; operand 0 is indexed by affine_map<(d0, d1, d2) -> (d0 + d1, d2)>}}
  %0 = linalg.generic {indexing_maps = [#skew_a, #skew_b, #skew_c], iterator_types = ["parallel", "parallel", "reduction"], tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 7>, outer = #tq.float<exp = 8, man = 23>, chunk = 4>} ins(%a, %b : tensor<8x8xf32>, tensor<8x4xf32>) outs(%c : tensor<4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Models that carry partial sums or allocate trees need static shapes.
func.func @dynamic_chunk(%a: tensor<?x8xf32>, %b: tensor<8x16xf32>, %c: tensor<?x16xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{tq.intrinsic: this model (chunk, align, wide or a pairwise order) needs static shapes}}
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 7>, order = pairwise>} ins(%a, %b : tensor<?x8xf32>, tensor<8x16xf32>) outs(%c : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

// Aligned sums must be exact in the working type: 32 terms keeping 20 bits
// need 27 significand bits, more than f32's 24.
func.func @align_too_wide(%a: tensor<4x64xf32>, %b: tensor<64x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{tq.intrinsic: 32 aligned terms keeping 20 bits need 27 significand bits, more than 'f32' has (use wide = true)}}
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 23>, align = 32, kept = 20>} ins(%a, %b : tensor<4x64xf32>, tensor<64x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// A fused multiply-add needs products exact in f64.
func.func @fused_f64(%a: tensor<4x8xf64>, %b: tensor<8x16xf64>, %c: tensor<4x16xf64>) -> tensor<4x16xf64> {
  // expected-error @+1 {{tq.intrinsic: a fused multiply-add needs f32, f16 or bf16 operands (their products are exact in f64)}}
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>, fused = true>} ins(%a, %b : tensor<4x8xf64>, tensor<8x16xf64>) outs(%c : tensor<4x16xf64>) -> tensor<4x16xf64>
  return %0 : tensor<4x16xf64>
}

// -----

// A fused multiply-add: the exact product in f64 and TwoSum's error term;
// fp16 has 11 significand bits, so the sum is rounded to odd in f32 (24
// bits, two more than needed): f = s in f32, the exact sum lies on the side
// of r = s - f (or of the error where s is f), one ulp toward zero where r's
// sign is not f's, the last bit set where inexact; then the accumulator's
// one rounding.

// CHECK-LABEL: func.func @fused(
// CHECK:      ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:   %[[YD:.+]] = arith.extf %[[Y]] : f32 to f64
// CHECK-NEXT:   %[[XD:.+]] = arith.extf %[[X]] : f32 to f64
// CHECK-NEXT:   %[[P:.+]] = arith.mulf %[[XD]], %[[YD]] : f64
// CHECK-NEXT:   %[[A:.+]] = arith.extf %[[ACC]] : f32 to f64
// CHECK-NEXT:   %[[S:.+]] = arith.addf %[[A]], %[[P]] : f64
// CHECK-NEXT:   %[[YV:.+]] = arith.subf %[[S]], %[[A]] : f64
// CHECK-NEXT:   %[[E1:.+]] = arith.subf %[[P]], %[[YV]] : f64
// CHECK-NEXT:   %[[SY:.+]] = arith.subf %[[S]], %[[YV]] : f64
// CHECK-NEXT:   %[[E2:.+]] = arith.subf %[[A]], %[[SY]] : f64
// CHECK-NEXT:   %[[ERR:.+]] = arith.addf %[[E2]], %[[E1]] : f64
// CHECK-NEXT:   %[[F:.+]] = arith.truncf %[[S]] : f64 to f32
// CHECK-NEXT:   %[[BACK:.+]] = arith.extf %[[F]] : f32 to f64
// CHECK:        %[[D:.+]] = arith.subf %[[S]], %[[BACK]] : f64
// CHECK-NEXT:   %[[DNZ:.+]] = arith.cmpf one, %[[D]], %{{.+}} : f64
// CHECK-NEXT:   %[[R:.+]] = arith.select %[[DNZ]], %[[D]], %[[ERR]] : f64
// CHECK-NEXT:   %[[RNZ:.+]] = arith.cmpf one, %[[R]], %{{.+}} : f64
// CHECK-NEXT:   %[[INEXACT:.+]] = arith.extui %[[RNZ]] : i1 to i32
// CHECK:        %[[BB:.+]] = arith.bitcast %[[BACK]] : f64 to i64
// CHECK-NEXT:   %[[RB:.+]] = arith.bitcast %[[R]] : f64 to i64
// CHECK-NEXT:   %[[XOR:.+]] = arith.xori %[[RB]], %[[BB]] : i64
// CHECK-NEXT:   %[[OPP64:.+]] = arith.shrui %[[XOR]], %{{.+}} : i64
// CHECK-NEXT:   %[[OPP:.+]] = arith.trunci %[[OPP64]] : i64 to i32
// CHECK-NEXT:   %[[FB:.+]] = arith.bitcast %[[F]] : f32 to i32
// CHECK-NEXT:   %[[TOWARD:.+]] = arith.andi %[[OPP]], %[[INEXACT]] : i32
// CHECK-NEXT:   %[[DOWN:.+]] = arith.subi %[[FB]], %[[TOWARD]] : i32
// CHECK-NEXT:   %[[OBITS:.+]] = arith.ori %[[DOWN]], %[[INEXACT]] : i32
// CHECK-NEXT:   %[[ODD:.+]] = arith.bitcast %[[OBITS]] : i32 to f32
// CHECK-NEXT:   %[[Q:.+]] = tq.quantize %[[ODD]] : f32 with #tq.float<exp = 5, man = 10>
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
func.func @fused(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>, fused = true>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// An f32 accumulator (24 bits: no room in f32) rounds the sum to odd in
// f64: an inexact sum (error != 0) becomes its truncation toward zero with
// the last bit set, (bits - toward) | inexact; then the accumulator's one
// rounding, back in f32.

// CHECK-LABEL: func.func @fused_f32(
// CHECK:        %[[S:.+]] = arith.addf %{{.+}}, %{{.+}} : f64
// CHECK:        %[[ERR:.+]] = arith.addf %{{.+}}, %{{.+}} : f64
// CHECK-NEXT:   %[[BITS:.+]] = arith.bitcast %[[S]] : f64 to i64
// CHECK:        %[[NE:.+]] = arith.cmpf one, %[[ERR]], %{{.+}} : f64
// CHECK-NEXT:   %[[INEXACT:.+]] = arith.extui %[[NE]] : i1 to i64
// CHECK:        %[[EBITS:.+]] = arith.bitcast %[[ERR]] : f64 to i64
// CHECK-NEXT:   %[[XOR:.+]] = arith.xori %[[EBITS]], %[[BITS]] : i64
// CHECK-NEXT:   %[[OPP:.+]] = arith.shrui %[[XOR]], %{{.+}} : i64
// CHECK-NEXT:   %[[TOWARD:.+]] = arith.andi %[[OPP]], %[[INEXACT]] : i64
// CHECK-NEXT:   %[[DOWN:.+]] = arith.subi %[[BITS]], %[[TOWARD]] : i64
// CHECK-NEXT:   %[[OBITS:.+]] = arith.ori %[[DOWN]], %[[INEXACT]] : i64
// CHECK-NEXT:   %[[ODD:.+]] = arith.bitcast %[[OBITS]] : i64 to f64
// CHECK-NEXT:   %[[Q:.+]] = tq.quantize %[[ODD]] : f64 with #tq.float<exp = 8, man = 23>
// CHECK-NEXT:   %[[R:.+]] = arith.truncf %[[Q]] : f64 to f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
func.func @fused_f32(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 23>, fused = true>} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Operands quantized to fp16 (known formats): their products (22 bits,
// no bit below 2^-48) and the fused sums with an fp16 accumulator are exact
// in f32, so the exact product, TwoSum and the round to odd are f32 work
// (8 lanes, no conversions), then the accumulator's rounding.

// CHECK-LABEL: func.func @fused_fp16_operands(
// CHECK:        ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:   %[[P:.+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT:   %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK:        %[[ERR:.+]] = arith.addf %{{.+}}, %{{.+}} : f32
// CHECK-NEXT:   %[[BITS:.+]] = arith.bitcast %[[S]] : f32 to i32
// CHECK:        %[[NE:.+]] = arith.cmpf one, %[[ERR]], %{{.+}} : f32
// CHECK-NEXT:   %[[INEXACT:.+]] = arith.extui %[[NE]] : i1 to i32
// CHECK:        %[[EBITS:.+]] = arith.bitcast %[[ERR]] : f32 to i32
// CHECK-NEXT:   %[[XOR:.+]] = arith.xori %[[EBITS]], %[[BITS]] : i32
// CHECK-NEXT:   %[[OPP:.+]] = arith.shrui %[[XOR]], %{{.+}} : i32
// CHECK-NEXT:   %[[TOWARD:.+]] = arith.andi %[[OPP]], %[[INEXACT]] : i32
// CHECK-NEXT:   %[[DOWN:.+]] = arith.subi %[[BITS]], %[[TOWARD]] : i32
// CHECK-NEXT:   %[[OBITS:.+]] = arith.ori %[[DOWN]], %[[INEXACT]] : i32
// CHECK-NEXT:   %[[ODD:.+]] = arith.bitcast %[[OBITS]] : i32 to f32
// CHECK-NEXT:   %[[Q:.+]] = tq.quantize %[[ODD]] : f32 with #tq.float<exp = 5, man = 10>
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
func.func @fused_fp16_operands(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %qa = tq.quantize %a : tensor<4x8xf32> with #tq.float<exp = 5, man = 10>
  %qb = tq.quantize %b : tensor<8x16xf32> with #tq.float<exp = 5, man = 10>
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>, fused = true>} ins(%qa, %qb : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// bf16 operands: 16 significand bits together, but products up to 2^256,
// beyond f32: the fused sum stays f64 work.

// CHECK-LABEL: func.func @fused_bf16_operands(
// CHECK:        ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK:        arith.mulf %{{.+}}, %{{.+}} : f64
// CHECK:        arith.addf %{{.+}}, %{{.+}} : f64
// CHECK:        tq.quantize %{{.+}} : f32 with #tq.float<exp = 5, man = 10>
func.func @fused_bf16_operands(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %qa = tq.quantize %a : tensor<4x8xf32> with #tq.float<exp = 8, man = 7>
  %qb = tq.quantize %b : tensor<8x16xf32> with #tq.float<exp = 8, man = 7>
  %0 = linalg.matmul {tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>, fused = true>} ins(%qa, %qb : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
