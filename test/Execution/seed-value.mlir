// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline=threads=true | %mlir_runner --shared-libs=%llvm_lib_dir/libomp.so | FileCheck %s

// A seed given as an operand (seed_value) draws the same random bits as the
// same seed written as an attribute, on each lowering path: the vector path
// of large stochastic tensors (64k elements), the linalg path of small ones,
// a stochastic block format and a scalar. @dynamic takes the seed as an
// argument, so it is not a constant there. Printed: the count of elements
// that differ (bit patterns) between @dynamic(seed 5) and @fixed (seed(5)),
// then between @dynamic(seed 6) and @fixed, which differ.

#id = affine_map<(d0) -> (d0)>
#sc = affine_map<(d0) -> ()>

func.func @dynamic(%x: tensor<65536xf32>, %y: tensor<100xf32>, %z: tensor<4096xf32>, %w: f32, %s: i64) -> (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32) {
  %0 = tq.quantize %x : tensor<65536xf32> with "stochastic,8,4" seed_value(%s)
  %1 = tq.quantize %y : tensor<100xf32> with "fp8_e5m2,stochastic" seed_value(%s)
  %2 = tq.quantize %z : tensor<4096xf32> with "mxfp4,stochastic" seed_value(%s)
  %3 = tq.quantize %w : f32 with "stochastic,8,4" seed_value(%s)
  return %0, %1, %2, %3 : tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32
}

func.func @fixed(%x: tensor<65536xf32>, %y: tensor<100xf32>, %z: tensor<4096xf32>, %w: f32) -> (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32) {
  %0 = tq.quantize %x : tensor<65536xf32> with "stochastic,8,4" seed(5)
  %1 = tq.quantize %y : tensor<100xf32> with "fp8_e5m2,stochastic" seed(5)
  %2 = tq.quantize %z : tensor<4096xf32> with "mxfp4,stochastic" seed(5)
  %3 = tq.quantize %w : f32 with "stochastic,8,4" seed(5)
  return %0, %1, %2, %3 : tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32
}

// Values off every grid: (i mod 997) * 0.01234 - 6.1.
func.func @values(%n: index) -> tensor<?xf32> {
  %e = tensor.empty(%n) : tensor<?xf32>
  %v = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]} outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %c = arith.constant 997 : index
    %r = arith.remui %i, %c : index
    %ri = arith.index_cast %r : index to i32
    %f = arith.sitofp %ri : i32 to f32
    %k = arith.constant 0.01234 : f32
    %h = arith.constant 6.1 : f32
    %a = arith.mulf %f, %k : f32
    %b = arith.subf %a, %h : f32
    linalg.yield %b : f32
  } -> tensor<?xf32>
  return %v : tensor<?xf32>
}

// The number of elements whose bits differ.
func.func @differ(%a: tensor<?xf32>, %b: tensor<?xf32>) -> i32 {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<i32>
  %init = linalg.fill ins(%z : i32) outs(%e : tensor<i32>) -> tensor<i32>
  %r = linalg.generic {indexing_maps = [#id, #id, #sc], iterator_types = ["reduction"]} ins(%a, %b : tensor<?xf32>, tensor<?xf32>) outs(%init : tensor<i32>) {
  ^bb0(%x: f32, %y: f32, %acc: i32):
    %xi = arith.bitcast %x : f32 to i32
    %yi = arith.bitcast %y : f32 to i32
    %ne = arith.cmpi ne, %xi, %yi : i32
    %one = arith.extui %ne : i1 to i32
    %s = arith.addi %acc, %one : i32
    linalg.yield %s : i32
  } -> tensor<i32>
  %v = tensor.extract %r[] : tensor<i32>
  return %v : i32
}

func.func @report(%d0: tensor<65536xf32>, %d1: tensor<100xf32>, %d2: tensor<4096xf32>, %d3: f32,
                  %f0: tensor<65536xf32>, %f1: tensor<100xf32>, %f2: tensor<4096xf32>, %f3: f32) {
  %a0 = tensor.cast %d0 : tensor<65536xf32> to tensor<?xf32>
  %b0 = tensor.cast %f0 : tensor<65536xf32> to tensor<?xf32>
  %a1 = tensor.cast %d1 : tensor<100xf32> to tensor<?xf32>
  %b1 = tensor.cast %f1 : tensor<100xf32> to tensor<?xf32>
  %a2 = tensor.cast %d2 : tensor<4096xf32> to tensor<?xf32>
  %b2 = tensor.cast %f2 : tensor<4096xf32> to tensor<?xf32>
  %n0 = call @differ(%a0, %b0) : (tensor<?xf32>, tensor<?xf32>) -> i32
  %n1 = call @differ(%a1, %b1) : (tensor<?xf32>, tensor<?xf32>) -> i32
  %n2 = call @differ(%a2, %b2) : (tensor<?xf32>, tensor<?xf32>) -> i32
  %i3 = arith.bitcast %d3 : f32 to i32
  %j3 = arith.bitcast %f3 : f32 to i32
  %ne3 = arith.cmpi ne, %i3, %j3 : i32
  %n3 = arith.extui %ne3 : i1 to i32
  vector.print %n0 : i32
  vector.print %n1 : i32
  vector.print %n2 : i32
  vector.print %n3 : i32
  return
}

func.func @main() {
  %c65536 = arith.constant 65536 : index
  %c100 = arith.constant 100 : index
  %c4096 = arith.constant 4096 : index
  %v0 = call @values(%c65536) : (index) -> tensor<?xf32>
  %v1 = call @values(%c100) : (index) -> tensor<?xf32>
  %v2 = call @values(%c4096) : (index) -> tensor<?xf32>
  %x = tensor.cast %v0 : tensor<?xf32> to tensor<65536xf32>
  %y = tensor.cast %v1 : tensor<?xf32> to tensor<100xf32>
  %z = tensor.cast %v2 : tensor<?xf32> to tensor<4096xf32>
  %w = arith.constant 0.3 : f32
  %s5 = arith.constant 5 : i64
  %s6 = arith.constant 6 : i64
  %f:4 = call @fixed(%x, %y, %z, %w) : (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32) -> (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32)
  %d:4 = call @dynamic(%x, %y, %z, %w, %s5) : (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32, i64) -> (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32)
  %e:4 = call @dynamic(%x, %y, %z, %w, %s6) : (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32, i64) -> (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32)
  // CHECK: 0
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  call @report(%d#0, %d#1, %d#2, %d#3, %f#0, %f#1, %f#2, %f#3) : (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32, tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32) -> ()
  // CHECK-NEXT: {{^[1-9][0-9]*$}}
  // CHECK-NEXT: {{^[1-9][0-9]*$}}
  // CHECK-NEXT: {{^[1-9][0-9]*$}}
  // CHECK-NEXT: {{^[0-1]$}}
  call @report(%e#0, %e#1, %e#2, %e#3, %f#0, %f#1, %f#2, %f#3) : (tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32, tensor<65536xf32>, tensor<100xf32>, tensor<4096xf32>, f32) -> ()
  return
}
