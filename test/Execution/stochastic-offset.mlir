// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s

// A stochastic quantizer with a random index offset (a part of a larger
// stream, e.g. the chunks of the Python package's compiled tq.quantize) is
// lowered in vector steps when the offset is a multiple of 4 (known from
// how it is computed, or tested at run time) and element by element
// otherwise: each way, a 300-element slice quantized with offset o gives
// the elements o..o+299 of the whole 512-element tensor quantized without
// one (whose lowering is checked against the folder in stochastic.mlir),
// bit for bit. (tq-cpu-pipeline outlines the quantizer into a function of
// dynamic size: vector steps of 128, then 44 elements one by one with
// their offset; the runs check both.)

func.func @whole(%x: tensor<512xf32>) -> tensor<512xf32> {
  %0 = tq.quantize %x : tensor<512xf32> with "stochastic,8,2" seed(7)
  return %0 : tensor<512xf32>
}

// The offset is a run-time value: tested for a multiple of 4.
func.func @part(%x: tensor<512xf32>, %o: index) -> tensor<300xf32> {
  %s = tensor.extract_slice %x[%o] [300] [1] : tensor<512xf32> to tensor<300xf32>
  %q = tq.quantize %s : tensor<300xf32> with "stochastic,8,2" seed(7) offset(%o)
  return %q : tensor<300xf32>
}

// The offset is a chunk index times 64: a multiple of 4 by construction.
func.func @chunk(%x: tensor<512xf32>, %c: index) -> tensor<300xf32> {
  %size = arith.constant 64 : index
  %o = arith.muli %c, %size : index
  %s = tensor.extract_slice %x[%o] [300] [1] : tensor<512xf32> to tensor<300xf32>
  %q = tq.quantize %s : tensor<300xf32> with "stochastic,8,2" seed(7) offset(%o)
  return %q : tensor<300xf32>
}

func.func @mismatches(%w: tensor<512xf32>, %p: tensor<300xf32>, %o: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c300 = arith.constant 300 : index
  %count = scf.for %i = %c0 to %c300 step %c1 iter_args(%acc = %c0) -> index {
    %j = arith.addi %i, %o : index
    %a = tensor.extract %w[%j] : tensor<512xf32>
    %b = tensor.extract %p[%i] : tensor<300xf32>
    %ai = arith.bitcast %a : f32 to i32
    %bi = arith.bitcast %b : f32 to i32
    %ne = arith.cmpi ne, %ai, %bi : i32
    %inc = arith.select %ne, %c1, %c0 : index
    %next = arith.addi %acc, %inc : index
    scf.yield %next : index
  }
  return %count : index
}

func.func @main() {
  %e = tensor.empty() : tensor<512xf32>
  // x_i = (i * 0.37) mod 5 - 2.5, in f32
  %x = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%e : tensor<512xf32>) {
  ^bb0(%out: f32):
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
  } -> tensor<512xf32>
  %w = call @whole(%x) : (tensor<512xf32>) -> tensor<512xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c130 = arith.constant 130 : index
  %c212 = arith.constant 212 : index
  // Run-time offsets: multiples of 4 (vector steps) and not (element by
  // element); then chunk indices 0, 1 and 2 (offsets 0, 64, 128).
  scf.for %t = %c0 to %c4 step %c1 {
    %is0 = arith.cmpi eq, %t, %c0 : index
    %is1 = arith.cmpi eq, %t, %c1 : index
    %is2 = arith.cmpi eq, %t, %c2 : index
    %a = arith.select %is2, %c3, %c130 : index
    %b = arith.select %is1, %c4, %a : index
    %o = arith.select %is0, %c212, %b : index
    %p = func.call @part(%x, %o) : (tensor<512xf32>, index) -> tensor<300xf32>
    %n = func.call @mismatches(%w, %p, %o) : (tensor<512xf32>, tensor<300xf32>, index) -> index
    %ni = arith.index_cast %n : index to i64
    vector.print %ni : i64
  }
  scf.for %c = %c0 to %c3 step %c1 {
    %p = func.call @chunk(%x, %c) : (tensor<512xf32>, index) -> tensor<300xf32>
    %size = arith.constant 64 : index
    %o = arith.muli %c, %size : index
    %n = func.call @mismatches(%w, %p, %o) : (tensor<512xf32>, tensor<300xf32>, index) -> index
    %ni = arith.index_cast %n : index to i64
    vector.print %ni : i64
  }
  return
}

// CHECK-COUNT-7: {{^}}0{{$}}
// CHECK-NOT: {{.}}
