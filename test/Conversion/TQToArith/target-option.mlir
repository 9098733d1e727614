// tq-lower-to-arith's target is an enum option: cpu (the default) or gpu;
// anything else is refused by the option parser, listing nothing run.
// RUN: tq-opt %s --tq-lower-to-arith=target=gpu | FileCheck %s
// RUN: not tq-opt %s --tq-lower-to-arith=target=tpu 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK-LABEL: func.func @f
// CHECK-NOT:     tq.quantize
// CHECK:         arith.
// BAD: for the --target option: Cannot find option named 'tpu'!
func.func @f(%x: f32) -> f32 {
  %0 = tq.quantize %x : f32 with "nearest,8,4"
  return %0 : f32
}
