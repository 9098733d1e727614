// RUN: tq-opt %s --tq-record-signatures | FileCheck %s

// Public functions with a body keep their type as tq.signature; private
// functions and declarations are left alone.

// CHECK-LABEL: func.func @f(
// CHECK-SAME: attributes {tq.signature = (memref<2x3xf32>, i64) -> memref<2x3xf32>}
func.func @f(%a: memref<2x3xf32>, %n: i64) -> memref<2x3xf32> {
  return %a : memref<2x3xf32>
}

// CHECK-LABEL: func.func private @helper(
// CHECK-NOT: tq.signature
func.func private @helper(%a: memref<4xf32>) -> memref<4xf32> {
  return %a : memref<4xf32>
}

// CHECK: func.func private @external(memref<4xf32>)
// CHECK-NOT: tq.signature
func.func private @external(memref<4xf32>)
