// RUN: tq-opt %s --tq-gpu-launch --canonicalize | FileCheck %s
// RUN: tq-opt %s '--tq-gpu-launch=device-buffers=false' --canonicalize | FileCheck %s --check-prefix=MANAGED

// A temporary that only kernels write and read (and gpu.dealloc frees)
// becomes device memory, allocated in gpu-to-llvm's async form between
// gpu.waits; one the host reads stays managed. device-buffers=false keeps
// both managed.
// CHECK-LABEL: func.func @temporaries
// CHECK: %[[T0:.*]] = gpu.wait async
// CHECK: %[[TMP:.*]], %[[T1:.*]] = gpu.alloc async [%[[T0]]] () : memref<1024xf32>
// CHECK: gpu.wait [%[[T1]]]
// CHECK: %[[OUT:.*]] = gpu.alloc  host_shared () : memref<1024xf32>
// CHECK: gpu.launch
// CHECK: memref.store %{{.*}}, %[[TMP]]
// CHECK: gpu.launch
// CHECK: memref.load %[[TMP]]
// CHECK: memref.store %{{.*}}, %[[OUT]]
// CHECK: memref.load %[[OUT]]
// MANAGED-LABEL: func.func @temporaries
// MANAGED-COUNT-2: gpu.alloc  host_shared () : memref<1024xf32>
// MANAGED-NOT: gpu.alloc async
func.func @temporaries(%x: memref<1024xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 1024 : index
  %two = arith.constant 2.0 : f32
  %tmp = gpu.alloc host_shared () : memref<1024xf32>
  %out = gpu.alloc host_shared () : memref<1024xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<1024xf32>
    %w = arith.mulf %v, %two : f32
    memref.store %w, %tmp[%i] : memref<1024xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %tmp[%i] : memref<1024xf32>
    %w = arith.addf %v, %two : f32
    memref.store %w, %out[%i] : memref<1024xf32>
    scf.reduce
  }
  %r = memref.load %out[%c0] : memref<1024xf32>
  %t0 = gpu.wait async
  %t1 = gpu.dealloc async [%t0] %tmp : memref<1024xf32>
  gpu.wait [%t1]
  return %r : f32
}
