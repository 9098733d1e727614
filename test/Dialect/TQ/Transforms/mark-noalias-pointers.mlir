// RUN: tq-opt %s --split-input-file --verify-diagnostics --tq-mark-noalias-pointers | FileCheck %s

// CHECK-LABEL: llvm.func @body(%arg0: i64, %arg1: !llvm.ptr, %arg2: !llvm.ptr {llvm.noalias}, %arg3: i64)
// CHECK-NOT:     tq.noalias_pointers
llvm.func @body(%i: i64, %p: !llvm.ptr, %q: !llvm.ptr, %n: i64) attributes {tq.noalias_pointers = array<i64: 2>} {
  llvm.return
}

// -----

// expected-error @below {{tq.noalias_pointers: argument 1 is not a pointer (lowered with another calling convention?)}}
llvm.func @wrong(%p: !llvm.ptr, %n: i64) attributes {tq.noalias_pointers = array<i64: 1>} {
  llvm.return
}

// -----

// Through tq-cpu-pipeline{threads}: the parallel body of an elementwise
// add is an internal function whose output's aligned pointer is noalias
// (after the index, two rank-4 inputs of 11 arguments each and the
// output's allocated pointer: position 24); the inputs are the caller's
// and are not.
// RUN: tq-opt %S/Inputs/add-bias.mlir --tq-cpu-pipeline=threads=true | FileCheck %s --check-prefix=PIPE
// PIPE:     llvm.func internal @add_bias_parallel_body(%arg0: i64, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: i64
// PIPE-NOT:   {llvm.noalias}
// PIPE-SAME:  %arg24: !llvm.ptr {llvm.noalias}
// PIPE-NOT:   {llvm.noalias}
// PIPE-SAME:  ) attributes
