// RUN: tq-opt %s '--tq-gpu-launch=block-size=128 elements-per-thread=8' --canonicalize --split-input-file | FileCheck %s

// Vector iterations with an ordered float sum over their lanes (ternary's
// chunk sums, ref::Ternary::absSum): one element per lane; the
// vector.reduction <add> with an accumulator is the sequential sum
// acc + e_0 + ... + e_31 its vector form means, each e_j broadcast from lane
// j by an indexed shuffle (no tree: its order would differ); the scalar
// store of the sum is lane 0's. Reads that may run past the end (the last,
// partial chunk) load under a bounds check, else give the padding. An
// iteration with 32 loads runs once per thread (elements-per-thread=8
// notwithstanding): 64 chunks x 32 lanes in 16 blocks of 128.
// CHECK-LABEL: func.func @sum
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[W:.*]] = arith.constant 32 : i32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C16]], {{.*}} threads({{.*}}) in (%{{.*}} = %[[C128]],
// CHECK: %[[LANE:.*]] = arith.remui %{{.*}}, %c32 : index
// CHECK: %[[CHUNK:.*]] = arith.divui %{{.*}}, %c32 : index
// CHECK: %[[B:.*]] = arith.muli %[[CHUNK]], %c1024 : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[CHUNK]], %c63 : index
// CHECK: %[[S:.*]] = scf.if %[[IN]] -> (f64) {
// CHECK: %[[I0:.*]] = arith.addi %[[B]], %[[LANE]] : index
// CHECK: %[[X0:.*]] = memref.load %arg0[%[[I0]]] : memref<65000xf32>
// CHECK-COUNT-31: memref.load %arg0
// CHECK: } else {
// CHECK: %[[J0:.*]] = arith.addi %[[B]], %[[LANE]] : index
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[J0]], %c65000 : index
// CHECK: %[[Y0:.*]] = scf.if %[[OK]] -> (f32) {
// CHECK: %[[L:.*]] = memref.load %arg0[%[[J0]]] : memref<65000xf32>
// CHECK: scf.yield %[[L]] : f32
// CHECK: } else {
// CHECK: scf.yield %cst{{.*}} : f32
// CHECK: }
// CHECK-COUNT-31: memref.load %arg0
// CHECK: %[[E0:.*]], %{{.*}} = gpu.shuffle  idx %[[S]], %c0_i32, %[[W]] : f64
// CHECK: %[[A0:.*]] = arith.addf %[[E0]], %[[ZERO]] : f64
// CHECK: %[[E1:.*]], %{{.*}} = gpu.shuffle  idx %[[S]], %c1_i32, %[[W]] : f64
// CHECK: %[[A1:.*]] = arith.addf %[[A0]], %[[E1]] : f64
// CHECK-COUNT-29: gpu.shuffle  idx %[[S]]
// CHECK: %[[E31:.*]], %{{.*}} = gpu.shuffle  idx %[[S]], %c31_i32, %[[W]] : f64
// CHECK: %[[A31:.*]] = arith.addf %{{.*}}, %[[E31]] : f64
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[LANE]], %c0 : index
// CHECK: scf.if %[[FIRST]] {
// CHECK: memref.store %[[A31]], %arg1[%[[CHUNK]]] : memref<64xf64>
func.func @sum(%x: memref<65000xf32>, %out: memref<64xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c63 = arith.constant 63 : index
  %c64 = arith.constant 64 : index
  %c1024 = arith.constant 1024 : index
  %k1 = arith.constant 32 : index
  %k2 = arith.constant 64 : index
  %k3 = arith.constant 96 : index
  %k4 = arith.constant 128 : index
  %k5 = arith.constant 160 : index
  %k6 = arith.constant 192 : index
  %k7 = arith.constant 224 : index
  %k8 = arith.constant 256 : index
  %k9 = arith.constant 288 : index
  %k10 = arith.constant 320 : index
  %k11 = arith.constant 352 : index
  %k12 = arith.constant 384 : index
  %k13 = arith.constant 416 : index
  %k14 = arith.constant 448 : index
  %k15 = arith.constant 480 : index
  %k16 = arith.constant 512 : index
  %k17 = arith.constant 544 : index
  %k18 = arith.constant 576 : index
  %k19 = arith.constant 608 : index
  %k20 = arith.constant 640 : index
  %k21 = arith.constant 672 : index
  %k22 = arith.constant 704 : index
  %k23 = arith.constant 736 : index
  %k24 = arith.constant 768 : index
  %k25 = arith.constant 800 : index
  %k26 = arith.constant 832 : index
  %k27 = arith.constant 864 : index
  %k28 = arith.constant 896 : index
  %k29 = arith.constant 928 : index
  %k30 = arith.constant 960 : index
  %k31 = arith.constant 992 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant 0.0 : f64
  %z = arith.constant dense<0.0> : vector<32xf64>
  scf.parallel (%c) = (%c0) to (%c64) step (%c1) {
    %base = arith.muli %c, %c1024 : index
    %whole = arith.cmpi ult, %c, %c63 : index
    %acc = scf.if %whole -> (vector<32xf64>) {
      %v0 = vector.transfer_read %x[%base], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d0 = arith.extf %v0 : vector<32xf32> to vector<32xf64>
      %s0 = arith.addf %z, %d0 : vector<32xf64>
      %i1 = arith.addi %base, %k1 : index
      %v1 = vector.transfer_read %x[%i1], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d1 = arith.extf %v1 : vector<32xf32> to vector<32xf64>
      %s1 = arith.addf %s0, %d1 : vector<32xf64>
      %i2 = arith.addi %base, %k2 : index
      %v2 = vector.transfer_read %x[%i2], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d2 = arith.extf %v2 : vector<32xf32> to vector<32xf64>
      %s2 = arith.addf %s1, %d2 : vector<32xf64>
      %i3 = arith.addi %base, %k3 : index
      %v3 = vector.transfer_read %x[%i3], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d3 = arith.extf %v3 : vector<32xf32> to vector<32xf64>
      %s3 = arith.addf %s2, %d3 : vector<32xf64>
      %i4 = arith.addi %base, %k4 : index
      %v4 = vector.transfer_read %x[%i4], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d4 = arith.extf %v4 : vector<32xf32> to vector<32xf64>
      %s4 = arith.addf %s3, %d4 : vector<32xf64>
      %i5 = arith.addi %base, %k5 : index
      %v5 = vector.transfer_read %x[%i5], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d5 = arith.extf %v5 : vector<32xf32> to vector<32xf64>
      %s5 = arith.addf %s4, %d5 : vector<32xf64>
      %i6 = arith.addi %base, %k6 : index
      %v6 = vector.transfer_read %x[%i6], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d6 = arith.extf %v6 : vector<32xf32> to vector<32xf64>
      %s6 = arith.addf %s5, %d6 : vector<32xf64>
      %i7 = arith.addi %base, %k7 : index
      %v7 = vector.transfer_read %x[%i7], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d7 = arith.extf %v7 : vector<32xf32> to vector<32xf64>
      %s7 = arith.addf %s6, %d7 : vector<32xf64>
      %i8 = arith.addi %base, %k8 : index
      %v8 = vector.transfer_read %x[%i8], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d8 = arith.extf %v8 : vector<32xf32> to vector<32xf64>
      %s8 = arith.addf %s7, %d8 : vector<32xf64>
      %i9 = arith.addi %base, %k9 : index
      %v9 = vector.transfer_read %x[%i9], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d9 = arith.extf %v9 : vector<32xf32> to vector<32xf64>
      %s9 = arith.addf %s8, %d9 : vector<32xf64>
      %i10 = arith.addi %base, %k10 : index
      %v10 = vector.transfer_read %x[%i10], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d10 = arith.extf %v10 : vector<32xf32> to vector<32xf64>
      %s10 = arith.addf %s9, %d10 : vector<32xf64>
      %i11 = arith.addi %base, %k11 : index
      %v11 = vector.transfer_read %x[%i11], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d11 = arith.extf %v11 : vector<32xf32> to vector<32xf64>
      %s11 = arith.addf %s10, %d11 : vector<32xf64>
      %i12 = arith.addi %base, %k12 : index
      %v12 = vector.transfer_read %x[%i12], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d12 = arith.extf %v12 : vector<32xf32> to vector<32xf64>
      %s12 = arith.addf %s11, %d12 : vector<32xf64>
      %i13 = arith.addi %base, %k13 : index
      %v13 = vector.transfer_read %x[%i13], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d13 = arith.extf %v13 : vector<32xf32> to vector<32xf64>
      %s13 = arith.addf %s12, %d13 : vector<32xf64>
      %i14 = arith.addi %base, %k14 : index
      %v14 = vector.transfer_read %x[%i14], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d14 = arith.extf %v14 : vector<32xf32> to vector<32xf64>
      %s14 = arith.addf %s13, %d14 : vector<32xf64>
      %i15 = arith.addi %base, %k15 : index
      %v15 = vector.transfer_read %x[%i15], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d15 = arith.extf %v15 : vector<32xf32> to vector<32xf64>
      %s15 = arith.addf %s14, %d15 : vector<32xf64>
      %i16 = arith.addi %base, %k16 : index
      %v16 = vector.transfer_read %x[%i16], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d16 = arith.extf %v16 : vector<32xf32> to vector<32xf64>
      %s16 = arith.addf %s15, %d16 : vector<32xf64>
      %i17 = arith.addi %base, %k17 : index
      %v17 = vector.transfer_read %x[%i17], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d17 = arith.extf %v17 : vector<32xf32> to vector<32xf64>
      %s17 = arith.addf %s16, %d17 : vector<32xf64>
      %i18 = arith.addi %base, %k18 : index
      %v18 = vector.transfer_read %x[%i18], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d18 = arith.extf %v18 : vector<32xf32> to vector<32xf64>
      %s18 = arith.addf %s17, %d18 : vector<32xf64>
      %i19 = arith.addi %base, %k19 : index
      %v19 = vector.transfer_read %x[%i19], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d19 = arith.extf %v19 : vector<32xf32> to vector<32xf64>
      %s19 = arith.addf %s18, %d19 : vector<32xf64>
      %i20 = arith.addi %base, %k20 : index
      %v20 = vector.transfer_read %x[%i20], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d20 = arith.extf %v20 : vector<32xf32> to vector<32xf64>
      %s20 = arith.addf %s19, %d20 : vector<32xf64>
      %i21 = arith.addi %base, %k21 : index
      %v21 = vector.transfer_read %x[%i21], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d21 = arith.extf %v21 : vector<32xf32> to vector<32xf64>
      %s21 = arith.addf %s20, %d21 : vector<32xf64>
      %i22 = arith.addi %base, %k22 : index
      %v22 = vector.transfer_read %x[%i22], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d22 = arith.extf %v22 : vector<32xf32> to vector<32xf64>
      %s22 = arith.addf %s21, %d22 : vector<32xf64>
      %i23 = arith.addi %base, %k23 : index
      %v23 = vector.transfer_read %x[%i23], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d23 = arith.extf %v23 : vector<32xf32> to vector<32xf64>
      %s23 = arith.addf %s22, %d23 : vector<32xf64>
      %i24 = arith.addi %base, %k24 : index
      %v24 = vector.transfer_read %x[%i24], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d24 = arith.extf %v24 : vector<32xf32> to vector<32xf64>
      %s24 = arith.addf %s23, %d24 : vector<32xf64>
      %i25 = arith.addi %base, %k25 : index
      %v25 = vector.transfer_read %x[%i25], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d25 = arith.extf %v25 : vector<32xf32> to vector<32xf64>
      %s25 = arith.addf %s24, %d25 : vector<32xf64>
      %i26 = arith.addi %base, %k26 : index
      %v26 = vector.transfer_read %x[%i26], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d26 = arith.extf %v26 : vector<32xf32> to vector<32xf64>
      %s26 = arith.addf %s25, %d26 : vector<32xf64>
      %i27 = arith.addi %base, %k27 : index
      %v27 = vector.transfer_read %x[%i27], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d27 = arith.extf %v27 : vector<32xf32> to vector<32xf64>
      %s27 = arith.addf %s26, %d27 : vector<32xf64>
      %i28 = arith.addi %base, %k28 : index
      %v28 = vector.transfer_read %x[%i28], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d28 = arith.extf %v28 : vector<32xf32> to vector<32xf64>
      %s28 = arith.addf %s27, %d28 : vector<32xf64>
      %i29 = arith.addi %base, %k29 : index
      %v29 = vector.transfer_read %x[%i29], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d29 = arith.extf %v29 : vector<32xf32> to vector<32xf64>
      %s29 = arith.addf %s28, %d29 : vector<32xf64>
      %i30 = arith.addi %base, %k30 : index
      %v30 = vector.transfer_read %x[%i30], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d30 = arith.extf %v30 : vector<32xf32> to vector<32xf64>
      %s30 = arith.addf %s29, %d30 : vector<32xf64>
      %i31 = arith.addi %base, %k31 : index
      %v31 = vector.transfer_read %x[%i31], %pad {in_bounds = [true]} : memref<65000xf32>, vector<32xf32>
      %d31 = arith.extf %v31 : vector<32xf32> to vector<32xf64>
      %s31 = arith.addf %s30, %d31 : vector<32xf64>
      scf.yield %s31 : vector<32xf64>
    } else {
      %v0 = vector.transfer_read %x[%base], %pad : memref<65000xf32>, vector<32xf32>
      %d0 = arith.extf %v0 : vector<32xf32> to vector<32xf64>
      %s0 = arith.addf %z, %d0 : vector<32xf64>
      %i1 = arith.addi %base, %k1 : index
      %v1 = vector.transfer_read %x[%i1], %pad : memref<65000xf32>, vector<32xf32>
      %d1 = arith.extf %v1 : vector<32xf32> to vector<32xf64>
      %s1 = arith.addf %s0, %d1 : vector<32xf64>
      %i2 = arith.addi %base, %k2 : index
      %v2 = vector.transfer_read %x[%i2], %pad : memref<65000xf32>, vector<32xf32>
      %d2 = arith.extf %v2 : vector<32xf32> to vector<32xf64>
      %s2 = arith.addf %s1, %d2 : vector<32xf64>
      %i3 = arith.addi %base, %k3 : index
      %v3 = vector.transfer_read %x[%i3], %pad : memref<65000xf32>, vector<32xf32>
      %d3 = arith.extf %v3 : vector<32xf32> to vector<32xf64>
      %s3 = arith.addf %s2, %d3 : vector<32xf64>
      %i4 = arith.addi %base, %k4 : index
      %v4 = vector.transfer_read %x[%i4], %pad : memref<65000xf32>, vector<32xf32>
      %d4 = arith.extf %v4 : vector<32xf32> to vector<32xf64>
      %s4 = arith.addf %s3, %d4 : vector<32xf64>
      %i5 = arith.addi %base, %k5 : index
      %v5 = vector.transfer_read %x[%i5], %pad : memref<65000xf32>, vector<32xf32>
      %d5 = arith.extf %v5 : vector<32xf32> to vector<32xf64>
      %s5 = arith.addf %s4, %d5 : vector<32xf64>
      %i6 = arith.addi %base, %k6 : index
      %v6 = vector.transfer_read %x[%i6], %pad : memref<65000xf32>, vector<32xf32>
      %d6 = arith.extf %v6 : vector<32xf32> to vector<32xf64>
      %s6 = arith.addf %s5, %d6 : vector<32xf64>
      %i7 = arith.addi %base, %k7 : index
      %v7 = vector.transfer_read %x[%i7], %pad : memref<65000xf32>, vector<32xf32>
      %d7 = arith.extf %v7 : vector<32xf32> to vector<32xf64>
      %s7 = arith.addf %s6, %d7 : vector<32xf64>
      %i8 = arith.addi %base, %k8 : index
      %v8 = vector.transfer_read %x[%i8], %pad : memref<65000xf32>, vector<32xf32>
      %d8 = arith.extf %v8 : vector<32xf32> to vector<32xf64>
      %s8 = arith.addf %s7, %d8 : vector<32xf64>
      %i9 = arith.addi %base, %k9 : index
      %v9 = vector.transfer_read %x[%i9], %pad : memref<65000xf32>, vector<32xf32>
      %d9 = arith.extf %v9 : vector<32xf32> to vector<32xf64>
      %s9 = arith.addf %s8, %d9 : vector<32xf64>
      %i10 = arith.addi %base, %k10 : index
      %v10 = vector.transfer_read %x[%i10], %pad : memref<65000xf32>, vector<32xf32>
      %d10 = arith.extf %v10 : vector<32xf32> to vector<32xf64>
      %s10 = arith.addf %s9, %d10 : vector<32xf64>
      %i11 = arith.addi %base, %k11 : index
      %v11 = vector.transfer_read %x[%i11], %pad : memref<65000xf32>, vector<32xf32>
      %d11 = arith.extf %v11 : vector<32xf32> to vector<32xf64>
      %s11 = arith.addf %s10, %d11 : vector<32xf64>
      %i12 = arith.addi %base, %k12 : index
      %v12 = vector.transfer_read %x[%i12], %pad : memref<65000xf32>, vector<32xf32>
      %d12 = arith.extf %v12 : vector<32xf32> to vector<32xf64>
      %s12 = arith.addf %s11, %d12 : vector<32xf64>
      %i13 = arith.addi %base, %k13 : index
      %v13 = vector.transfer_read %x[%i13], %pad : memref<65000xf32>, vector<32xf32>
      %d13 = arith.extf %v13 : vector<32xf32> to vector<32xf64>
      %s13 = arith.addf %s12, %d13 : vector<32xf64>
      %i14 = arith.addi %base, %k14 : index
      %v14 = vector.transfer_read %x[%i14], %pad : memref<65000xf32>, vector<32xf32>
      %d14 = arith.extf %v14 : vector<32xf32> to vector<32xf64>
      %s14 = arith.addf %s13, %d14 : vector<32xf64>
      %i15 = arith.addi %base, %k15 : index
      %v15 = vector.transfer_read %x[%i15], %pad : memref<65000xf32>, vector<32xf32>
      %d15 = arith.extf %v15 : vector<32xf32> to vector<32xf64>
      %s15 = arith.addf %s14, %d15 : vector<32xf64>
      %i16 = arith.addi %base, %k16 : index
      %v16 = vector.transfer_read %x[%i16], %pad : memref<65000xf32>, vector<32xf32>
      %d16 = arith.extf %v16 : vector<32xf32> to vector<32xf64>
      %s16 = arith.addf %s15, %d16 : vector<32xf64>
      %i17 = arith.addi %base, %k17 : index
      %v17 = vector.transfer_read %x[%i17], %pad : memref<65000xf32>, vector<32xf32>
      %d17 = arith.extf %v17 : vector<32xf32> to vector<32xf64>
      %s17 = arith.addf %s16, %d17 : vector<32xf64>
      %i18 = arith.addi %base, %k18 : index
      %v18 = vector.transfer_read %x[%i18], %pad : memref<65000xf32>, vector<32xf32>
      %d18 = arith.extf %v18 : vector<32xf32> to vector<32xf64>
      %s18 = arith.addf %s17, %d18 : vector<32xf64>
      %i19 = arith.addi %base, %k19 : index
      %v19 = vector.transfer_read %x[%i19], %pad : memref<65000xf32>, vector<32xf32>
      %d19 = arith.extf %v19 : vector<32xf32> to vector<32xf64>
      %s19 = arith.addf %s18, %d19 : vector<32xf64>
      %i20 = arith.addi %base, %k20 : index
      %v20 = vector.transfer_read %x[%i20], %pad : memref<65000xf32>, vector<32xf32>
      %d20 = arith.extf %v20 : vector<32xf32> to vector<32xf64>
      %s20 = arith.addf %s19, %d20 : vector<32xf64>
      %i21 = arith.addi %base, %k21 : index
      %v21 = vector.transfer_read %x[%i21], %pad : memref<65000xf32>, vector<32xf32>
      %d21 = arith.extf %v21 : vector<32xf32> to vector<32xf64>
      %s21 = arith.addf %s20, %d21 : vector<32xf64>
      %i22 = arith.addi %base, %k22 : index
      %v22 = vector.transfer_read %x[%i22], %pad : memref<65000xf32>, vector<32xf32>
      %d22 = arith.extf %v22 : vector<32xf32> to vector<32xf64>
      %s22 = arith.addf %s21, %d22 : vector<32xf64>
      %i23 = arith.addi %base, %k23 : index
      %v23 = vector.transfer_read %x[%i23], %pad : memref<65000xf32>, vector<32xf32>
      %d23 = arith.extf %v23 : vector<32xf32> to vector<32xf64>
      %s23 = arith.addf %s22, %d23 : vector<32xf64>
      %i24 = arith.addi %base, %k24 : index
      %v24 = vector.transfer_read %x[%i24], %pad : memref<65000xf32>, vector<32xf32>
      %d24 = arith.extf %v24 : vector<32xf32> to vector<32xf64>
      %s24 = arith.addf %s23, %d24 : vector<32xf64>
      %i25 = arith.addi %base, %k25 : index
      %v25 = vector.transfer_read %x[%i25], %pad : memref<65000xf32>, vector<32xf32>
      %d25 = arith.extf %v25 : vector<32xf32> to vector<32xf64>
      %s25 = arith.addf %s24, %d25 : vector<32xf64>
      %i26 = arith.addi %base, %k26 : index
      %v26 = vector.transfer_read %x[%i26], %pad : memref<65000xf32>, vector<32xf32>
      %d26 = arith.extf %v26 : vector<32xf32> to vector<32xf64>
      %s26 = arith.addf %s25, %d26 : vector<32xf64>
      %i27 = arith.addi %base, %k27 : index
      %v27 = vector.transfer_read %x[%i27], %pad : memref<65000xf32>, vector<32xf32>
      %d27 = arith.extf %v27 : vector<32xf32> to vector<32xf64>
      %s27 = arith.addf %s26, %d27 : vector<32xf64>
      %i28 = arith.addi %base, %k28 : index
      %v28 = vector.transfer_read %x[%i28], %pad : memref<65000xf32>, vector<32xf32>
      %d28 = arith.extf %v28 : vector<32xf32> to vector<32xf64>
      %s28 = arith.addf %s27, %d28 : vector<32xf64>
      %i29 = arith.addi %base, %k29 : index
      %v29 = vector.transfer_read %x[%i29], %pad : memref<65000xf32>, vector<32xf32>
      %d29 = arith.extf %v29 : vector<32xf32> to vector<32xf64>
      %s29 = arith.addf %s28, %d29 : vector<32xf64>
      %i30 = arith.addi %base, %k30 : index
      %v30 = vector.transfer_read %x[%i30], %pad : memref<65000xf32>, vector<32xf32>
      %d30 = arith.extf %v30 : vector<32xf32> to vector<32xf64>
      %s30 = arith.addf %s29, %d30 : vector<32xf64>
      %i31 = arith.addi %base, %k31 : index
      %v31 = vector.transfer_read %x[%i31], %pad : memref<65000xf32>, vector<32xf32>
      %d31 = arith.extf %v31 : vector<32xf32> to vector<32xf64>
      %s31 = arith.addf %s30, %d31 : vector<32xf64>
      scf.yield %s31 : vector<32xf64>
    }
    %q = vector.reduction <add>, %acc, %zero : vector<32xf64> into f64
    memref.store %q, %out[%c] : memref<64xf64>
    scf.reduce
  }
  return
}

