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

// For the GPU the lane sums nest (chunk, lane, step), a thread per lane,
// on a view of the whole chunks, and on the last, partial chunk (226 steps);
// their lane sums are concatenated. test/GPU/exec-ternary-auto.test runs it.
// GPU-DAG: #[[$IN:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
// GPU-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// GPU-LABEL: func.func private @qs
// GPU: %[[A:.*]] = tensor.extract_slice %{{.*}}[0] [32768] [1] : tensor<40000xf64> to tensor<32768xf64>
// GPU: %[[AG:.*]] = tensor.expand_shape %[[A]] {{\[\[}}0, 1, 2]] output_shape [1, 1024, 32] : tensor<32768xf64> into tensor<1x1024x32xf64>
// GPU: %[[P:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[AG]] : tensor<1x1024x32xf64>) outs(%{{.*}} : tensor<1x32xf64>)
// GPU: %[[B:.*]] = tensor.extract_slice %{{.*}}[32768] [7232] [1] : tensor<40000xf64> to tensor<7232xf64>
// GPU: %[[BG:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1, 2]] output_shape [1, 226, 32] : tensor<7232xf64> into tensor<1x226x32xf64>
// GPU: %[[PT:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[BG]] : tensor<1x226x32xf64>) outs(%{{.*}} : tensor<1x32xf64>)
// GPU: tensor.concat dim(0) %[[P]], %[[PT]] : (tensor<1x32xf64>, tensor<1x32xf64>) -> tensor<2x32xf64>
