// RUN: tq-opt %s --tq-differentiate=functions=f,q | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([0.3, -0.7, 1.1, 0.05], np.float32))"
// RUN: tq-opt %s --tq-differentiate=functions=q | tq-run - -e q_grad -i %t/x.npy --quiet | FileCheck %s --check-prefix=STE
// RUN: %python -c "import numpy as np; np.save('%t/big.npy', np.array([0.3, -40, 35, 31.8], np.float32))"
// RUN: tq-opt %s --tq-differentiate='functions=q ste=clipped' | tq-run - -e q_grad -i %t/big.npy --quiet | FileCheck %s --check-prefix=CLIPPED
// RUN: tq-opt %s --tq-differentiate='functions=q ste=clipped' | FileCheck %s --check-prefix=CLIPPED-IR
// RUN: not tq-opt %s --tq-differentiate=functions=nosuch 2>&1 | FileCheck %s --check-prefix=NAME
// RUN: not tq-opt %s --tq-differentiate=functions=s 2>&1 | FileCheck %s --check-prefix=RULE

// @f_grad recomputes @f, then adds the gradient of sum(f) with respect to
// each float argument: exp's rule reuses exp's result; mul's rule gives
// each operand g times the other; %w was broadcast along dimension 0, so
// its gradient is summed over it.

// CHECK-LABEL: func.func @f_grad(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>)
// CHECK:         %[[M:.*]] = tosa.mul %arg0, %arg1, %{{.*}} : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[E:.*]] = tosa.exp %[[M]]
// CHECK-NEXT:    %[[SEED:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<2x3xf32>}>
// CHECK:         %[[G:.*]] = tosa.mul %[[SEED]], %[[E]]
// CHECK:         %[[GX:.*]] = tosa.mul %[[G]], %arg1
// CHECK:         %[[GW:.*]] = tosa.mul %[[G]], %arg0
// CHECK-NEXT:    %[[GWS:.*]] = tosa.reduce_sum %[[GW]] {axis = 0 : i32} : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:    return %[[E]], %[[GX]], %[[GWS]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>
func.func @f(%x: tensor<2x3xf32>, %w: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %x, %w, %s : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
  %1 = tosa.exp %0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// tq.quantize is the straight-through estimator: d/dx (Q(x) * x) = x + Q(x)
// (Q's derivative taken as 1). Q = fixed point with 2 fractional bits:
// Q(0.3) = 0.25, Q(-0.7) = -0.75, Q(1.1) = 1, Q(0.05) = 0.
// CHECK-LABEL: func.func @q_grad
// STE:      output 0: (4,) <f4
// STE-NEXT: 0.075000003 0.524999976 1.10000002 0
// STE-NEXT: output 1: (4,) <f4
// STE-NEXT: 0.550000012 -1.45000005 2.0999999 0.0500000007
// The clipped straight-through estimator: the gradient is zero outside the format's range [-32, 31.75]
// (Q's values at -+FLT_MAX): d/dx (Q(x) * x) = x * [x in range] + Q(x).
// CLIPPED:      output 1: (4,) <f4
// CLIPPED-NEXT: 0.550000012 -32 31.75 31.75
// CLIPPED-IR:      %[[Q:.*]] = tq.quantize %arg0 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 2> {tq.ste = "clipped"}
// CLIPPED-IR:      %[[LO:.*]] = "tosa.const"() <{values = dense<-3.200000e+01> : tensor<1xf32>}>
// CLIPPED-IR-NEXT: %[[IN1:.*]] = tosa.greater_equal %arg0, %[[LO]]
// CLIPPED-IR-NEXT: %[[HI:.*]] = "tosa.const"() <{values = dense<3.175000e+01> : tensor<1xf32>}>
// CLIPPED-IR-NEXT: %[[IN2:.*]] = tosa.greater_equal %[[HI]], %arg0
// CLIPPED-IR-NEXT: %[[IN:.*]] = tosa.logical_and %[[IN1]], %[[IN2]]
// CLIPPED-IR:      tosa.select %[[IN]]
func.func @q(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %q = tq.quantize %x : tensor<4xf32> with "fixed,8,2"
  %0 = tosa.mul %q, %x, %s : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// NAME: error: tq-differentiate: no function @nosuch

// An op without a rule on the gradient's path is an error at the op.
// RULE: differentiate.mlir:[[# @LINE + 3]]:8: error: tq-differentiate: no vector-Jacobian rule for 'tosa.sin'
func.func @s(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.exp %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tosa.sin %0 : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
