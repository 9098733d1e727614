// RUN: tq-opt %s '--tq-gpu-launch=block-size=128 elements-per-thread=2' --canonicalize --split-input-file --verify-diagnostics | FileCheck %s

// A 2-D loop nest: collapsed to 6*100 = 600 iterations, 2 per thread in
// 3 blocks of 128 threads (chunks of 256); row-major delinearization of
// each thread's iterations l and l + 128, clamped to 599 for the reads; the
// reads of both come first, op by op, before either store; each store is
// bounds-checked; the
// constant it reads is cloned into the kernel.
memref.global "private" constant @w : memref<6x100xf32> = dense<0.5>
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<6x100xf32>, %[[B:.*]]: memref<6x100xf32>)
// CHECK-DAG: %[[C599:.*]] = arith.constant 599 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[C600:.*]] = arith.constant 600 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C100:.*]] = arith.constant 100 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C3]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C128]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) {
// CHECK-NEXT:   %[[G:.*]] = memref.get_global @w : memref<6x100xf32>
// CHECK-NEXT:   %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]] : index
// CHECK-NEXT:   %[[L0:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK-NEXT:   %[[IN0:.*]] = arith.cmpi ult, %[[L0]], %[[C600]] : index
// CHECK-NEXT:   %[[K0:.*]] = arith.select %[[IN0]], %[[L0]], %[[C599]] : index
// CHECK-NEXT:   %[[J0:.*]] = arith.remui %[[K0]], %[[C100]] : index
// CHECK-NEXT:   %[[I0:.*]] = arith.divui %[[K0]], %[[C100]] : index
// CHECK-NEXT:   %[[L1:.*]] = arith.addi %[[L0]], %[[C128]] : index
// CHECK-NEXT:   %[[IN1:.*]] = arith.cmpi ult, %[[L1]], %[[C600]] : index
// CHECK-NEXT:   %[[K1:.*]] = arith.select %[[IN1]], %[[L1]], %[[C599]] : index
// CHECK-NEXT:   %[[J1:.*]] = arith.remui %[[K1]], %[[C100]] : index
// CHECK-NEXT:   %[[I1:.*]] = arith.divui %[[K1]], %[[C100]] : index
// CHECK-NEXT:   %[[X0:.*]] = memref.load %[[A]][%[[I0]], %[[J0]]] : memref<6x100xf32>
// CHECK-NEXT:   %[[X1:.*]] = memref.load %[[A]][%[[I1]], %[[J1]]] : memref<6x100xf32>
// CHECK-NEXT:   %[[Y0:.*]] = memref.load %[[G]][%[[I0]], %[[J0]]] : memref<6x100xf32>
// CHECK-NEXT:   %[[Y1:.*]] = memref.load %[[G]][%[[I1]], %[[J1]]] : memref<6x100xf32>
// CHECK-NEXT:   %[[S0:.*]] = arith.addf %[[X0]], %[[Y0]] : f32
// CHECK-NEXT:   %[[S1:.*]] = arith.addf %[[X1]], %[[Y1]] : f32
// CHECK-NEXT:   scf.if %[[IN0]] {
// CHECK-NEXT:     memref.store %[[S0]], %[[B]][%[[I0]], %[[J0]]] : memref<6x100xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   scf.if %[[IN1]] {
// CHECK-NEXT:     memref.store %[[S1]], %[[B]][%[[I1]], %[[J1]]] : memref<6x100xf32>
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

// Fewer iterations than a block: one block of exactly that many threads,
// one iteration each (elements-per-thread does not apply); a
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
// CHECK-NEXT:   %[[S:.*]] = arith.muli %[[TX]], %[[C3]] : index
// CHECK-NEXT:   %[[IV:.*]] = arith.addi %[[S]], %[[C2]] : index
// CHECK-NEXT:   scf.if %[[IN]] {
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

// Reads move up only while nothing in the iteration has written: a load
// after the iteration's first store stays after it (it may read what the
// store wrote), in the bounds-checked part.
// CHECK-LABEL: func.func @read_after_write
// CHECK: gpu.launch
// CHECK:   %[[X0:.*]] = memref.load %{{.*}} : memref<1000xf32>
// CHECK:   %[[X1:.*]] = memref.load %{{.*}} : memref<1000xf32>
// CHECK-NOT: memref.load
// CHECK:   scf.if
// CHECK-NEXT: memref.store %[[X0]], %[[T:.*]][%[[I0:.*]]] : memref<1000xf32>
// CHECK-NEXT: %[[Y0:.*]] = memref.load %[[T]][%[[I0]]] : memref<1000xf32>
// CHECK-NEXT: memref.store %[[Y0]]
// CHECK:   scf.if
// CHECK-NEXT: memref.store %[[X1]], %[[T]][%[[I1:.*]]] : memref<1000xf32>
// CHECK-NEXT: %[[Y1:.*]] = memref.load %[[T]][%[[I1]]] : memref<1000xf32>
// CHECK-NEXT: memref.store %[[Y1]]
func.func @read_after_write(%a: memref<1000xf32>, %t: memref<1000xf32>, %b: memref<1000xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c1000 = arith.constant 1000 : index
  scf.parallel (%i) = (%c0) to (%c1000) step (%c1) {
    %x = memref.load %a[%i] : memref<1000xf32>
    memref.store %x, %t[%i] : memref<1000xf32>
    %y = memref.load %t[%i] : memref<1000xf32>
    memref.store %y, %b[%i] : memref<1000xf32>
    scf.reduce
  }
  return
}

