// RUN: tq-opt %s --tq-insert='activations-file=%S/Inputs/activations.json weights-file=%S/Inputs/weights.json' | FileCheck %s
// RUN: tq-opt %s --tq-insert='map-file=%S/Inputs/combined.json report-json=%t.json report=%t.txt' 2>&1 | FileCheck %s --check-prefix=COMBINED
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: FileCheck %s --check-prefix=TEXT < %t.txt
// RUN: tq-opt %s --tq-insert='map-file=%S/Inputs/flat.json' | FileCheck %s --check-prefix=FLAT

// Maps from TensorQuant's flat JSON files (one per role) and from one
// combined file; the report lists what was quantized and what each entry
// matched.

// CHECK: %[[W:.*]] = tq.quantize %arg1 : tensor<1x8x3xf32> with #tq.fixed<bits = 8, frac = 6, rounding = nearest_away>
// CHECK: tosa.matmul %{{.*}}, %[[W]]
// CHECK-NEXT: tq.quantize {{.*}} with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK: tosa.clamp
// CHECK-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 12, frac = 11, rounding = nearest_away>

// COMBINED: combined.json:2:40: warning: map entry "missing": "fp16" of the activations map matched no op
// COMBINED: tq.quantize %arg1 : tensor<1x8x3xf32> with #tq.float<exp = 8, man = 7>
// COMBINED: tosa.matmul {{.*}} {tq.intrinsic = #tq.mac<product = #tq.float<exp = 5, man = 10>, accumulator = #tq.fixed<bits = 32, frac = 16>>
// COMBINED: tosa.clamp
// COMBINED-NEXT: tq.quantize {{.*}} with #tq.float<exp = 5, man = 2>

// JSON:      "entries": [
// JSON-NEXT:   {
// JSON-NEXT:     "key": "conv1",
// JSON-NEXT:     "matched": 1,
// JSON-NEXT:     "quantizer": "fp8_e5m2",
// JSON-NEXT:     "role": "activations"
// JSON-NEXT:   },
// JSON-NEXT:   {
// JSON-NEXT:     "key": "missing",
// JSON-NEXT:     "matched": 0,
// JSON:        "quantized": [
// JSON-NEXT:   {
// JSON-NEXT:     "detail": "1 quantized at run time",
// JSON-NEXT:     "name": "dense",
// JSON-NEXT:     "op": "tosa.matmul",
// JSON-NEXT:     "quantizer": "bf16",
// JSON-NEXT:     "role": "weights"
// JSON-NEXT:   },
// JSON:          "skipped": [
// JSON-NEXT:   {
// JSON-NEXT:     "name": "conv1",
// JSON-NEXT:     "op": "tosa.clamp",
// JSON-NEXT:     "reason": "not a convolution or matmul: it has no weights",
// JSON-NEXT:     "role": "weights"
// JSON-NEXT:   }
// JSON-NEXT: ]

// A TensorQuant flat map (no key is a role, every value a quantizer
// string) given as map-file= is the activations map (TensorQuant's
// extr_q_map); the weights stay float.
// FLAT-NOT: tq.quantize %arg1
// FLAT: tosa.matmul
// FLAT-NEXT: tq.quantize {{.*}} with #tq.float<exp = 4, man = 3, kind = nan_only>
// FLAT: tosa.clamp
// FLAT-NEXT: tq.quantize {{.*}} with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>

// TEXT:      tq-insert report
// TEXT-NEXT: quantized (3):
// TEXT-NEXT:   dense  tosa.matmul  weights  bf16  1 quantized at run time
// TEXT-NEXT:   dense  tosa.matmul  intrinsic  fp16 | fixed,32,16  recorded
// TEXT-NEXT:   conv1  tosa.clamp  activations  fp8_e5m2  1 result(s)
// TEXT-NEXT: skipped (1):
// TEXT-NEXT:   conv1  tosa.clamp  weights  not a convolution or matmul: it has no weights
// TEXT-NEXT: map entries (4):
// TEXT-NEXT:   activations  "conv1"  fp8_e5m2  matched 1
// TEXT-NEXT:   activations  "missing"  fp16  matched 0  (warning: unused)
// TEXT-NEXT:   weights  ""  bf16  matched 2
// TEXT-NEXT:   intrinsic  "dense"  fp16|fixed,32,16  matched 1

func.func @f(%a: tensor<1x2x8xf32>, %b: tensor<1x8x3xf32>) -> tensor<1x2x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("dense")
  %1 = tosa.clamp %0 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32> loc("conv1")
  return %1 : tensor<1x2x3xf32>
}
