// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import json; m = {'relu': 'fp8_e4m3'}; m.update(('stale%%d' %% i, 'nearest,8,4') for i in range(25)); open('%t/map.json', 'w').write(json.dumps(m, indent=1))"
// RUN: tq-opt %s --tq-insert='activations-file=%t/map.json' -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: not tq-opt %s --tq-insert='activations-file=%t/map.json strict=1' -o /dev/null 2>&1 | FileCheck %s --check-prefix=STRICT --implicit-check-not=error:

// Entries that match no op: the first 20 one by one, then one line with
// how many more (a map of thousands of stale keys printed one warning, and
// its source line, each); with strict=1 they are errors.

// CHECK: map.json:3:2: warning: map entry "stale0": "nearest,8,4" of the activations map matched no op
// CHECK-COUNT-19: warning: map entry "stale{{[0-9]+}}"
// CHECK: map.json:23:2: warning: 5 more map entries matched no op (this is the first; the report, report=FILE or report=-, lists them all)

// STRICT: map.json:3:2: error: map entry "stale0": "nearest,8,4" of the activations map matched no op
// STRICT-COUNT-19: error: map entry "stale{{[0-9]+}}"
// STRICT: map.json:23:2: error: 5 more map entries matched no op (this is the first; the report, report=FILE or report=-, lists them all)
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu")
  return %0 : tensor<4xf32>
}
