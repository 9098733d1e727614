// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline=threads=true | %mlir_runner --shared-libs=%llvm_lib_dir/libomp.so | FileCheck %s
// RUN: tq-opt %s --tq-lower-to-arith | FileCheck %s --check-prefix=IR

// Ternary's automatic threshold sums |x| in the blocked order of
// ref::Ternary::absSum (two levels of chunk sums: lanes of 32 over 32 steps
// of a 1024-element chunk, then the lanes; then the last level's sums), in
// compiled code as in the folder, on one thread and on all, for static and
// dynamic shapes. The input tells the orders apart: n = 1088576 (1063
// chunks and 64 elements; the second level has a whole chunk and 40 sums),
// x[i] = 2^53 where i % 1024 == 0 (lane 0 of each chunk), else 2^60 where
// i % 30000 == 0, else 1, but for the last two elements: x[n-2] = t and
// x[n-1] = the next double above t, where t is the threshold of this
// order, 0x1.de105ec3fccbdp+44: x[n-2] quantizes to 0 and x[n-1] to 1.
// Other orders (a Python model) give other thresholds:
//   sequential:                            0x1.de105ec3fcc0ep+44 (1, 1)
//   one level, then sequential:            0x1.de105ec3fcc2fp+44 (1, 1)
//   each chunk's elements in sequence:     0x1.de105ec3fcc0ep+44 (1, 1)
//   a chunk's lanes added as a tree:       0x1.de105ec3fccbbp+44 (1, 1)
//   tq before this order (32768-chunks),
//   or a lane per 32 consecutive elements: 0x1.de105ec3fccbep+44 (0, 0)

#id = affine_map<(d0) -> (d0)>

func.func private @q(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = tq.quantize %x : tensor<?xf64> with "ternary"
  return %0 : tensor<?xf64>
}
func.func private @qs(%x: tensor<1088576xf64>) -> tensor<1088576xf64> {
  %0 = tq.quantize %x : tensor<1088576xf64> with "ternary"
  return %0 : tensor<1088576xf64>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %p = arith.constant 30000 : index
  %n = arith.constant 1088576 : index
  %l2 = arith.constant 1088574 : index
  %l1 = arith.constant 1088575 : index
  %big = arith.constant 0x43B0000000000000 : f64
  %lane0 = arith.constant 0x4340000000000000 : f64
  %c1024 = arith.constant 1024 : index
  %m2 = arith.constant 0x42BDE105EC3FCCBD : f64
  %m1 = arith.constant 0x42BDE105EC3FCCBE : f64
  %one = arith.constant 1.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %x = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]} outs(%e : tensor<?xf64>) {
  ^bb0(%out: f64):
    %i = linalg.index 0 : index
    %r = arith.remui %i, %p : index
    %isbig = arith.cmpi eq, %r, %c0 : index
    %rc = arith.remui %i, %c1024 : index
    %islane0 = arith.cmpi eq, %rc, %c0 : index
    %is2 = arith.cmpi eq, %i, %l2 : index
    %is1 = arith.cmpi eq, %i, %l1 : index
    %a1 = arith.select %isbig, %big, %one : f64
    %a = arith.select %islane0, %lane0, %a1 : f64
    %b = arith.select %is2, %m2, %a : f64
    %w = arith.select %is1, %m1, %b : f64
    linalg.yield %w : f64
  } -> tensor<?xf64>
  %r = call @q(%x) : (tensor<?xf64>) -> tensor<?xf64>
  %xs = tensor.cast %x : tensor<?xf64> to tensor<1088576xf64>
  %rs = call @qs(%xs) : (tensor<1088576xf64>) -> tensor<1088576xf64>
  // CHECK: 1
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  // CHECK-NEXT: 1
  // CHECK-NEXT: 1
  // CHECK-NEXT: 0
  // CHECK-NEXT: 1
  %r0 = tensor.extract %r[%c0] : tensor<?xf64>
  %r1 = tensor.extract %r[%c1] : tensor<?xf64>
  %r2 = tensor.extract %r[%l2] : tensor<?xf64>
  %r3 = tensor.extract %r[%l1] : tensor<?xf64>
  %s0 = tensor.extract %rs[%c0] : tensor<1088576xf64>
  %s2 = tensor.extract %rs[%l2] : tensor<1088576xf64>
  %s3 = tensor.extract %rs[%l1] : tensor<1088576xf64>
  vector.print %r0 : f64
  vector.print %r1 : f64
  vector.print %r2 : f64
  vector.print %r3 : f64
  vector.print %s0 : f64
  vector.print %s2 : f64
  vector.print %s3 : f64
  return
}

// One form for the CPU and the GPU: per level, an scf.forall step per chunk
// (32 vector reads added in order, an ordered reduction of the lanes from
// +0); the last, partial chunk reads with padding, under an scf.if; the
// second level on the first's 1064 sums; the total in order.
// IR-LABEL: func.func private @qs
// IR: %[[Q1:.*]] = scf.forall (%[[C:.*]]) in (%c1064) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1064xf64>)
// IR: %[[B:.*]] = arith.muli %[[C]], %c1024
// IR: %[[W:.*]] = arith.cmpi ult, %[[C]], %c1063
// IR: %[[ACC:.*]] = scf.if %[[W]] -> (vector<32xf64>)
// IR: %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<32xf64>
// IR: %[[R0:.*]] = vector.transfer_read %arg0[%[[B]]], %{{.*}} {in_bounds = [true]} : tensor<1088576xf64>, vector<32xf64>
// IR: %[[A0:.*]] = math.absf %[[R0]] : vector<32xf64>
// IR: %[[S0:.*]] = arith.addf %[[Z]], %[[A0]] : vector<32xf64>
// IR: %[[I1:.*]] = arith.addi %[[B]], %c32
// IR: %[[R1:.*]] = vector.transfer_read %arg0[%[[I1]]], %{{.*}} {in_bounds = [true]}
// IR: %[[A1:.*]] = math.absf %[[R1]]
// IR: arith.addf %[[S0]], %[[A1]] : vector<32xf64>
// IR-COUNT-30: vector.transfer_read %arg0{{.*}} {in_bounds = [true]}
// IR: } else {
// IR-COUNT-32: vector.transfer_read %arg0[%{{[^ ]*}}], %{{[^ ]*}} : tensor<1088576xf64>, vector<32xf64>
// IR: %[[Q:.*]] = vector.reduction <add>, %[[ACC]], %{{.*}} : vector<32xf64> into f64
// IR: %[[O:.*]] = tensor.extract_slice %{{.*}}[%[[C]]] [1] [1] : tensor<1064xf64> to tensor<1xf64>
// IR: %[[I:.*]] = tensor.insert %[[Q]] into %[[O]][%{{.*}}] : tensor<1xf64>
// IR: tensor.parallel_insert_slice %[[I]] into %{{.*}}[%[[C]]] [1] [1] : tensor<1xf64> into tensor<1064xf64>
// IR: %[[Q2:.*]] = scf.forall (%{{.*}}) in (%c2) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<2xf64>)
// IR-NOT: math.absf
// IR: vector.transfer_read %[[Q1]]
// IR-NOT: math.absf
// IR: vector.reduction <add>
// IR-NOT: = scf.forall
// IR: linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[Q2]] : tensor<2xf64>)
