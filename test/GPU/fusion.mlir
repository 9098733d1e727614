// RUN: tq-opt %s --tq-gpu-pipeline=format=isa > %t
// RUN: FileCheck %s --check-prefix=HOST < %t
// RUN: %python %S/extract_ptx.py < %t | FileCheck %s --check-prefix=PTX

// Activation quantizers fuse into the kernel that produces their input:
// add -> quantize (fp8) -> clamp -> quantize (fixed, nearest: ties away,
// by truncation) on 1024x256 elements is one kernel of 128 blocks x 256
// threads, 8 elements per thread (index stride 2048 per thread-block step
// of 256 threads x 8 elements): one load of each input per element, all 16
// issued before the first store, then 8 stores.

// HOST-COUNT-1: gpu.launch_func @f_kernel::@f_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}})
// HOST-NOT: gpu.launch_func
// HOST-COUNT-1: gpu.binary @f_kernel
// HOST-NOT: gpu.binary

// PTX-LABEL: // gpu.binary @f_kernel
// PTX: mul.wide.u32 {{.*}}, 2048;
// PTX-COUNT-16: ld.global.b32
// PTX-NOT: {{ld|st}}.global
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX: add.rn.f32
// PTX: abs.f32
// PTX: cvt.rzi.f32.f32
// PTX: st.global.b32
// PTX-NOT: {{ld|st}}.global
func.func @f(%a: tensor<1024x256xf32>, %b: tensor<1024x256xf32>) -> tensor<1024x256xf32> {
  %0 = tosa.add %a, %b : (tensor<1024x256xf32>, tensor<1024x256xf32>) -> tensor<1024x256xf32>
  %1 = tq.quantize %0 : tensor<1024x256xf32> with "fp8_e4m3"
  %2 = tosa.clamp %1 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1024x256xf32>) -> tensor<1024x256xf32>
  %3 = tq.quantize %2 : tensor<1024x256xf32> with "nearest,8,4"
  return %3 : tensor<1024x256xf32>
}
