// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline=threads=true | %mlir_runner --shared-libs=%llvm_lib_dir/libomp.so | FileCheck %s
// RUN: tq-opt %s --tq-lower-to-arith=target=gpu | FileCheck %s --check-prefix=GPU

// Ternary's automatic threshold sums |x| in the blocked order of
// ref::Ternary::absSum (lanes of 32 over chunks of 32768, then the lanes,
// then the chunks), in compiled code as in the folder, on one thread and
// on all, for static and dynamic shapes. The input tells the orders apart:
// x = [2^60, 1, 1, ..., 1, m] (n = 40000: a whole chunk and a partial one).
// A sequential sum loses every 1 against 2^60 (half an ulp); the blocked
// sum adds them up in lanes first, so its threshold is larger:
//   blocked:    0.7 * S / n = 20176479419010.336 > m
//   sequential: 0.7 * S / n = 20176479419009.656 < m
// with m = 20176479419009.996 (0x1.259b3e37a81ffp+44): m quantizes to 0
// here, and would quantize to 1 with a sequential sum.

#id = affine_map<(d0) -> (d0)>

func.func private @q(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = tq.quantize %x : tensor<?xf64> with "ternary"
  return %0 : tensor<?xf64>
}
func.func private @qs(%x: tensor<40000xf64>) -> tensor<40000xf64> {
  %0 = tq.quantize %x : tensor<40000xf64> with "ternary"
  return %0 : tensor<40000xf64>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 40000 : index
  %last = arith.constant 39999 : index
  %big = arith.constant 0x43B0000000000000 : f64
  %m = arith.constant 0x42B259B3E37A81FF : f64
  %one = arith.constant 1.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %x = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]} outs(%e : tensor<?xf64>) {
  ^bb0(%out: f64):
    %i = linalg.index 0 : index
    %is0 = arith.cmpi eq, %i, %c0 : index
    %isl = arith.cmpi eq, %i, %last : index
    %v = arith.select %isl, %m, %one : f64
    %w = arith.select %is0, %big, %v : f64
    linalg.yield %w : f64
  } -> tensor<?xf64>
  %r = call @q(%x) : (tensor<?xf64>) -> tensor<?xf64>
  %xs = tensor.cast %x : tensor<?xf64> to tensor<40000xf64>
  %rs = call @qs(%xs) : (tensor<40000xf64>) -> tensor<40000xf64>
  // CHECK: 1
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  // CHECK-NEXT: 1
  // CHECK-NEXT: 0
  %r0 = tensor.extract %r[%c0] : tensor<?xf64>
  %r1 = tensor.extract %r[%c1] : tensor<?xf64>
  %rl = tensor.extract %r[%last] : tensor<?xf64>
  %s0 = tensor.extract %rs[%c0] : tensor<40000xf64>
  %sl = tensor.extract %rs[%last] : tensor<40000xf64>
  vector.print %r0 : f64
  vector.print %r1 : f64
  vector.print %rl : f64
  vector.print %s0 : f64
  vector.print %sl : f64
  return
}

// For the GPU, a thread per (chunk, lane) keeps its lane's sum in a
// register, 8 steps (8 reads) at a time, on a view of the whole chunks, and
// on the last, partial chunk padded to 232 steps (226 rounded up to 8); the
// lane sums are concatenated. test/GPU/exec-ternary-auto.test runs it.
// GPU-LABEL: func.func private @qs
// GPU: %[[A:.*]] = tensor.extract_slice %{{.*}}[0] [32768] [1] : tensor<40000xf64> to tensor<32768xf64>
// GPU: %[[P:.*]] = scf.forall (%{{.*}}, %{{.*}}) in (%{{.*}}, 32) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x32xf64>)
// GPU: scf.for %{{.*}} = %{{.*}} to %c1024 step %c8 iter_args(%[[ACC:.*]] = %{{.*}}) -> (f64)
// GPU-COUNT-8: tensor.extract %[[A]][%{{.*}}] : tensor<32768xf64>
// GPU: %[[S1:.*]] = arith.addf %[[ACC]], %{{.*}} : f64
// GPU-COUNT-7: arith.addf
// GPU: %[[B:.*]] = tensor.extract_slice %{{.*}}[32768] [7232] [1] : tensor<40000xf64> to tensor<7232xf64>
// GPU: %[[BP:.*]] = tensor.pad %[[B]] low[0] high[192]
// GPU: %[[PT:.*]] = scf.forall
// GPU: scf.for %{{.*}} = %{{.*}} to %c232 step %c8
// GPU: tensor.extract %[[BP]][%{{.*}}] : tensor<7424xf64>
// GPU: tensor.concat dim(0) %[[P]], %[[PT]] : (tensor<1x32xf64>, tensor<1x32xf64>) -> tensor<2x32xf64>
