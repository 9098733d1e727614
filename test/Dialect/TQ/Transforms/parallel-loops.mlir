// Shaping parallel loops for OpenMP (tq-cpu-pipeline{threads}): only the
// leading dimensions stay parallel, and each parallel body becomes a
// function whose distinct fresh buffers are noalias.

// RUN: tq-opt %s --split-input-file --tq-serialize-nested-parallel=leading-only | FileCheck %s --check-prefix=LEAD
// RUN: tq-opt %s --split-input-file --tq-serialize-nested-parallel | FileCheck %s --check-prefix=NESTED
// RUN: tq-opt %s --split-input-file --tq-outline-parallel-bodies | FileCheck %s --check-prefix=OUTLINE

// LEAD-LABEL: func.func @elementwise
// LEAD:         scf.parallel (%[[N:.*]]) = (%c0) to (%c64) step (%c1) {
// LEAD-NEXT:      scf.for %[[H:.*]] = %c0 to %c28 step %c1 {
// LEAD-NEXT:        scf.for %[[C:.*]] = %c0 to %c8 step %c1 {
// LEAD-NEXT:          %[[V:.*]] = memref.load %arg0[%[[N]], %[[H]], %[[C]]]
// LEAD-NEXT:          memref.store %[[V]], %arg1[%[[N]], %[[H]], %[[C]]]
// LEAD-NOT:     scf.parallel
// NESTED-LABEL: func.func @elementwise
// NESTED:         scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}) = (%c0, %c0, %c0) to (%c64, %c28, %c8)
func.func @elementwise(%a: memref<64x28x8xf32>, %b: memref<64x28x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c28 = arith.constant 28 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%n, %h, %c) = (%c0, %c0, %c0) to (%c64, %c28, %c8) step (%c1, %c1, %c1) {
    %v = memref.load %a[%n, %h, %c] : memref<64x28x8xf32>
    memref.store %v, %b[%n, %h, %c] : memref<64x28x8xf32>
    scf.reduce
  }
  return
}

// -----

