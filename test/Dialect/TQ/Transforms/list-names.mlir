// RUN: tq-opt %s --tq-list-names=format=json -o /dev/null | FileCheck %s
// RUN: tq-opt %s --tq-list-names=output=%t.txt -o /dev/null && FileCheck %s --check-prefix=TEXT < %t.txt
// RUN: not tq-opt %s --tq-list-names=format=xml -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR

// The summary lists named ops (from the `name` attribute or a name
// location), their op and result types, in walk order.

// CHECK:      [
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "stem",
// CHECK-NEXT:     "op": "tosa.add",
// CHECK-NEXT:     "results": [
// CHECK-NEXT:       "tensor<4xf32>"
// CHECK-NEXT:     ]
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "head",
// CHECK-NEXT:     "op": "tosa.mul",
// CHECK:        }
// CHECK-NEXT: ]

// TEXT:      name  op        results
// TEXT-NEXT: stem  tosa.add  tensor<4xf32>
// TEXT-NEXT: head  tosa.mul  tensor<4xf32>
// TEXT-NEXT: 2 named ops

// ERR: for the --format option: Cannot find option named 'xml'!

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("stem")
  %1 = tosa.mul %0, %x, %shift {name = "head"} : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  %2 = tosa.add %1, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
