// tq ops in Debian's stock mlir-opt with the dialect plugin: they parse,
// print (custom and generic form), verify, and fold with canonicalize. A
// plugin that fails to load is ignored (exit code 0): the IR is checked.
// UNSUPPORTED: sanitizers

// RUN: mlir-opt %s --load-dialect-plugin=%tq_plugin | mlir-opt --load-dialect-plugin=%tq_plugin | FileCheck %s --check-prefix=PRINT
// RUN: mlir-opt %s --load-dialect-plugin=%tq_plugin --mlir-print-op-generic | mlir-opt --load-dialect-plugin=%tq_plugin | FileCheck %s --check-prefix=PRINT
// RUN: mlir-opt %s --load-dialect-plugin=%tq_plugin --canonicalize | FileCheck %s --check-prefix=FOLD

// Quantizer strings become attributes; the seed and the attributes print.
// PRINT-LABEL: func.func @quantize
// PRINT-NEXT:  %[[C:.*]] = arith.constant dense<[1.000000e-01, -2.600000e-01, 1.000000e+00, 9.000000e+00]> : tensor<4xf32>
// PRINT-NEXT:  %[[A:.*]] = tq.quantize %[[C]] : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
// PRINT-NEXT:  %[[B:.*]] = tq.quantize %[[C]] : tensor<4xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// PRINT-NEXT:  %[[S:.*]] = tq.quantize %arg0 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed(7)
// PRINT-NEXT:  return %[[A]], %[[B]], %[[S]]

// Quantizers of constants fold (nearest,8,4: steps of 1/16, saturating at
// 127/16; fp8 E4M3: 3 mantissa bits, 0.1 -> 1.625 * 2^-4); the one on the
// argument stays.
// FOLD-LABEL: func.func @quantize
// FOLD-DAG:   %[[A:.*]] = arith.constant dense<[1.250000e-01, -2.500000e-01, 1.000000e+00, 7.937500e+00]> : tensor<4xf32>
// FOLD-DAG:   %[[B:.*]] = arith.constant dense<[0.1015625, -2.500000e-01, 1.000000e+00, 9.000000e+00]> : tensor<4xf32>
// FOLD-DAG:   %[[S:.*]] = tq.quantize %arg0 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = stochastic> seed(7)
// FOLD:       return %[[A]], %[[B]], %[[S]]
func.func @quantize(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = arith.constant dense<[0.1, -0.26, 1.0, 9.0]> : tensor<4xf32>
  %a = tq.quantize %c : tensor<4xf32> with "nearest,8,4"
  %b = tq.quantize %c : tensor<4xf32> with "fp8_e4m3"
  %s = tq.quantize %x : tensor<4xf32> with "stochastic,8,4" seed(7)
  return %a, %b, %s : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
