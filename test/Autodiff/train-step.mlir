// RUN: tq-opt %s --tq-differentiate='loss=softmax-cross-entropy constants=true optimizer=sgd momentum=0.9 weight-decay=0.01 gradients={"fc":"fixed,8,4"} weight-gradients={"fc.weight":"stochastic,8,6"} updates=fixed,16,12 optimizer-state=bf16' | FileCheck %s
// RUN: tq-opt %s --tq-differentiate='loss=softmax-cross-entropy constants=true optimizer=adam beta1=0.8 eps=1e-6' | FileCheck %s --check-prefix=ADAM
// RUN: tq-opt %s --tq-differentiate='loss=mse constants=true optimizer=sgd updates={"nosuch":"fixed,8,4"}' -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNUSED
// RUN: tq-opt %s --tq-differentiate='loss=mse constants=true optimizer-state=bf16' -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOOPT
// RUN: not tq-opt %s --tq-differentiate='constants=true optimizer=sgd' 2>&1 | FileCheck %s --check-prefix=NOLOSS
// RUN: not tq-opt %s --tq-differentiate='loss=mse constants=true optimizer=rmsprop' 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not tq-opt %s --tq-differentiate='ste=soft' 2>&1 | FileCheck %s --check-prefix=STE
// RUN: not tq-opt %s --tq-differentiate='loss=mse constants=true optimizer=sgd weight-gradients=fixed,8,160' 2>&1 | FileCheck %s --check-prefix=BADQ

// Stochastic quantizers draw a new stretch of their stream each step: the
// same step gives the same bits, the next step others.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[0.3, -0.7, 1.1], [0.9, 0.2, -0.4]], np.float32)); np.save('%t/y.npy', np.array([2, 0], np.int32)); np.save('%t/w.npy', np.array([[0.5, -1.0, 2.0]], np.float32)); np.save('%t/h.npy', np.array([0.1, 0], np.float32)); [np.save('%t/s%%d.npy' %% s, np.array([s], np.int64)) for s in (1, 2)]"
// RUN: tq-opt %s --tq-differentiate='loss=softmax-cross-entropy constants=true optimizer=sgd weight-gradients=stochastic,4,2' -o %t/sr.mlir
// RUN: tq-run %t/sr.mlir -e net_train_step -i %t/x.npy -i %t/y.npy -i %t/w.npy -i %t/h.npy -i %t/s1.npy --quiet 2>&1 | FileCheck %s --check-prefix=STEP1
// RUN: tq-run %t/sr.mlir -e net_train_step -i %t/x.npy -i %t/y.npy -i %t/w.npy -i %t/h.npy -i %t/s1.npy --quiet 2>&1 | FileCheck %s --check-prefix=STEP1
// RUN: tq-run %t/sr.mlir -e net_train_step -i %t/x.npy -i %t/y.npy -i %t/w.npy -i %t/h.npy -i %t/s2.npy --quiet 2>&1 | FileCheck %s --check-prefix=STEP2

// A tiny classifier: logits = x * w (broadcast), w a named constant.
func.func @net(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = "tosa.const"() <{values = dense<[[0.5, -1.0, 2.0]]> : tensor<1x3xf32>}> : () -> tensor<1x3xf32> loc("fc.weight")
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %x, %w, %s : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<1xi8>) -> tensor<2x3xf32> loc("fc")
  return %0 : tensor<2x3xf32>
}

// The step: examples, labels, parameters, momentum buffers, hyper, step.
// CHECK-LABEL: func.func @net_eval(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK-LABEL: func.func @net_train_step(%arg0: tensor<2x3xf32>, %arg1: tensor<2xi32>, %arg2: tensor<1x3xf32>, %arg3: tensor<1x3xf32>, %arg4: tensor<2xf32>, %arg5: tensor<1xi64>) -> (tensor<1xf32>, tensor<1x3xf32>, tensor<1x3xf32>)
// CHECK:         %[[STEP:.*]] = tensor.extract %arg5
// CHECK-NEXT:    %[[STEPI:.*]] = arith.index_cast %[[STEP]] : i64 to index
// The gradients role, on what flows into "fc" (the product), before its rule:
// CHECK:         %[[GQ:.*]] = tq.quantize %{{.*}} : tensor<2x3xf32> with #tq.fixed<bits = 8, frac = 4>
// CHECK-NEXT:    "tosa.const"
// CHECK-NEXT:    tosa.mul %[[GQ]], %arg2
// The weight gradient, stochastic, its counters offset by step * 3:
// CHECK:         %[[GW:.*]] = tosa.reduce_sum
// CHECK-NEXT:    %[[C3:.*]] = arith.constant 3 : index
// CHECK-NEXT:    %[[OFF:.*]] = arith.muli %[[STEPI]], %[[C3]] : index
// CHECK-NEXT:    %[[GWQ:.*]] = tq.quantize %[[GW]] : tensor<1x3xf32> with #tq.fixed<bits = 8, frac = 6, rounding = stochastic> seed({{-?[0-9]+}}) offset(%[[OFF]])
// CHECK:         %[[LR:.*]] = tensor.extract %arg4[%{{.*}}] : tensor<2xf32>
// Weight decay, d = g + 0.01 p:
// CHECK:         linalg.generic {{.*}} ins(%[[GWQ]], %arg2 : tensor<1x3xf32>, tensor<1x3xf32>)
// CHECK:           arith.constant 0.00999999977 : f32
// Momentum, buf = 0.9 buf + d, stored in bf16 (the optimizer-state role):
// CHECK:         %[[BUF:.*]] = linalg.generic {{.*}} ins(%arg3, %{{.*}} : tensor<1x3xf32>, tensor<1x3xf32>)
// CHECK:           arith.constant 0.899999976 : f32
// CHECK:         %[[BUFQ:.*]] = tq.quantize %[[BUF]] : tensor<1x3xf32> with #tq.float<exp = 8, man = 7>
// p - lr * buf, rounded to fixed,16,12 (the updates role):
// CHECK:         %[[NEW:.*]] = linalg.generic {{.*}} ins(%arg2, %[[BUFQ]] : tensor<1x3xf32>, tensor<1x3xf32>)
// CHECK:           %[[M:.*]] = arith.mulf %[[LR]], %{{.*}} : f32
// CHECK-NEXT:      arith.subf %{{.*}}, %[[M]] : f32
// CHECK:         %[[NEWQ:.*]] = tq.quantize %[[NEW]] : tensor<1x3xf32> with #tq.fixed<bits = 16, frac = 12>
// CHECK-NEXT:    return %{{.*}}, %[[NEWQ]], %[[BUFQ]] : tensor<1xf32>, tensor<1x3xf32>, tensor<1x3xf32>