// -----

// 32 loads per iteration: one iteration per thread (64 chunks x 8 lanes =
// 512 threads, 4 blocks of 128; 8 per thread would make one block). With 8
// lanes, lane j of the iteration is warp lane laneid - lane + j.
// CHECK-LABEL: func.func @loads
// CHECK: gpu.launch blocks({{.*}}) in (%{{.*}} = %c4, {{.*}} threads({{.*}}) in (%{{.*}} = %c128,
// CHECK: %[[LANE:.*]] = arith.remui %{{.*}}, %c8 : index
// CHECK-COUNT-32: memref.load
// CHECK-NOT: memref.load
// CHECK: %[[ID:.*]] = gpu.lane_id
// CHECK: %[[D:.*]] = arith.subi %[[ID]], %[[LANE]] : index
// CHECK: %[[F:.*]] = arith.index_cast %[[D]] : index to i32
// CHECK: gpu.shuffle  idx %{{.*}}, %[[F]], %c32_i32 : f32
// CHECK: %[[F1:.*]] = arith.addi %[[F]], %c1_i32 : i32
// CHECK: gpu.shuffle  idx %{{.*}}, %[[F1]], %c32_i32 : f32
// CHECK-COUNT-6: gpu.shuffle  idx
// CHECK-NOT: gpu.shuffle
func.func @loads(%x: memref<16384xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant 0.0 : f32
  %z = arith.constant dense<0.0> : vector<8xf32>
  scf.parallel (%c) = (%c0) to (%c64) step (%c1) {
    %base = arith.muli %c, %c256 : index
    %v0 = vector.transfer_read %x[%base], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s0 = arith.addf %z, %v0 : vector<8xf32>
    %k1 = arith.constant 8 : index
    %i1 = arith.addi %base, %k1 : index
    %v1 = vector.transfer_read %x[%i1], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s1 = arith.addf %s0, %v1 : vector<8xf32>
    %k2 = arith.constant 16 : index
    %i2 = arith.addi %base, %k2 : index
    %v2 = vector.transfer_read %x[%i2], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s2 = arith.addf %s1, %v2 : vector<8xf32>
    %k3 = arith.constant 24 : index
    %i3 = arith.addi %base, %k3 : index
    %v3 = vector.transfer_read %x[%i3], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s3 = arith.addf %s2, %v3 : vector<8xf32>
    %k4 = arith.constant 32 : index
    %i4 = arith.addi %base, %k4 : index
    %v4 = vector.transfer_read %x[%i4], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s4 = arith.addf %s3, %v4 : vector<8xf32>
    %k5 = arith.constant 40 : index
    %i5 = arith.addi %base, %k5 : index
    %v5 = vector.transfer_read %x[%i5], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s5 = arith.addf %s4, %v5 : vector<8xf32>
    %k6 = arith.constant 48 : index
    %i6 = arith.addi %base, %k6 : index
    %v6 = vector.transfer_read %x[%i6], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s6 = arith.addf %s5, %v6 : vector<8xf32>
    %k7 = arith.constant 56 : index
    %i7 = arith.addi %base, %k7 : index
    %v7 = vector.transfer_read %x[%i7], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s7 = arith.addf %s6, %v7 : vector<8xf32>
    %k8 = arith.constant 64 : index
    %i8 = arith.addi %base, %k8 : index
    %v8 = vector.transfer_read %x[%i8], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s8 = arith.addf %s7, %v8 : vector<8xf32>
    %k9 = arith.constant 72 : index
    %i9 = arith.addi %base, %k9 : index
    %v9 = vector.transfer_read %x[%i9], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s9 = arith.addf %s8, %v9 : vector<8xf32>
    %k10 = arith.constant 80 : index
    %i10 = arith.addi %base, %k10 : index
    %v10 = vector.transfer_read %x[%i10], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s10 = arith.addf %s9, %v10 : vector<8xf32>
    %k11 = arith.constant 88 : index
    %i11 = arith.addi %base, %k11 : index
    %v11 = vector.transfer_read %x[%i11], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s11 = arith.addf %s10, %v11 : vector<8xf32>
    %k12 = arith.constant 96 : index
    %i12 = arith.addi %base, %k12 : index
    %v12 = vector.transfer_read %x[%i12], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s12 = arith.addf %s11, %v12 : vector<8xf32>
    %k13 = arith.constant 104 : index
    %i13 = arith.addi %base, %k13 : index
    %v13 = vector.transfer_read %x[%i13], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s13 = arith.addf %s12, %v13 : vector<8xf32>
    %k14 = arith.constant 112 : index
    %i14 = arith.addi %base, %k14 : index
    %v14 = vector.transfer_read %x[%i14], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s14 = arith.addf %s13, %v14 : vector<8xf32>
    %k15 = arith.constant 120 : index
    %i15 = arith.addi %base, %k15 : index
    %v15 = vector.transfer_read %x[%i15], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s15 = arith.addf %s14, %v15 : vector<8xf32>
    %k16 = arith.constant 128 : index
    %i16 = arith.addi %base, %k16 : index
    %v16 = vector.transfer_read %x[%i16], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s16 = arith.addf %s15, %v16 : vector<8xf32>
    %k17 = arith.constant 136 : index
    %i17 = arith.addi %base, %k17 : index
    %v17 = vector.transfer_read %x[%i17], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s17 = arith.addf %s16, %v17 : vector<8xf32>
    %k18 = arith.constant 144 : index
    %i18 = arith.addi %base, %k18 : index
    %v18 = vector.transfer_read %x[%i18], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s18 = arith.addf %s17, %v18 : vector<8xf32>
    %k19 = arith.constant 152 : index
    %i19 = arith.addi %base, %k19 : index
    %v19 = vector.transfer_read %x[%i19], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s19 = arith.addf %s18, %v19 : vector<8xf32>
    %k20 = arith.constant 160 : index
    %i20 = arith.addi %base, %k20 : index
    %v20 = vector.transfer_read %x[%i20], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s20 = arith.addf %s19, %v20 : vector<8xf32>
    %k21 = arith.constant 168 : index
    %i21 = arith.addi %base, %k21 : index
    %v21 = vector.transfer_read %x[%i21], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s21 = arith.addf %s20, %v21 : vector<8xf32>
    %k22 = arith.constant 176 : index
    %i22 = arith.addi %base, %k22 : index
    %v22 = vector.transfer_read %x[%i22], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s22 = arith.addf %s21, %v22 : vector<8xf32>
    %k23 = arith.constant 184 : index
    %i23 = arith.addi %base, %k23 : index
    %v23 = vector.transfer_read %x[%i23], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s23 = arith.addf %s22, %v23 : vector<8xf32>
    %k24 = arith.constant 192 : index
    %i24 = arith.addi %base, %k24 : index
    %v24 = vector.transfer_read %x[%i24], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s24 = arith.addf %s23, %v24 : vector<8xf32>
    %k25 = arith.constant 200 : index
    %i25 = arith.addi %base, %k25 : index
    %v25 = vector.transfer_read %x[%i25], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s25 = arith.addf %s24, %v25 : vector<8xf32>
    %k26 = arith.constant 208 : index
    %i26 = arith.addi %base, %k26 : index
    %v26 = vector.transfer_read %x[%i26], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s26 = arith.addf %s25, %v26 : vector<8xf32>
    %k27 = arith.constant 216 : index
    %i27 = arith.addi %base, %k27 : index
    %v27 = vector.transfer_read %x[%i27], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s27 = arith.addf %s26, %v27 : vector<8xf32>
    %k28 = arith.constant 224 : index
    %i28 = arith.addi %base, %k28 : index
    %v28 = vector.transfer_read %x[%i28], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s28 = arith.addf %s27, %v28 : vector<8xf32>
    %k29 = arith.constant 232 : index
    %i29 = arith.addi %base, %k29 : index
    %v29 = vector.transfer_read %x[%i29], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s29 = arith.addf %s28, %v29 : vector<8xf32>
    %k30 = arith.constant 240 : index
    %i30 = arith.addi %base, %k30 : index
    %v30 = vector.transfer_read %x[%i30], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s30 = arith.addf %s29, %v30 : vector<8xf32>
    %k31 = arith.constant 248 : index
    %i31 = arith.addi %base, %k31 : index
    %v31 = vector.transfer_read %x[%i31], %pad {in_bounds = [true]} : memref<16384xf32>, vector<8xf32>
    %s31 = arith.addf %s30, %v31 : vector<8xf32>
    %q = vector.reduction <add>, %s31, %zero : vector<8xf32> into f32
    memref.store %q, %out[%c] : memref<64xf32>
    scf.reduce
  }
  return
}

// -----

// An f16 sum is not distributed (shuffles move 32-bit words): the iteration
// keeps its vector code, one per thread.
// CHECK-LABEL: func.func @half
// CHECK: gpu.launch
// CHECK-NOT: gpu.shuffle
// CHECK: vector.reduction <add>, %{{.*}}, %{{.*}} : vector<32xf16> into f16
func.func @half(%x: memref<2048xf16>, %out: memref<64xf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f16
  scf.parallel (%c) = (%c0) to (%c64) step (%c1) {
    %base = arith.muli %c, %c32 : index
    %v = vector.transfer_read %x[%base], %pad {in_bounds = [true]} : memref<2048xf16>, vector<32xf16>
    %q = vector.reduction <add>, %v, %pad : vector<32xf16> into f16
    memref.store %q, %out[%c] : memref<64xf16>
    scf.reduce
  }
  return
}
