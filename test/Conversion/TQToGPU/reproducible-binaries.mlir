// RUN: tq-opt %s --tq-gpu-reproducible-binaries | FileCheck %s

// The compile times gpu-module-to-binary records go; other properties, the
// object, its target and format stay; an object without properties too.
// CHECK-LABEL: gpu.binary @k [
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_90">, properties = {O = 3 : i32}, assembly = "ptx a">
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_80">, bin = "cubin b">
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_75">, "c">]
// CHECK-NOT: TimeInMs
gpu.binary @k [
  #gpu.object<#nvvm.target<chip = "sm_90">, properties = {LLVMIRToISATimeInMs = 7 : i64, O = 3 : i32}, assembly = "ptx a">,
  #gpu.object<#nvvm.target<chip = "sm_80">, properties = {ISAToBinaryTimeInMs = 12 : i64, LLVMIRToISATimeInMs = 3 : i64}, bin = "cubin b">,
  #gpu.object<#nvvm.target<chip = "sm_75">, "c">
]
