// RUN: tq-opt %s --tq-insert='activations={"stem": "fp8_e4m3", "block2": "fp8_e5m2", "head": "fp4_e2m1", "inlined": "fp6_e2m3"}' | FileCheck %s
// RUN: tq-opt %s --tq-insert='activations={"tagged": "bf16"} name-attr=layer' | FileCheck %s --check-prefix=ATTR

// Names come from a string attribute (`name`, or the one name-attr says),
// else from name locations, also inside fused and call-site locations.

// CHECK-LABEL: func.func @f
// CHECK: tosa.add {{.*}} {name = "stem"
// CHECK-NEXT: tq.quantize {{.*}} with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK: tosa.add
// CHECK-NEXT: tq.quantize {{.*}} with #tq.float<exp = 5, man = 2>
// CHECK: tosa.add
// CHECK-NEXT: tq.quantize {{.*}} with #tq.float<exp = 2, man = 1, kind = finite_only>
// CHECK: tosa.add
// CHECK-NEXT: tq.quantize {{.*}} with #tq.float<exp = 2, man = 3, kind = finite_only>
// CHECK: tosa.add {{.*}} {layer = "tagged"}
// CHECK-NEXT: return

// ATTR: tosa.add {{.*}} {layer = "tagged", tq.quantized = {activations = #tq.float<exp = 8, man = 7>}}
// ATTR-NEXT: tq.quantize {{.*}} with #tq.float<exp = 8, man = 7>
// ATTR-NOT: tq.quantize

#file = loc("model.py":10:4)
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // The attribute wins over the location.
  %0 = tosa.add %x, %x {name = "stem"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("ignored")
  // A fused location: its first name location.
  %1 = tosa.add %0, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc(fused[#file, "block2/conv", "other"])
  // A name wrapping a file location.
  %2 = tosa.add %1, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("head"(#file))
  // A call site (after inlining): the callee's name first.
  %3 = tosa.add %2, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc(callsite("inlined_add" at "caller"))
  %4 = tosa.add %3, %x {layer = "tagged"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %4 : tensor<4xf32>
}
