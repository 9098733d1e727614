// RUN: tq-opt %s '--tq-gpu-launch=block-size=128 elements-per-thread=1 redux=true' --canonicalize --split-input-file | FileCheck %s

// With `redux` (tq-gpu-pipeline sets it for sm_80 and later), the reduction
// of a whole warp's 32 lanes is one redux.sync; the lanes of an iteration are
// a whole warp, so every lane reaches it.
// CHECK-LABEL: func.func @warp
// CHECK-DAG: %[[ALL:.*]] = arith.constant -1 : i32
// CHECK-DAG: %[[MASK:.*]] = arith.constant 2147483647 : i32
// CHECK: gpu.launch
// CHECK: %[[X:.*]] = memref.load
// CHECK: %[[B:.*]] = arith.bitcast %[[X]] : f32 to i32
// CHECK: %[[A:.*]] = arith.andi %[[B]], %[[MASK]] : i32
// CHECK-NEXT: %[[M:.*]] = nvvm.redux.sync umax %[[A]], %[[ALL]] : i32 -> i32
// CHECK-NEXT: arith.subi %[[A]], %[[M]] : i32
// CHECK-NOT: gpu.shuffle
func.func @warp(%a: memref<64x32xf32>, %b: memref<64x32xf32>) {
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

// The signed kinds map to redux.sync's signed ones.
// CHECK-LABEL: func.func @signed
// CHECK: nvvm.redux.sync min %{{.*}}, %{{.*}} : i32 -> i32
// CHECK-NOT: gpu.shuffle
func.func @signed(%a: memref<64x32xi32>, %b: memref<64x32xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0 : i32
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = vector.transfer_read %a[%i, %c0], %pad {in_bounds = [true]} : memref<64x32xi32>, vector<32xi32>
    %m = vector.reduction <minsi>, %v : vector<32xi32> into i32
    %mb = vector.broadcast %m : i32 to vector<32xi32>
    vector.transfer_write %mb, %b[%i, %c0] {in_bounds = [true]} : vector<32xi32>, memref<64x32xi32>
    scf.reduce
  }
  return
}

// -----

// Fewer lanes than a warp: redux.sync reduces all 32, so the 16 lanes of an
// iteration keep their butterfly (xor 8 .. 1), which stays in its half.
// CHECK-LABEL: func.func @half
// CHECK-NOT: nvvm.redux.sync
// CHECK: gpu.shuffle  xor %{{.*}}, %c8_i32, %c32_i32 : i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c1_i32, %c32_i32 : i32
func.func @half(%a: memref<64x16xi32>, %b: memref<64x16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0 : i32
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = vector.transfer_read %a[%i, %c0], %pad {in_bounds = [true]} : memref<64x16xi32>, vector<16xi32>
    %m = vector.reduction <maxui>, %v : vector<16xi32> into i32
    %mb = vector.broadcast %m : i32 to vector<16xi32>
    vector.transfer_write %mb, %b[%i, %c0] {in_bounds = [true]} : vector<16xi32>, memref<64x16xi32>
    scf.reduce
  }
  return
}
