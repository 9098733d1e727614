// Bad options and a wrong nesting are errors of the textual pipeline, not
// crashes; a bad map is an error of tq-insert. Nothing is printed.

// RUN: not tq-opt %s --tq-quantize-pipeline='activations=fp16 colour=blue' 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: error: tq-quantize-pipeline: invalid options 'activations=fp16 colour=blue': no such option colour
// OPTION-NOT: func.func @f

// RUN: not tq-opt %s --tq-quantize-pipeline='activations=fp16 name-ops=maybe' 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: for the --name-ops option: 'maybe' is invalid value for boolean argument! Try 0 or 1
// VALUE: error: tq-quantize-pipeline: invalid options 'activations=fp16 name-ops=maybe': an option value does not parse (the option parser printed why to standard error)

// RUN: not tq-opt %s --pass-pipeline='builtin.module(func.func(tq-quantize-pipeline{activations=fp16}))' 2>&1 | FileCheck %s --check-prefix=NESTED
// NESTED: error: tq-quantize-pipeline runs on builtin.module, not in a pass manager on 'func.func'
// NESTED-NEXT: failed to add `tq-quantize-pipeline` with options `activations=fp16`
// NESTED-NOT: func.func @f

// RUN: not tq-opt %s --tq-quantize-pipeline='activations=nearest,99,4' 2>&1 | FileCheck %s --check-prefix=QUANTIZER
// QUANTIZER: <tq-insert activations option>:1:1: error: invalid quantizer "nearest,99,4" for "" in the activations map: fixed point needs 1 to 53 total bits, got 99
// QUANTIZER-NOT: func.func @f

// RUN: not tq-opt %s --tq-quantize-pipeline='name-ops=true' 2>&1 | FileCheck %s --check-prefix=NOMAP
// NOMAP: error: tq-insert: no map given (use activations=, weights=, intrinsic= or a *-file option)

// RUN: not tq-opt %s --tq-quantize-pipeline='map-file=%t.missing.json' 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: error: tq-insert: cannot read map file '{{.*}}missing.json': No such file or directory

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.addf %x, %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
