// RUN: tq-opt %s --convert-elementwise-to-linalg --tq-expand-math | FileCheck %s --check-prefix=EXPAND
// RUN: tq-opt %s --tq-cpu-pipeline | FileCheck %s --check-prefix=CPU
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([-3, -1, -0.5, 0, 0.25, 1, 2, 4], np.float32)); np.save('%t/y.npy', np.array([-3, -1, -0.5, 0, 0.25, 1, 2, 4])); np.save('%t/h.npy', np.array([-3, -1, -0.5, 0, 0.25, 1, 2, 4], np.float16)); np.save('%t/g.npy', np.array([-1, -0.5, 0.5, 1], np.float32))"
// RUN: tq-run %s -e ops -i %t/x.npy -i %t/y.npy -i %t/h.npy --quiet | FileCheck %s --check-prefix=OUT

// Elementwise math ops on tensors bufferize (convert-elementwise-to-linalg
// in the pipeline), and every math op that TOSA and networks use lowers:
// erf, erfc, cbrt by upstream's polynomials (f32; f16/bf16 through f32),
// asinh, acosh, atanh by upstream's expansions, f64 erf by a libm call.

// EXPAND-LABEL: func.func @ops
// EXPAND-NOT: math.erf {{.*}}: f32
// EXPAND-NOT: math.asinh
// EXPAND-NOT: math.cbrt
// EXPAND: math.erf %{{.*}} : f64
// EXPAND-NOT: math.erf
// EXPAND-NOT: math.erfc

// Close to libm's (Python's math.erf: -0.99997791, -0.84270079, ...); the
// f64 erf is libm's own.
// OUT:      output 0: (8,) <f4
// OUT-NEXT: -0.999977887 -0.842700779 -0.520499825 0 0.276326358 0.842700779 0.995322227 1
// OUT-NEXT: output 1: (8,) <f8
// OUT-NEXT: -0.99997790950300136 -0.84270079294971489 -0.52049987781304652 0 0.2763263901682369 0.84270079294971489 0.99532226501895271 0.99999998458274209
// OUT-NEXT: output 2: (8,) <f4
// OUT-NEXT: -1.22058177 -0.958782375 -0.783632278 0 0.627825737 0.958782375 1.13019276 1.2795043
// OUT-NEXT: output 3: (8,) <f2
// OUT-NEXT: 2 1.8428 1.5205 1 0.72363 0.15735 0.0046768 0

// CPU-LABEL: llvm.func @ops
// CPU: llvm.call @erf({{.*}}) : (f64) -> f64
// CPU-NOT: math.
func.func @ops(%x: tensor<8xf32>, %y: tensor<8xf64>, %h: tensor<8xf16>)
    -> (tensor<8xf32>, tensor<8xf64>, tensor<8xf32>, tensor<8xf16>) {
  %0 = math.erf %x : tensor<8xf32>
  %1 = math.erf %y : tensor<8xf64>
  %2 = math.asinh %x : tensor<8xf32>
  %3 = math.cbrt %2 : tensor<8xf32>
  %4 = math.erfc %h : tensor<8xf16>
  return %0, %1, %3, %4 : tensor<8xf32>, tensor<8xf64>, tensor<8xf32>, tensor<8xf16>
}

// A GELU as BERT's TOSA spells it: x * (1 + erf(x / sqrt 2)) / 2.
// RUN: tq-run %s -e gelu -i %t/g.npy --quiet | FileCheck %s --check-prefix=GELU
// GELU: output 0: (4,) <f4
// GELU-NEXT: -0.158655286 -0.154268771 0.345731229 0.841344714
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %shift0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = arith.constant dense<0.707106769> : tensor<4xf32>
  %h = arith.constant dense<0.5> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %s = tosa.mul %x, %c, %shift0 : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  %e = math.erf %s : tensor<4xf32>
  %p = tosa.add %e, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %m = tosa.mul %x, %p, %shift0 : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  %r = tosa.mul %m, %h, %shift0 : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

