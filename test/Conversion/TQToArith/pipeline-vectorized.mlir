// RUN: tq-opt %s --tq-cpu-pipeline | mlir-translate --mlir-to-llvmir | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=haswell -S | FileCheck %s

// The loop that tq-cpu-pipeline produces for a quantizer is plain enough for
// LLVM's loop vectorizer (which mlir-runner -O3 runs for the host): AVX2
// 8-lane code, no calls. E4M3 saturates: the magnitude's pattern is first
// clamped to 448's (0x43E00000). Round to nearest even is the hardware's:
// the constant 1.5 * 2^(q+23) from the encoding's exponent field in three
// operations (and 0x7F800000, max with emin's field 121 << 23, add
// (23 - 3) << 23 | 0x400000), then (|x| + constant) minus the same
// constant, kept unfolded (no fast-math flags).

// CHECK-LABEL: define {{.*}} @q(
// CHECK: vector.body:
// CHECK: load <8 x float>
// CHECK: bitcast <8 x float> %{{.*}} to <8 x i32>
// CHECK: %[[MAG:.*]] = tail call <8 x i32> @llvm.umin.v8i32(<8 x i32> %{{.*}}, <8 x i32> splat (i32 1138753536))
// CHECK: %[[EXP:.*]] = and <8 x i32> %[[MAG]], splat (i32 2139095040)
// CHECK: %[[LO:.*]] = tail call <8 x i32> @llvm.umax.v8i32(<8 x i32> %[[EXP]], <8 x i32> splat (i32 1015021568))
// CHECK: %[[MB:.*]] = add nuw nsw <8 x i32> %[[LO]], splat (i32 171966464)
// CHECK: %[[MAGIC:.*]] = bitcast <8 x i32> %[[MB]] to <8 x float>
// CHECK: %[[ABS:.*]] = bitcast <8 x i32> %[[MAG]] to <8 x float>
// CHECK: %[[SUM:.*]] = fadd <8 x float> %[[ABS]], %[[MAGIC]]
// CHECK: fsub <8 x float> %[[SUM]], %[[MAGIC]]
// CHECK: fcmp {{.*}}<8 x float>
// CHECK: store <8 x float>
// CHECK-NOT: call {{.*}}@{{[a-z_]*}}quantize
func.func @q(%x: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = tq.quantize %x : tensor<1024xf32> with "fp8_e4m3"
  return %0 : tensor<1024xf32>
}
