// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s

// A stochastic quantizer on a 1-D tensor of dynamic size (the flattened
// functions of tq-outline-quantizers) is lowered in vector steps of 128
// elements up to the last whole multiple and element by element after it:
// the same values, bit for bit, as on the static tensor (whose lowering is
// checked against the folder in stochastic-*.test), for sizes below, at
// and between multiples of 128.

func.func @dyn(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tq.quantize %x : tensor<?xf32> with "stochastic,8,2" seed(7)
  return %0 : tensor<?xf32>
}

func.func @mismatches(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = tensor.empty(%n) : tensor<?xf32>
  // x_i = (i * 0.37) mod 5 - 2.5, in f32
  %x = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f32
    %k = arith.constant 0.37 : f32
    %p = arith.mulf %f, %k : f32
    %five = arith.constant 5.0 : f32
    %m = arith.remf %p, %five : f32
    %h = arith.constant 2.5 : f32
    %v = arith.subf %m, %h : f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  %d = call @dyn(%x) : (tensor<?xf32>) -> tensor<?xf32>
  %s = call @static_of(%x, %n) : (tensor<?xf32>, index) -> tensor<?xf32>
  %count = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c0) -> index {
    %a = tensor.extract %d[%i] : tensor<?xf32>
    %b = tensor.extract %s[%i] : tensor<?xf32>
    %ai = arith.bitcast %a : f32 to i32
    %bi = arith.bitcast %b : f32 to i32
    %ne = arith.cmpi ne, %ai, %bi : i32
    %inc = arith.select %ne, %c1, %c0 : index
    %next = arith.addi %acc, %inc : index
    scf.yield %next : index
  }
  return %count : index
}

// The static lowering of each size.
func.func @static_of(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %c5 = arith.constant 5 : index
  %c128 = arith.constant 128 : index
  %c256 = arith.constant 256 : index
  %is5 = arith.cmpi eq, %n, %c5 : index
  %r = scf.if %is5 -> tensor<?xf32> {
    %s = tensor.cast %x : tensor<?xf32> to tensor<5xf32>
    %q = tq.quantize %s : tensor<5xf32> with "stochastic,8,2" seed(7)
    %c = tensor.cast %q : tensor<5xf32> to tensor<?xf32>
    scf.yield %c : tensor<?xf32>
  } else {
    %is256 = arith.cmpi eq, %n, %c256 : index
    %r2 = scf.if %is256 -> tensor<?xf32> {
      %s = tensor.cast %x : tensor<?xf32> to tensor<256xf32>
      %q = tq.quantize %s : tensor<256xf32> with "stochastic,8,2" seed(7)
      %c = tensor.cast %q : tensor<256xf32> to tensor<?xf32>
      scf.yield %c : tensor<?xf32>
    } else {
      %s = tensor.cast %x : tensor<?xf32> to tensor<300xf32>
      %q = tq.quantize %s : tensor<300xf32> with "stochastic,8,2" seed(7)
      %c = tensor.cast %q : tensor<300xf32> to tensor<?xf32>
      scf.yield %c : tensor<?xf32>
    }
    scf.yield %r2 : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

func.func @main() {
  %c5 = arith.constant 5 : index
  %c256 = arith.constant 256 : index
  %c300 = arith.constant 300 : index
  %m5 = call @mismatches(%c5) : (index) -> index
  %m256 = call @mismatches(%c256) : (index) -> index
  %m300 = call @mismatches(%c300) : (index) -> index
  // CHECK: 0
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  vector.print %m5 : index
  vector.print %m256 : index
  vector.print %m300 : index
  return
}