// Adam: two moments per parameter; p - hyper[0] * m / (sqrt(v) / hyper[1] + eps).
// ADAM-LABEL: func.func @net_train_step(%arg0: tensor<2x3xf32>, %arg1: tensor<2xi32>, %arg2: tensor<1x3xf32>, %arg3: tensor<1x3xf32>, %arg4: tensor<1x3xf32>, %arg5: tensor<2xf32>, %arg6: tensor<1xi64>) -> (tensor<1xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>)
// ADAM:         %[[H0:.*]] = tensor.extract %arg5[%{{.*}}] : tensor<2xf32>
// ADAM:         %[[H1:.*]] = tensor.extract %arg5[%{{.*}}] : tensor<2xf32>
// ADAM:         %[[M:.*]] = linalg.generic {{.*}} ins(%arg3, %[[G:.*]] : tensor<1x3xf32>, tensor<1x3xf32>)
// ADAM:           arith.constant 8.000000e-01 : f32
// ADAM:           arith.constant 2.000000e-01 : f32
// ADAM:         %[[V:.*]] = linalg.generic {{.*}} ins(%arg4, %[[G]] : tensor<1x3xf32>, tensor<1x3xf32>)
// ADAM:           arith.constant 9.990000e-01 : f32
// ADAM:           arith.constant 1.000000e-03 : f32
// ADAM:         linalg.generic {{.*}} ins(%arg2, %[[M]], %[[V]] : tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>)
// ADAM:           %[[S:.*]] = math.sqrt %{{.*}} : f32
// ADAM-NEXT:      %[[D:.*]] = arith.divf %[[S]], %[[H1]] : f32
// ADAM-NEXT:      %[[EPS:.*]] = arith.constant 9.99999997E-7 : f32
// ADAM-NEXT:      %[[DEN:.*]] = arith.addf %[[D]], %[[EPS]] : f32
// ADAM-NEXT:      %[[R:.*]] = arith.divf %{{.*}}, %[[DEN]] : f32
// ADAM-NEXT:      %[[U:.*]] = arith.mulf %[[H0]], %[[R]] : f32
// ADAM-NEXT:      arith.subf %{{.*}}, %[[U]] : f32
// ADAM:         return %{{.*}}, %{{.*}}, %[[M]], %[[V]] : tensor<1xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>

// UNUSED: <tq-differentiate updates option>:1:1: warning: map entry "nosuch": "fixed,8,4" of the updates map matched no parameter{{$}}
// NOOPT: warning: map entry "": "bf16" of the optimizer-state map matched no parameter (this role needs optimizer=sgd or adam)
// NOLOSS: error: tq-differentiate: optimizer=sgd needs a loss (loss=softmax-cross-entropy or mse) and parameters (constants=true, and weights the loss depends on)
// OPT: for the --optimizer option: Cannot find option named 'rmsprop'!
// STE: for the --ste option: Cannot find option named 'soft'!
// BADQ: error: loc("fc.weight"): tq-differentiate: cannot quantize the weight-gradients of 'fc.weight' with fixed,8,160 (entry "" of the weight-gradients map): fixed point step 2^-160 of fixed,8,160 is below the smallest 'f32' subnormal 2^-149

// STEP1-NOT:  warning
// STEP1:      output 0: (1,) <f4
// STEP1-NEXT: {{^[0-9.]+$}}
// STEP1-NEXT: output 1: (1, 3) <f4
// STEP1-NEXT: 0.524999976 -0.975000024 2.0250001
// STEP2:      output 0: (1,) <f4
// STEP2-NEXT: {{^[0-9.]+$}}
// STEP2-NEXT: output 1: (1, 3) <f4
// STEP2-NEXT: 0.5 -1 2.0250001
