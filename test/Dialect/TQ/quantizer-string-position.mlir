// RUN: not tq-opt %s -split-input-file 2>&1 | FileCheck %s

// Errors in quantizer strings point at the offending character inside the
// string literal (line:column of the diagnostic).

func.func @f(%x: f32) {
  %0 = tq.quantize %x : f32 with "frobnicate,8"
  return
}
// CHECK: quantizer-string-position.mlir:7:35: error: custom op 'tq.quantize' invalid quantizer "frobnicate,8": unknown quantizer 'frobnicate'

// -----

func.func @f(%x: f32) {
  %0 = tq.quantize %x : f32 with "nearest,8,x"
  return
}
// CHECK: quantizer-string-position.mlir:15:45: error: {{.*}} expected a 32-bit integer for fractional bits, got 'x'

// -----

func.func @f(%x: f32) {
  %0 = tq.quantize %x : f32 with "nearest,8"
  return
}
// The missing parameter is reported at the end of the string.
// CHECK: quantizer-string-position.mlir:23:44: error: {{.*}} expected fractional bits

// -----

func.func @f(%x: f32) {
  %0 = tq.quantize %x : f32 with "nearest, 8 ,4,  7"
  return
}
// CHECK: quantizer-string-position.mlir:32:51: error: {{.*}} unexpected extra parameter '7' for fixed point

// -----

func.func @f(%x: tensor<2xf32>) {
  %0 = tq.quantize %x : tensor<2xf32> with "affine,8,0.1;x,0;0,axis=0"
  return
}
// Inside a per-channel list, the bad element itself.
// CHECK: quantizer-string-position.mlir:40:58: error: {{.*}} expected a finite number for scale, got 'x'

// -----

func.func @f(%x: tensor<64xf32>) {
  %0 = tq.quantize %x : tensor<64xf32> with "mxfp4,block=x"
  return
}
// After `key=`, the value.
// CHECK: quantizer-string-position.mlir:49:58: error: {{.*}} expected a 32-bit integer for block, got 'x'

// -----

func.func @f(%x: f32) {
  %0 = tq.quantize %x : f32 with "nearest,,4"
  return
}
// CHECK: quantizer-string-position.mlir:58:43: error: {{.*}} expected total bits

// -----

// Parameter errors found by the attribute's verifier point at the name.
func.func @f(%x: f32) {
  %0 = tq.quantize %x : f32 with "  nearest,0,4"
  return
}
// CHECK: quantizer-string-position.mlir:67:37: error: {{.*}} fixed point needs 1 to 53 total bits, got 0
