// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s

// Scalars and vectors take the inline path (no linalg.generic): their
// results must equal the folder's too, including stochastic rounding, whose
// indices are the lanes (offset 0).

func.func private @vec(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = tq.quantize %x : vector<8xf32> with "stochastic,8,4" seed(5)
  return %0 : vector<8xf32>
}
func.func private @vec2(%x: vector<2x4xf64>) -> vector<2x4xf64> {
  %0 = tq.quantize %x : vector<2x4xf64> with "fp8_e4m3,odd"
  return %0 : vector<2x4xf64>
}
func.func private @sca(%x: f16) -> f16 {
  %0 = tq.quantize %x : f16 with "fp4_e2m1,stochastic" seed(11)
  return %0 : f16
}
func.func private @sca2(%x: bf16) -> bf16 {
  %0 = tq.quantize %x : bf16 with "pow2,nearest"
  return %0 : bf16
}

// CHECK: ( 0, 0, 0, 0, 0, 0, 0, 0 )
// CHECK-NEXT: ( ( 0, 0, 0, 0 ), ( 0, 0, 0, 0 ) )
// CHECK-NEXT: 0
// CHECK-NEXT: 0
func.func @main() {
  %v = arith.constant dense<[1.03, -2.71, 0.5, 100.0, -0.0, 0x7FC00001, 1.0e-30, 3.1416]> : vector<8xf32>
  %rv = tq.quantize %v : vector<8xf32> with "stochastic,8,4" seed(5)
  %gv = call @vec(%v) : (vector<8xf32>) -> vector<8xf32>
  %a = arith.bitcast %rv : vector<8xf32> to vector<8xi32>
  %b = arith.bitcast %gv : vector<8xf32> to vector<8xi32>
  %d = arith.subi %a, %b : vector<8xi32>
  vector.print %d : vector<8xi32>

  %w = arith.constant dense<[[1.0625, 1000.0, -0.3, 1.0e-3], [0x7FF0000000000000, 2.5e-3, -17.0, 0.0]]> : vector<2x4xf64>
  %rw = tq.quantize %w : vector<2x4xf64> with "fp8_e4m3,odd"
  %gw = call @vec2(%w) : (vector<2x4xf64>) -> vector<2x4xf64>
  %aw = arith.bitcast %rw : vector<2x4xf64> to vector<2x4xi64>
  %bw = arith.bitcast %gw : vector<2x4xf64> to vector<2x4xi64>
  %dw = arith.subi %aw, %bw : vector<2x4xi64>
  vector.print %dw : vector<2x4xi64>

  %s = arith.constant 2.3 : f16
  %rs = tq.quantize %s : f16 with "fp4_e2m1,stochastic" seed(11)
  %gs = call @sca(%s) : (f16) -> f16
  %as = arith.bitcast %rs : f16 to i16
  %bs = arith.bitcast %gs : f16 to i16
  %ds = arith.subi %as, %bs : i16
  vector.print %ds : i16

  %t = arith.constant 1.5 : bf16
  %rt = tq.quantize %t : bf16 with "pow2,nearest"
  %gt = call @sca2(%t) : (bf16) -> bf16
  %at = arith.bitcast %rt : bf16 to i16
  %bt = arith.bitcast %gt : bf16 to i16
  %dt = arith.subi %at, %bt : i16
  vector.print %dt : i16
  return
}
