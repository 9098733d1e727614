// RUN: tq-opt %s --tq-reductions-outward | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline -o /dev/null
// RUN: tq-opt %s --tq-cpu-pipeline=threads=true -o /dev/null

// The output's contiguous loop (n of a matmul, f of a convolution) moves
// inside the reductions; the others keep their order. Every element still
// sums its terms in the same order (the lit suite's execution tests and
// PyTorch comparisons check the results bit for bit through
// tq-cpu-pipeline, which runs this pass).

// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[$Y:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>

// CHECK-LABEL: func.func @matmul
// CHECK:         linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:           arith.mulf
// CHECK-NEXT:      arith.addf
func.func @matmul(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// The filter [F, KH, KW, C], read along F innermost, is read from a
// transposed copy [KH, KW, C, F]: consecutive elements.
// CHECK-LABEL: func.func @conv
// CHECK:         %[[T:.*]] = memref.alloc() : memref<3x3x3x8xf32>
// CHECK-NEXT:    linalg.transpose ins(%arg1 : memref<8x3x3x3xf32>) outs(%[[T]] : memref<3x3x3x8xf32>) permutation = [1, 2, 3, 0]
// CHECK-NEXT:    linalg.generic {indexing_maps = [#[[$X]], #[[$W]], #[[$Y]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%arg0, %[[T]] : memref<1x6x6x3xf32>, memref<3x3x3x8xf32>)
// CHECK:         memref.dealloc %[[T]] : memref<3x3x3x8xf32>
// CHECK-NEXT:    return
func.func @conv(%x: memref<1x6x6x3xf32>, %w: memref<8x3x3x3xf32>, %y: memref<1x4x4x8xf32>) {
  linalg.conv_2d_nhwc_fhwc ins(%x, %w : memref<1x6x6x3xf32>, memref<8x3x3x3xf32>) outs(%y : memref<1x4x4x8xf32>)
  return
}

// An output column (last dimension 1) gains nothing: left alone.
// CHECK-LABEL: func.func @column
// CHECK:         linalg.matmul
func.func @column(%a: memref<4x8xf32>, %b: memref<8x1xf32>, %c: memref<4x1xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x1xf32>) outs(%c : memref<4x1xf32>)
  return
}

// With threads, the moved loop is an scf.parallel inside the reductions;
// tq-serialize-nested-parallel makes it a loop, so that OpenMP gets only
// the outer loops.
// RUN: tq-opt %s --tq-reductions-outward --convert-linalg-to-parallel-loops --tq-serialize-nested-parallel | FileCheck %s --check-prefix=PAR
// PAR-LABEL: func.func @conv
// PAR:         scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) =
// PAR:         scf.parallel (%[[N:.*]], %[[OH:.*]], %[[OW:.*]]) =
// PAR-NEXT:      scf.for %[[KH:.*]] =
// PAR-NEXT:        scf.for %[[KW:.*]] =
// PAR-NEXT:          scf.for %[[C:.*]] =
// PAR-NEXT:            scf.for %[[F:.*]] = %c0 to %c8 step %c1 {
// PAR-NOT:               scf.parallel
// PAR:                   memref.store %{{.*}}, %arg2[%[[N]], %[[OH]], %[[OW]], %[[F]]]