// Leading dimensions of one iteration stay parallel with the first longer
// one; a nested parallel loop becomes loops either way.
// LEAD-LABEL: func.func @unit_leading
// LEAD:         scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c1, %c64) step (%c1, %c1) {
// LEAD-NEXT:      scf.for %{{.*}} = %c0 to %c10 step %c1 {
// LEAD-NEXT:        scf.for %{{.*}} = %c0 to %c10 step %c1 {
// LEAD-NOT:     scf.parallel
// NESTED-LABEL: func.func @unit_leading
// NESTED:         scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}) = (%c0, %c0, %c0) to (%c1, %c64, %c10)
// NESTED-NEXT:      scf.for %{{.*}} = %c0 to %c10 step %c1 {
// NESTED-NOT:     scf.parallel
func.func @unit_leading(%a: memref<1x64x10x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %c64 = arith.constant 64 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c1, %c64, %c10) step (%c1, %c1, %c1) {
    scf.parallel (%l) = (%c0) to (%c10) step (%c1) {
      memref.store %f, %a[%i, %j, %k, %l] : memref<1x64x10x10xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// -----

// Fresh buffers are noalias, each seen by one argument; the function's
// argument and the global are not marked. Positions in the lowered
// signature (a rank-r memref is 3 + 2r arguments, the aligned pointer
// second): %i is 0; %x 1..7; %g 8..12; %t 13..19 (aligned 14); %sub
// 20..26 (aligned 21).
// LEAD-LABEL: func.func @fresh
// NESTED-LABEL: func.func @fresh
// OUTLINE-LABEL: func.func @fresh
// OUTLINE:         %[[T:.*]] = memref.alloc() : memref<4x2xf32>
// OUTLINE:         %[[U:.*]] = memref.alloc() : memref<4x4xf32>
// OUTLINE:         %[[SUB:.*]] = memref.subview %[[U]]
// OUTLINE:         scf.parallel (%[[I:.*]]) = (%c0) to (%c4) step (%c1) {
// OUTLINE-NEXT:      func.call @fresh_parallel_body(%[[I]], %arg0, %{{.*}}, %[[T]], %[[SUB]]) : (index, memref<4x2xf32>, memref<2xf32>, memref<4x2xf32>, memref<4x2xf32, strided<[4, 1]>>) -> ()
// OUTLINE-NEXT:      scf.reduce
// OUTLINE:       func.func private @fresh_parallel_body(%arg0: index, %arg1: memref<4x2xf32>, %arg2: memref<2xf32>, %arg3: memref<4x2xf32> {llvm.noalias}, %arg4: memref<4x2xf32, strided<[4, 1]>> {llvm.noalias})
// OUTLINE-SAME:      attributes {llvm.linkage = #llvm.linkage<internal>, tq.noalias_pointers = array<i64: 14, 21>}
// OUTLINE-DAG:     %[[C0:.*]] = arith.constant 0 : index
// OUTLINE-DAG:     %[[C1:.*]] = arith.constant 1 : index
// OUTLINE-DAG:     %[[C2:.*]] = arith.constant 2 : index
// OUTLINE:         scf.for %[[J:.*]] = %[[C0]] to %[[C2]] step %[[C1]] {
// OUTLINE:           memref.store %{{.*}}, %arg4[%arg0, %[[J]]]
// OUTLINE:         return
memref.global "private" constant @g : memref<2xf32> = dense<[1.0, 2.0]>
func.func @fresh(%x: memref<4x2xf32>) -> (memref<4x2xf32>, memref<4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %g = memref.get_global @g : memref<2xf32>
  %t = memref.alloc() : memref<4x2xf32>
  %u = memref.alloc() : memref<4x4xf32>
  %sub = memref.subview %u[0, 0] [4, 2] [1, 1] : memref<4x4xf32> to memref<4x2xf32, strided<[4, 1]>>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.for %j = %c0 to %c2 step %c1 {
      %a = memref.load %x[%i, %j] : memref<4x2xf32>
      %b = memref.load %g[%j] : memref<2xf32>
      %s = arith.addf %a, %b : f32
      memref.store %s, %t[%i, %j] : memref<4x2xf32>
      memref.store %s, %sub[%i, %j] : memref<4x2xf32, strided<[4, 1]>>
    }
    scf.reduce
  }
  return %t, %u : memref<4x2xf32>, memref<4x4xf32>
}

// -----

// Two views of one buffer may overlap: neither is marked, and the other
// fresh buffer still is (%i 0, %lo 1..5, %hi 6..10, %out 11..15).
// OUTLINE-LABEL: func.func private @views_parallel_body
// OUTLINE-SAME:    (%arg0: index, %arg1: memref<4xf32, strided<[1]>>, %arg2: memref<4xf32, strided<[1], offset: 2>>, %arg3: memref<4xf32> {llvm.noalias})
// OUTLINE-SAME:    attributes {llvm.linkage = #llvm.linkage<internal>, tq.noalias_pointers = array<i64: 12>}
func.func @views() -> (memref<8xf32>, memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %buf = memref.alloc() : memref<8xf32>
  %out = memref.alloc() : memref<4xf32>
  %lo = memref.subview %buf[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  %hi = memref.subview %buf[2] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 2>>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %a = memref.load %lo[%i] : memref<4xf32, strided<[1]>>
    memref.store %a, %hi[%i] : memref<4xf32, strided<[1], offset: 2>>
    memref.store %a, %out[%i] : memref<4xf32>
    scf.reduce
  }
  return %buf, %out : memref<8xf32>, memref<4xf32>
}

// -----

// A buffer of unknown origin (here a call's result) could be any of them:
// nothing is marked.
// OUTLINE-LABEL: func.func private @unknown_parallel_body
// OUTLINE-SAME:    (%arg0: index, %arg1: memref<4xf32>, %arg2: memref<4xf32>) attributes {llvm.linkage = #llvm.linkage<internal>} {
func.func private @make() -> memref<4xf32>
func.func @unknown() -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %m = func.call @make() : () -> memref<4xf32>
  %out = memref.alloc() : memref<4xf32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %a = memref.load %m[%i] : memref<4xf32>
    memref.store %a, %out[%i] : memref<4xf32>
    scf.reduce
  }
  return %out : memref<4xf32>
}

// -----

// A loop's iteration argument may be the fresh buffer itself: nothing is
// marked.
// OUTLINE-LABEL: func.func private @iter_arg_parallel_body
// OUTLINE-SAME:    (%arg0: index, %arg1: memref<4xf32>, %arg2: memref<4xf32>) attributes {llvm.linkage = #llvm.linkage<internal>} {
func.func @iter_arg(%n: index) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  %r = scf.for %k = %c0 to %n step %c1 iter_args(%x = %a) -> memref<4xf32> {
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %v = memref.load %x[%i] : memref<4xf32>
      memref.store %v, %a[%i] : memref<4xf32>
      scf.reduce
    }
    scf.yield %x : memref<4xf32>
  }
  return %r : memref<4xf32>
}

// -----

// An unranked view of the fresh buffer reaches it untraced: nothing is
// marked.
// OUTLINE-LABEL: func.func private @unranked_parallel_body
// OUTLINE-SAME:    (%arg0: index, %arg1: memref<*xf32>, %arg2: memref<4xf32>) attributes {llvm.linkage = #llvm.linkage<internal>} {
func.func @unranked() -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  %u = memref.cast %a : memref<4xf32> to memref<*xf32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %r = memref.cast %u : memref<*xf32> to memref<4xf32>
    %v = memref.load %r[%i] : memref<4xf32>
    memref.store %v, %a[%i] : memref<4xf32>
    scf.reduce
  }
  return %a : memref<4xf32>
}
