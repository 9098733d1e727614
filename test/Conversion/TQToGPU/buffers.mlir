// RUN: tq-opt %s --tq-gpu-buffers --split-input-file --verify-diagnostics | FileCheck %s

// Allocations become managed memory, deallocations gpu.dealloc between
// gpu.waits, copies linalg.copy (a kernel once loops are mapped).
// CHECK-LABEL: func.func @buffers
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[N:.*]]: index)
// CHECK:   %[[M:.*]] = gpu.alloc  host_shared () : memref<4x8xf32>
// CHECK:   %[[D:.*]] = gpu.alloc  host_shared (%[[N]]) : memref<?xf32>
// CHECK:   linalg.copy ins(%[[A]] : memref<4x8xf32>) outs(%[[M]] : memref<4x8xf32>)
// CHECK:   %[[T0:.*]] = gpu.wait async
// CHECK:   %[[T1:.*]] = gpu.dealloc async [%[[T0]]] %[[D]] : memref<?xf32>
// CHECK:   gpu.wait [%[[T1]]]
// CHECK:   return %[[M]] : memref<4x8xf32>
func.func @buffers(%a: memref<4x8xf32>, %n: index) -> memref<4x8xf32> {
  %m = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  memref.copy %a, %m : memref<4x8xf32> to memref<4x8xf32>
  memref.dealloc %d : memref<?xf32>
  return %m : memref<4x8xf32>
}

// -----

// A constant passed to a function gets a managed copy for the call.
memref.global "private" constant @w : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
func.func private @use(memref<4xf32>)
// CHECK-LABEL: func.func @pass_constant
// CHECK:   %[[G:.*]] = memref.get_global @w : memref<4xf32>
// CHECK:   %[[M:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:   memref.copy %[[G]], %[[M]] : memref<4xf32> to memref<4xf32>
// CHECK:   call @use(%[[M]]) : (memref<4xf32>) -> ()
// CHECK:   %[[T0:.*]] = gpu.wait async
// CHECK:   %[[T1:.*]] = gpu.dealloc async [%[[T0]]] %[[M]] : memref<4xf32>
// CHECK:   gpu.wait [%[[T1]]]
func.func @pass_constant() {
  %g = memref.get_global @w : memref<4xf32>
  call @use(%g) : (memref<4xf32>) -> ()
  return
}

// -----

// A view of a constant (here a reshape through a shape constant, then a
// cast) passed to a function becomes the same view of the managed copy: the
// constant itself would be host memory a kernel cannot read.
memref.global "private" constant @w : memref<8xf32> = dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]>
memref.global "private" constant @shape : memref<2xi64> = dense<[2, 4]>
func.func private @use2(memref<?x4xf32>)
// CHECK-LABEL: func.func @pass_view_of_constant
// CHECK:   %[[G:.*]] = memref.get_global @w : memref<8xf32>
// CHECK:   %[[S:.*]] = memref.get_global @shape : memref<2xi64>
// CHECK:   %[[R:.*]] = memref.reshape %[[G]](%[[S]])
// CHECK:   %[[C:.*]] = memref.cast %[[R]]
// CHECK:   %[[M:.*]] = gpu.alloc  host_shared () : memref<8xf32>
// CHECK:   memref.copy %[[G]], %[[M]] : memref<8xf32> to memref<8xf32>
// CHECK:   %[[MR:.*]] = memref.reshape %[[M]](%[[S]]) : (memref<8xf32>, memref<2xi64>) -> memref<2x4xf32>
// CHECK:   %[[MC:.*]] = memref.cast %[[MR]] : memref<2x4xf32> to memref<?x4xf32>
// CHECK:   call @use2(%[[MC]]) : (memref<?x4xf32>) -> ()
// CHECK:   %[[T0:.*]] = gpu.wait async
// CHECK:   %[[T1:.*]] = gpu.dealloc async [%[[T0]]] %[[M]] : memref<8xf32>
// CHECK:   gpu.wait [%[[T1]]]
func.func @pass_view_of_constant() {
  %g = memref.get_global @w : memref<8xf32>
  %s = memref.get_global @shape : memref<2xi64>
  %r = memref.reshape %g(%s) : (memref<8xf32>, memref<2xi64>) -> memref<2x4xf32>
  %c = memref.cast %r : memref<2x4xf32> to memref<?x4xf32>
  call @use2(%c) : (memref<?x4xf32>) -> ()
  return
}

// -----

// Only identity layouts can be managed memory.
#strided = affine_map<(d0)[s0] -> (d0 * s0)>
func.func @strided(%s: index) -> memref<4xf32, #strided> {
  // expected-error @below {{tq-gpu-buffers: only identity-layout allocations can be made GPU managed memory}}
  %m = memref.alloc()[%s] : memref<4xf32, #strided>
  return %m : memref<4xf32, #strided>
}
