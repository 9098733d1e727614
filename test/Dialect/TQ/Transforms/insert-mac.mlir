// Multiply-accumulate models in intrinsic maps: a preset by name, a model
// object (on top of a preset, or alone), intrinsic-block as the chunk, and
// every malformed model with its location in the map.
// RUN: tq-opt %s --tq-insert='intrinsic={"fc": "fp8-tensor-core-promoted"}' | FileCheck %s --check-prefix=PRESET
// RUN: tq-opt %s --tq-insert='intrinsic="int8-int32"' | FileCheck %s --check-prefix=WHOLE
// RUN: tq-opt %s --tq-insert='intrinsic={"fc": {"preset": "fma-fp16", "chunk": 64, "outer": "fp32"}}' | FileCheck %s --check-prefix=OVER
// RUN: tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "bf16", "align": 4, "kept": 9, "align-rounding": "nearest_even"}} intrinsic-block=8' | FileCheck %s --check-prefix=OBJECT
// RUN: tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "stochastic,16,8"}} seed=3' | FileCheck %s --check-prefix=SEED
// RUN: tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp16", "order": "pairwise", "chunk": 16}}' | FileCheck %s --check-prefix=PAIRWISE
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp16", "order": "tree"}}' 2>&1 | FileCheck %s --check-prefix=BADORDER
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"preset": "fma-fp32", "order": "pairwise"}}' 2>&1 | FileCheck %s --check-prefix=PAIRFUSED
// RUN: tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fixed,16,0", "outer": "fp32", "mx": "mxfp8"}}' | FileCheck %s --check-prefix=MXDOT
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "mx": "fp8_e4m3"}}' 2>&1 | FileCheck %s --check-prefix=NOTMX
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "mx": "mxfp8", "chunk": 16}}' 2>&1 | FileCheck %s --check-prefix=MXCHUNK
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"preset": "tpu"}}' 2>&1 | FileCheck %s --check-prefix=BADPRESET
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"product": "fp16"}}' 2>&1 | FileCheck %s --check-prefix=NOACC
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "kept": 3}}' 2>&1 | FileCheck %s --check-prefix=KEPT
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "chunk": -1}}' 2>&1 | FileCheck %s --check-prefix=NEG
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "fused": true, "product": "fp16"}}' 2>&1 | FileCheck %s --check-prefix=FUSED
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "chunk": 6, "align": 4}}' 2>&1 | FileCheck %s --check-prefix=MULTIPLE
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "fp32", "blocks": 4}}' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"accumulator": "mxfp8"}}' 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not tq-opt %s --tq-insert='intrinsic={"fc": {"preset": "fp8-tensor-core"}} intrinsic-block=12' 2>&1 | FileCheck %s --check-prefix=ALIGNBLOCK

// PRESET: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 13, rounding = toward_zero>, outer = #tq.float<exp = 8, man = 23>, chunk = 128, align = 32, kept = 13, align_accumulator = true>
// WHOLE: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 32, frac = 0>, wide = true>
// OVER: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>, outer = #tq.float<exp = 8, man = 23>, chunk = 64, fused = true>
// OBJECT: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 8, man = 7>, chunk = 8, align = 4, kept = 9, align_rounding = nearest_even>
// SEED: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 16, frac = 8, rounding = stochastic>, seed = {{-?[0-9]+}}>
// PAIRWISE: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.float<exp = 5, man = 10>, chunk = 16, order = pairwise>
// BADORDER: <tq-insert intrinsic option>:1:40: error: malformed quantizer map: "order" must be "sequential" or "pairwise", got "tree"
// PAIRFUSED: <tq-insert intrinsic option>:1:7: error: in the intrinsic map, "fc": #tq.mac: a pairwise order adds sums of products: it excludes fused and align
// MXDOT: tosa.matmul {{.*}}tq.intrinsic = #tq.mac<product = #tq.identity, accumulator = #tq.fixed<bits = 16, frac = 0>, outer = #tq.float<exp = 8, man = 23>, chunk = 32, mx = #tq.mx<>>
// NOTMX: <tq-insert intrinsic option>:1:37: error: malformed quantizer map: "mx" must be an MX format (mxfp8, mxfp4, mxint8, ...), got "fp8_e4m3"
// MXCHUNK: <tq-insert intrinsic option>:1:7: error: in the intrinsic map, "fc": #tq.mac: an MX dot product sums each block of 32 elements: chunk must be that size, got 16
// BADPRESET: <tq-insert intrinsic option>:1:18: error: malformed quantizer map: "preset" must be one of fma-fp32, fma-fp16, bf16-fp32, int8-int32, fp8-tensor-core, fp8-tensor-core-promoted, got "tpu"
// NOACC: <tq-insert intrinsic option>:1:7: error: malformed quantizer map: the multiply-accumulate model of "fc" needs an "accumulator" (or a "preset")
// KEPT: <tq-insert intrinsic option>:1:7: error: in the intrinsic map, "fc": #tq.mac: kept bits and align_accumulator need an align group size
// NEG: <tq-insert intrinsic option>:1:40: error: malformed quantizer map: "chunk" must be a non-negative integer, got the number -1
// FUSED: <tq-insert intrinsic option>:1:7: error: in the intrinsic map, "fc": #tq.mac: a fused multiply-add rounds the product only with the sum: the product quantizer must be none, got fp16
// MULTIPLE: <tq-insert intrinsic option>:1:7: error: in the intrinsic map, "fc": #tq.mac: chunk (6) must be a multiple of align (4)
// UNKNOWN: <tq-insert intrinsic option>:1:31: error: malformed quantizer map: unknown key "blocks" in the multiply-accumulate model of "fc" (expected preset, product, accumulator, outer, chunk, order, mx, fused, wide, align, kept, align-rounding, align-accumulator)
// BLOCK: <tq-insert intrinsic option>:1:7: error: in the intrinsic map, "fc": #tq.mac: the accumulator quantizer mxfp8 is not elementwise (block and whole-tensor formats have no meaning for one scalar)
// ALIGNBLOCK: error: loc("fc"): tq-insert: intrinsic-block=12 is not a multiple of the model's align (32)

func.func @f(%a: tensor<1x4x64xf32>, %b: tensor<1x64x8xf32>) -> tensor<1x4x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x4x64xf32>, tensor<1x64x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32> loc("fc")
  return %0 : tensor<1x4x8xf32>
}
