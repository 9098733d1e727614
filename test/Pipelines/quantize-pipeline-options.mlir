// Every option of tq-quantize-pipeline reaches the pass it belongs to: the
// pipeline gives exactly what tq-name-ops + tq-insert + canonicalize give
// with the same options (IR, names, seeds, reports).

// Map file, seed, text and JSON reports.
// RUN: tq-opt %tq_src_root/test/Corpus/Inputs/tosa/lenet.mlir --mlir-print-debuginfo --tq-quantize-pipeline='map-file=%tq_src_root/examples/maps/lenet.json seed=7 report=%t.pipe.txt report-json=%t.pipe.json' -o %t.pipe.mlir
// RUN: tq-opt %tq_src_root/test/Corpus/Inputs/tosa/lenet.mlir --mlir-print-debuginfo --tq-name-ops --tq-insert='map-file=%tq_src_root/examples/maps/lenet.json seed=7 report=%t.pass.txt report-json=%t.pass.json' --canonicalize -o %t.pass.mlir
// RUN: diff %t.pipe.mlir %t.pass.mlir
// RUN: diff %t.pipe.txt %t.pass.txt
// RUN: diff %t.pipe.json %t.pass.json
// RUN: FileCheck %s --check-prefix=REPORT < %t.pipe.txt

// REPORT:      tq-insert report
// REPORT-NEXT: quantized (17):
// REPORT-NEXT:   conv2d                   tosa.conv2d                  activations  fixed,8,4,nearest_away   1 result(s)
// REPORT-NEXT:   conv2d                   tosa.conv2d                  weights      fixed,8,7,nearest_away   2 quantized at run time
// REPORT:        matmul_1                 tosa.matmul                  intrinsic    fp16 | fixed,32,16       recorded
// REPORT:      skipped (0):
// REPORT-NEXT: map entries (7):

// Per-role maps and files, a matching mode, a name attribute, a stochastic
// quantizer (its seed derives from `seed`).
// RUN: tq-opt %s --tq-quantize-pipeline='activations={"fc*": "stochastic,8,4"} weights-file=%S/Inputs/weights.json intrinsic={"fc*": ["fp16", "fixed,32,16"]} match=glob name-attr=layer seed=42' -o %t.pipe2.mlir
// RUN: tq-opt %s --tq-name-ops='name-attr=layer' --tq-insert='activations={"fc*": "stochastic,8,4"} weights-file=%S/Inputs/weights.json intrinsic={"fc*": ["fp16", "fixed,32,16"]} match=glob name-attr=layer seed=42' --canonicalize -o %t.pass2.mlir
// RUN: diff %t.pipe2.mlir %t.pass2.mlir
// RUN: FileCheck %s < %t.pipe2.mlir

// The op named by its `layer` attribute matches; weights come from the file
// (fc1: nearest,8,6, steps of 1/64: 0.3 -> 19/64), the stochastic quantizer
// has a seed.
// CHECK-LABEL: func.func @fc
// CHECK:       %[[W:.*]] = arith.constant dense<2.968750e-01> : tensor<1x8x3xf32>
// CHECK:       %[[M:.*]] = tosa.matmul %arg0, %[[W]], {{.*}} {layer = "fc1", tq.intrinsic = #tq.mac<product = #tq.float<exp = 5, man = 10>, accumulator = #tq.fixed<bits = 32, frac = 16>>, tq.quantized = {activations = #tq.fixed<bits = 8, frac = 4, rounding = stochastic>, intrinsic = #tq.float<exp = 5, man = 10>, weights = #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>}}
// CHECK-NEXT:  %[[Q:.*]] = tq.quantize %[[M]] : tensor<1x2x3xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed({{-?[0-9]+}})
// CHECK-NEXT:  return %[[Q]]
func.func @fc(%a: tensor<1x2x8xf32>) -> tensor<1x2x3xf32> {
  %b = "tosa.const"() <{values = dense<0.3> : tensor<1x8x3xf32>}> : () -> tensor<1x8x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp {layer = "fc1"} : (tensor<1x2x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  return %0 : tensor<1x2x3xf32>
}
