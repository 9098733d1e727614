// The CPU pipeline through Debian's stock mlir-opt with TQPlugin.so:
// insertion and lowering to the LLVM dialect in one tq-quantize-pipeline
// (lower=cpu), then mlir-runner. The result must equal tq-opt's, and the
// quantized value must be exact: 1.03125 in nearest,8,4 (ties away) is
// 1.0625, printed as its f32 bits 0x3F880000 = 1065877504, and -0.96875 is
// -1.0 (0xBF800000).
// UNSUPPORTED: sanitizers

// RUN: mlir-opt %s --load-pass-plugin=%tq_plugin --load-dialect-plugin=%tq_plugin --pass-pipeline='builtin.module(tq-quantize-pipeline{activations={"scale": "nearest,8,4"} lower=cpu})' -o %t.plugin.mlir
// RUN: tq-opt %s --tq-quantize-pipeline='activations={"scale": "nearest,8,4"} lower=cpu' -o %t.tq-opt.mlir
// RUN: diff %t.plugin.mlir %t.tq-opt.mlir
// RUN: FileCheck %s --check-prefix=LLVM < %t.plugin.mlir
// RUN: %mlir_runner %t.plugin.mlir | FileCheck %s

// LLVM-NOT: tq.
// LLVM: llvm.func @main()

// CHECK: 1065877504
// CHECK-NEXT: -1082130432

func.func private @scale(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %x, %c, %s : (tensor<2xf32>, tensor<2xf32>, tensor<1xi8>) -> tensor<2xf32> loc("scale")
  return %0 : tensor<2xf32>
}
func.func @main() {
  %x = arith.constant dense<[1.03125, -0.96875]> : tensor<2xf32>
  %r = call @scale(%x) : (tensor<2xf32>) -> tensor<2xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tensor.extract %r[%c0] : tensor<2xf32>
  %b = tensor.extract %r[%c1] : tensor<2xf32>
  %ai = arith.bitcast %a : f32 to i32
  %bi = arith.bitcast %b : f32 to i32
  vector.print %ai : i32
  vector.print %bi : i32
  return
}
