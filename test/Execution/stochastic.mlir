// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s

// Stochastic rounding in compiled code, over 2^20 elements of one value:
//  - unbiased: the number of elements rounded up is within 5 standard
//    deviations of n * fraction (printed as 1 when it is), for fractions
//    0.3, 0.75 and 1/3 (x = 1.3, 1.75, 1.3333334 in f32, fixed<8, 0>);
//  - the mean of the results equals x within 5 standard errors (f64 sum);
//  - reproducible: the same seed gives the same bits, run after run (the
//    exact counts are pinned below), and another seed other bits.

#id = affine_map<(d0) -> (d0)>
#sc = affine_map<(d0) -> ()>

func.func private @q1(%x: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %0 = tq.quantize %x : tensor<1048576xf32> with "stochastic,8,0" seed(42)
  return %0 : tensor<1048576xf32>
}
func.func private @q2(%x: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %0 = tq.quantize %x : tensor<1048576xf32> with "stochastic,8,0" seed(43)
  return %0 : tensor<1048576xf32>
}

// Number of elements equal to 2.0, and the f64 sum of all elements.
func.func private @stats(%r: tensor<1048576xf32>) -> (i64, f64) {
  %z = tensor.empty() : tensor<i64>
  %zf = tensor.empty() : tensor<f64>
  %c0 = arith.constant 0 : i64
  %f0 = arith.constant 0.0 : f64
  %zi = linalg.fill ins(%c0 : i64) outs(%z : tensor<i64>) -> tensor<i64>
  %zs = linalg.fill ins(%f0 : f64) outs(%zf : tensor<f64>) -> tensor<f64>
  %s:2 = linalg.generic {indexing_maps = [#id, #sc, #sc], iterator_types = ["reduction"]} ins(%r : tensor<1048576xf32>) outs(%zi, %zs : tensor<i64>, tensor<f64>) {
  ^bb0(%v: f32, %acc: i64, %sum: f64):
    %two = arith.constant 2.0 : f32
    %up = arith.cmpf oeq, %v, %two : f32
    %e = arith.extui %up : i1 to i64
    %a = arith.addi %acc, %e : i64
    %vd = arith.extf %v : f32 to f64
    %t = arith.addf %sum, %vd : f64
    linalg.yield %a, %t : i64, f64
  } -> (tensor<i64>, tensor<f64>)
  %n = tensor.extract %s#0[] : tensor<i64>
  %m = tensor.extract %s#1[] : tensor<f64>
  return %n, %m : i64, f64
}

func.func private @differ(%a: tensor<1048576xf32>, %b: tensor<1048576xf32>) -> i64 {
  %z = tensor.empty() : tensor<i64>
  %c0 = arith.constant 0 : i64
  %zi = linalg.fill ins(%c0 : i64) outs(%z : tensor<i64>) -> tensor<i64>
  %s = linalg.generic {indexing_maps = [#id, #id, #sc], iterator_types = ["reduction"]} ins(%a, %b : tensor<1048576xf32>, tensor<1048576xf32>) outs(%zi : tensor<i64>) {
  ^bb0(%x: f32, %y: f32, %acc: i64):
    %xi = arith.bitcast %x : f32 to i32
    %yi = arith.bitcast %y : f32 to i32
    %ne = arith.cmpi ne, %xi, %yi : i32
    %e = arith.extui %ne : i1 to i64
    %r = arith.addi %acc, %e : i64
    linalg.yield %r : i64
  } -> tensor<i64>
  %v = tensor.extract %s[] : tensor<i64>
  return %v : i64
}

// Prints: count of round-ups, 1 if within 5 sigma of n*f, 1 if the mean is
// within 5 standard errors of x.
func.func private @check(%x: f32) {
  %in = tensor.splat %x : tensor<1048576xf32>
  %r = call @q1(%in) : (tensor<1048576xf32>) -> tensor<1048576xf32>
  %ups, %sum = call @stats(%r) : (tensor<1048576xf32>) -> (i64, f64)
  vector.print %ups : i64
  %n = arith.constant 1048576.0 : f64
  %one = arith.constant 1.0 : f64
  %xd = arith.extf %x : f32 to f64
  %f = arith.subf %xd, %one : f64
  %nf = arith.mulf %n, %f : f64
  %omf = arith.subf %one, %f : f64
  %var = arith.mulf %nf, %omf : f64
  %sd = math.sqrt %var : f64
  %five = arith.constant 5.0 : f64
  %bound = arith.mulf %five, %sd : f64
  %upsf = arith.uitofp %ups : i64 to f64
  %dev = arith.subf %upsf, %nf : f64
  %adev = math.absf %dev : f64
  %ok = arith.cmpf olt, %adev, %bound : f64
  vector.print %ok : i1
  // Mean of the results against x: standard error sqrt(f(1-f)/n).
  %mean = arith.divf %sum, %n : f64
  %err = arith.subf %mean, %xd : f64
  %aerr = math.absf %err : f64
  %se2 = arith.divf %var, %n : f64
  %se = arith.divf %se2, %n : f64
  %sesq = math.sqrt %se : f64
  %mbound = arith.mulf %five, %sesq : f64
  %mok = arith.cmpf olt, %aerr, %mbound : f64
  vector.print %mok : i1
  return
}

// CHECK:      314489
// CHECK-NEXT: 1
// CHECK-NEXT: 1
// CHECK-NEXT: 787004
// CHECK-NEXT: 1
// CHECK-NEXT: 1
// CHECK-NEXT: 349571
// CHECK-NEXT: 1
// CHECK-NEXT: 1
// Same seed twice: no difference; another seed: about 2 n f (1 - f) = 440402.
// CHECK-NEXT: 0
// CHECK-NEXT: {{^4[34][0-9]{4}$}}
func.func @main() {
  %a = arith.constant 1.3 : f32
  %b = arith.constant 1.75 : f32
  %c = arith.constant 1.33333333 : f32
  call @check(%a) : (f32) -> ()
  call @check(%b) : (f32) -> ()
  call @check(%c) : (f32) -> ()
  %in = tensor.splat %a : tensor<1048576xf32>
  %r1 = call @q1(%in) : (tensor<1048576xf32>) -> tensor<1048576xf32>
  %r1b = call @q1(%in) : (tensor<1048576xf32>) -> tensor<1048576xf32>
  %r2 = call @q2(%in) : (tensor<1048576xf32>) -> tensor<1048576xf32>
  %same = call @differ(%r1, %r1b) : (tensor<1048576xf32>, tensor<1048576xf32>) -> i64
  %other = call @differ(%r1, %r2) : (tensor<1048576xf32>, tensor<1048576xf32>) -> i64
  vector.print %same : i64
  vector.print %other : i64
  return
}