// -----

// An iteration with a loop of its own keeps one iteration per thread
// (elements-per-thread applies to streaming code): 1000 iterations, 8
// blocks of 128 threads.
// CHECK-LABEL: func.func @with_loop
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C8]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C128]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK-COUNT-1: scf.if
// CHECK-NOT: scf.if
func.func @with_loop(%a: memref<1000x16xf32>, %b: memref<1000xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c1000 = arith.constant 1000 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c1000) step (%c1) {
    %s = scf.for %k = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<1000x16xf32>
      %n = arith.addf %acc, %x : f32
      scf.yield %n : f32
    }
    memref.store %s, %b[%i] : memref<1000xf32>
    scf.reduce
  }
  return
}

// -----

// Vector iterations (an MX block of 32) run one element per lane: an inner
// dimension of 32 lanes (64 x 32 = 2048 threads' worth, 2 per thread: 8
// blocks of 128), the transfer a coalesced load/store at [i, lane], the
// splat constant its scalar, the reduction a butterfly of warp shuffles.
// CHECK-LABEL: func.func @lanes
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[MASK:.*]] = arith.constant 2147483647 : i32
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C8]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK: %[[LANE:.*]] = arith.remui %{{.*}}, %[[C32]] : index
// CHECK-NEXT: %[[I:.*]] = arith.divui %{{.*}}, %[[C32]] : index
// CHECK: %[[X:.*]] = memref.load %{{.*}}[%[[I]], %[[LANE]]] : memref<64x32xf32>
// CHECK: %[[B:.*]] = arith.bitcast %[[X]] : f32 to i32
// CHECK: %[[A:.*]] = arith.andi %[[B]], %[[MASK]] : i32
// CHECK: %[[S16:.*]], %{{.*}} = gpu.shuffle  xor %[[A]], %c16_i32, %c32_i32 : i32
// CHECK: %[[M16:.*]] = arith.maxui %[[A]], %[[S16]] : i32
// CHECK: gpu.shuffle  xor %[[M16]], %c8_i32, %c32_i32 : i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c4_i32, %c32_i32 : i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c2_i32, %c32_i32 : i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c1_i32, %c32_i32 : i32
// CHECK: %[[M:.*]] = arith.maxui
// CHECK: %[[D:.*]] = arith.subi %[[A]], %[[M]] : i32
// CHECK: %[[F:.*]] = arith.bitcast %[[D]] : i32 to f32
// CHECK: scf.if
// CHECK-NEXT: memref.store %[[F]], %{{.*}}[%[[I]], %[[LANE]]] : memref<64x32xf32>
// CHECK-NOT: vector.
func.func @lanes(%a: memref<64x32xf32>, %b: memref<64x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %mask = arith.constant dense<2147483647> : vector<32xi32>
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = vector.transfer_read %a[%i, %c0], %pad {in_bounds = [true]} : memref<64x32xf32>, vector<32xf32>
    %bits = arith.bitcast %v : vector<32xf32> to vector<32xi32>
    %abs = arith.andi %bits, %mask : vector<32xi32>
    %m = vector.reduction <maxui>, %abs : vector<32xi32> into i32
    %mb = vector.broadcast %m : i32 to vector<32xi32>
    %r = arith.subi %abs, %mb : vector<32xi32>
    %f = arith.bitcast %r : vector<32xi32> to vector<32xf32>
    vector.transfer_write %f, %b[%i, %c0] {in_bounds = [true]} : vector<32xf32>, memref<64x32xf32>
    scf.reduce
  }
  return
}

// -----

// A reduction under a branch keeps one thread per iteration (iterations
// sharing a warp could branch differently, and a shuffle needs every lane).
// CHECK-LABEL: func.func @lanes_branch
// CHECK: gpu.launch
// CHECK-NOT: gpu.shuffle
// CHECK: vector.reduction <maxui>
func.func @lanes_branch(%a: memref<64x16xi32>, %b: memref<64x16xi32>, %c: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0 : i32
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = vector.transfer_read %a[%i, %c0], %pad {in_bounds = [true]} : memref<64x16xi32>, vector<16xi32>
    %r = scf.if %c -> (i32) {
      %m = vector.reduction <maxui>, %v : vector<16xi32> into i32
      scf.yield %m : i32
    } else {
      scf.yield %pad : i32
    }
    %rb = vector.broadcast %r : i32 to vector<16xi32>
    vector.transfer_write %rb, %b[%i, %c0] {in_bounds = [true]} : vector<16xi32>, memref<64x16xi32>
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
