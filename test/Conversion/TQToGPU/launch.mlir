// RUN: tq-opt %s --tq-gpu-launch=block-size=128 --canonicalize --split-input-file --verify-diagnostics | FileCheck %s

// A 2-D loop nest: collapsed to 6*100 = 600 iterations, 5 blocks of 128
// threads, a bounds check, row-major delinearization; the constant it reads
// is cloned into the kernel.
memref.global "private" constant @w : memref<6x100xf32> = dense<0.5>
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<6x100xf32>, %[[B:.*]]: memref<6x100xf32>)
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[C600:.*]] = arith.constant 600 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C100:.*]] = arith.constant 100 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C5]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C128]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) {
// CHECK-NEXT:   %[[G:.*]] = memref.get_global @w : memref<6x100xf32>
// CHECK-NEXT:   %[[BASE:.*]] = arith.muli %[[BX]], %[[C128]] : index
// CHECK-NEXT:   %[[L:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK-NEXT:   %[[IN:.*]] = arith.cmpi ult, %[[L]], %[[C600]] : index
// CHECK-NEXT:   scf.if %[[IN]] {
// CHECK-NEXT:     %[[J:.*]] = arith.remui %[[L]], %[[C100]] : index
// CHECK-NEXT:     %[[I:.*]] = arith.divui %[[L]], %[[C100]] : index
// CHECK-NEXT:     %[[X:.*]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<6x100xf32>
// CHECK-NEXT:     %[[Y:.*]] = memref.load %[[G]][%[[I]], %[[J]]] : memref<6x100xf32>
// CHECK-NEXT:     %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT:     memref.store %[[S]], %[[B]][%[[I]], %[[J]]] : memref<6x100xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   gpu.terminator
// CHECK-NOT: scf.parallel
func.func @elementwise(%a: memref<6x100xf32>, %b: memref<6x100xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c100 = arith.constant 100 : index
  %w = memref.get_global @w : memref<6x100xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c100) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<6x100xf32>
    %y = memref.load %w[%i, %j] : memref<6x100xf32>
    %s = arith.addf %x, %y : f32
    memref.store %s, %b[%i, %j] : memref<6x100xf32>
    scf.reduce
  }
  return
}

// -----

// Fewer iterations than a block: one block of exactly that many threads; a
// nested parallel loop (a per-block vector step) runs inside the thread; a
// non-unit lower bound and step are honoured (iv = 2 + 3 * t).
// CHECK-LABEL: func.func @small
// CHECK-SAME: (%[[B:.*]]: memref<32x4xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[C10:.*]] = arith.constant 10 : index
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C1]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C10]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) {
// CHECK-NEXT:   %[[IN:.*]] = arith.cmpi ult, %[[TX]], %[[C10]] : index
// CHECK-NEXT:   scf.if %[[IN]] {
// CHECK-NEXT:     %[[S:.*]] = arith.muli %[[TX]], %[[C3]] : index
// CHECK-NEXT:     %[[IV:.*]] = arith.addi %[[S]], %[[C2]] : index
// CHECK-NEXT:     scf.for %[[K:.*]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT:       memref.store %[[ONE]], %[[B]][%[[IV]], %[[K]]] : memref<32x4xf32>
func.func @small(%b: memref<32x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c2) to (%c32) step (%c3) {
    scf.parallel (%k) = (%c0) to (%c4) step (%c1) {
      memref.store %f, %b[%i, %k] : memref<32x4xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// -----

// A kernel cannot read the host's stack.
func.func @stack(%b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %s = memref.alloca() : memref<4xf32>
  // expected-error @below {{tq-gpu-launch: a GPU kernel reads a host stack buffer (memref.alloca), which it cannot reach}}
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %x = memref.load %s[%i] : memref<4xf32>
    memref.store %x, %b[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
