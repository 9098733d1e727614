// RUN: not tq-opt %s --tq-cpu-pipeline --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s

// An op that no pass of the pipeline lowers is an error that names it at
// its location, once per op name (it used to pass, and the JIT said only
// "could not convert to LLVM IR").

// CHECK: check-lowered.mlir:[[@LINE+1]]:35: error: tq-cpu-pipeline: 'builtin.unrealized_conversion_cast' is not lowered to the LLVM dialect (2 ops); first on 'complex<f32>'
func.func @left(%x: complex<f32>, %y: complex<f32>) -> f32 {
  // CHECK: check-lowered.mlir:[[@LINE+1]]:8: error: tq-cpu-pipeline: 'complex.abs' is not lowered to the LLVM dialect (2 ops); first on 'f32'
  %0 = complex.abs %x : complex<f32>
  %1 = complex.abs %y : complex<f32>
  %2 = arith.addf %0, %1 : f32
  return %2 : f32
}
