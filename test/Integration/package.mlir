// The installed CMake package works for an outside project: install the
// build tree, configure test/Integration/consumer against it with
// find_package(TQ), build its *-opt (upstream dialects + tq through the
// hooks of tq/InitAll.h), its C program (tq's C API) and its runner program
// (TQ::TQRunner, tq/Runner/Runner.h), and run them. The installed tq-opt,
// tq-run, tq-sweep and TQPlugin.so work from the install tree too.
// Instrumented libraries would need the sanitizer flags in the consumer.
// UNSUPPORTED: sanitizers

// RUN: rm -rf %t && mkdir -p %t
// RUN: %cmake --install %tq_obj_root --prefix %t/install > %t/install.log
// RUN: %cmake %cmake_generator_args -S %tq_src_root/test/Integration/consumer -B %t/build -DCMAKE_PREFIX_PATH=%t/install | FileCheck %s --check-prefix=CONFIGURE
// RUN: %cmake --build %t/build --parallel 1 > %t/build.log
// CONFIGURE: consumer: TQ 0.1.0, plugin {{.*}}/install/lib/TQPlugin.so

// A pass, registered through the hooks:
// RUN: %t/build/consumer-opt %s --tq-name-ops --tq-insert='activations=fp8_e4m3' | FileCheck %s --check-prefix=PASS
// The consumer's own pipeline, which appends tq's with
// tq::buildTQQuantizePipeline:
// RUN: %t/build/consumer-opt %s --consumer-pipeline | FileCheck %s --check-prefix=HOOK
// The same through the installed tq-opt and the installed plugin:
// RUN: %t/install/bin/tq-opt %s --tq-quantize-pipeline='activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"}' | FileCheck %s --check-prefix=HOOK
// RUN: mlir-opt %s --load-pass-plugin=%t/install/lib/TQPlugin.so --pass-pipeline='builtin.module(tq-quantize-pipeline{activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"}})' | FileCheck %s --check-prefix=HOOK
// The C API:
// RUN: %t/build/consumer-capi | FileCheck %s --check-prefix=CAPI

// The runner library, and the installed tq-run, on this module with random
// inputs (seed 0): the same quantized outputs. tq-sweep checks a sweep plan.
// RUN: %t/build/consumer-run %s 'activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"}' | FileCheck %s --check-prefix=LIBRARY
// RUN: %t/install/bin/tq-run %s --random-inputs --quiet --quantize='activations={"conv2d": "fp8_e4m3"} weights={"conv2d": "nearest,8,6"}' | FileCheck %s --check-prefix=INSTALLED
// RUN: %t/install/bin/tq-sweep %tq_src_root/examples/digits/model.mlir -i %tq_src_root/examples/digits/test_x.npy --labels %tq_src_root/examples/digits/test_y.npy --configs %tq_src_root/examples/sweeps/small.json --list 2>&1 | FileCheck %s --check-prefix=SWEEP
// RUN: ls %t/install/include/tq/Runner | FileCheck %s --check-prefix=HEADERS

// PASS-LABEL: func.func @net
// PASS:       %[[C:.*]] = tosa.conv2d {{.*}} tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>}
// PASS-NEXT:  %[[CQ:.*]] = tq.quantize %[[C]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// PASS-NEXT:  %[[R:.*]] = tosa.clamp %[[CQ]] {{.*}} tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>}
// PASS-NEXT:  %[[RQ:.*]] = tq.quantize %[[R]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// PASS-NEXT:  return %[[RQ]]

// CSE merged the two zero points; the conv's weights are folded in
// nearest,8,6 (steps of 1/64), its result quantized to fp8.
// HOOK-LABEL: func.func @net
// HOOK-DAG:   %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// HOOK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.250000e-01], [-5.000000e-01], [0.000000e+00]]]]> : tensor<1x1x3x1xf32>
// HOOK-DAG:   %[[B:.*]] = arith.constant dense<1.562500e-02> : tensor<1xf32>
// HOOK:       %[[C:.*]] = tosa.conv2d %arg0, %[[W]], %[[B]], %[[ZP]], %[[ZP]] {{.*}} tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// HOOK-NEXT:  %[[CQ:.*]] = tq.quantize %[[C]] : tensor<1x4x2x1xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// HOOK-NEXT:  %[[R:.*]] = tosa.clamp %[[CQ]]
// HOOK-NEXT:  return %[[R]]

// LIBRARY:      @net: (1, 4, 2, 1) <f4
// LIBRARY-NEXT: 0.000000e+00 6.250000e-01 4.687500e-01 0.000000e+00 0.000000e+00 1.875000e-01 2.812500e-01 2.187500e-01
// INSTALLED:      output 0: (1, 4, 2, 1) <f4
// INSTALLED-NEXT: 0
// INSTALLED-NEXT: 0.625
// INSTALLED-NEXT: 0.46875
// INSTALLED-NEXT: 0
// INSTALLED-NEXT: 0
// INSTALLED-NEXT: 0.1875
// INSTALLED-NEXT: 0.28125
// INSTALLED-NEXT: 0.21875
// SWEEP: 11 configurations
// HEADERS: Npy.h
// HEADERS: Runner.h
// HEADERS: SweepFile.h

// CAPI:      nearest,8,4: #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
// CAPI-NEXT: mxfp4: #tq.mx<element = fp4_e2m1>
// CAPI-NEXT: nearest,8: expected fractional bits (column 9)
func.func @net(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x2x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.1234], [-0.5012], [0.0077]]]]> : tensor<1x1x3x1xf32>}> : () -> tensor<1x1x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0123456> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp2 {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x1x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2x1xf32>
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x2x1xf32>) -> tensor<1x4x2x1xf32>
  return %1 : tensor<1x4x2x1xf32>
}
