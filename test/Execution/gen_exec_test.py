#!/usr/bin/env python3
"""Generates an execution test: for each quantizer of a family, on inputs of
one element type, the module computes the quantization twice:

  - folded at compile time (the tq.quantize of a constant, which the folder
    evaluates with the reference semantics), and
  - by the lowered code (the same tq.quantize in a function that receives the
    constant as an argument, so it is compiled by tq-lower-to-arith),

then compares the results bit for bit and prints the number of elements, then,
per quantizer, the number that differ. A last "sanity" line compares
two different quantizers, so the harness is seen to detect differences.

Inputs: every bit pattern for f16 and bf16 (65536 values, NaNs and Infs
included); for f32 and f64 special values, binade edges, ties at many bit
positions, small multiples of 1/32 and pseudo-random bit patterns (fixed
seed).

usage: gen_exec_test.py FAMILY ELEMENT
"""

import random
import struct
import sys

FAMILIES = {
    "fixed": [
        "fixed,8,4", "nearest,8,4", "zero,8,4", "down,8,4", "up,8,4",
        "odd,8,4", "stochastic,8,4", "nearest,12,11", "fixed,16,8,unsigned",
        "fixed,8,4,wrap", "fixed,8,0,wrap,unsigned", "fixed,32,16",
        "fixed,32,16,wrap,down", "fixed,4,6", "fixed,8,-3",
        "fixed,24,12,stochastic",
        # Over 24 bits on f32 values: computed in f32 (bounds rounded).
        "fixed,32,16,unsigned", "zero,32,16", "nearest,28,20", "up,31,0",
    ],
    "float": [
        "fp8_e4m3", "fp8_e4m3,nearest_away", "fp8_e4m3,toward_zero",
        "fp8_e4m3,down", "fp8_e4m3,up", "fp8_e4m3,odd", "fp8_e4m3,stochastic",
        "fp8_e5m2", "fp8_e5m2,saturate", "fp8_e5m2,toward_zero",
        "fp8_e5m2,up", "fp8_e5m2,down", "fp8_e5m2,odd", "fp16", "fp16,down",
        "fp16,stochastic", "bf16", "bf16,odd", "tf32", "fp6_e2m3",
        "fp6_e3m2", "fp4_e2m1", "fp4_e2m1,stochastic",
        "float,4,3,no_subnormals", "float,4,3,no_subnormals,up",
        "float,3,4", "float,2,1,ieee", "float,6,5,fn,stochastic",
        "bf16,stochastic", "float,8,7,no_subnormals,stochastic",
    ],
    "others": [
        "logarithmic", "pow2,nearest", "pow2,nearest,-8,0", "pow2,floor,-4,4",
        "binary", "binary,0.3", "ternary,0.5,0.25", "ternary,0.7,0.3",
        "ternary", "sparse,0.1", "sparse,0.5",
    ],
    "affine": [
        "affine,8,0.05,3", "affine,8,0.05,3,nearest_away",
        "affine,8,0.05,3,toward_zero", "affine,8,0.05,3,down",
        "affine,8,0.05,3,up", "affine,8,0.05,3,odd",
        "affine,8,0.05,3,stochastic", "affine,4,0.3,1,unsigned,narrow",
        "affine,16,0.001,-5", "affine,8,0.1;0.2;0.3;0.4;0.5;0.6;0.7;0.8,0;1;2;3;-1;-2;-3;4,axis=1",
        "affine,8,0.02;0.04;0.06;0.08;0.1;0.12;0.14;0.16,0;0;0;0;0;0;0;0,axis=1,stochastic",
    ],
    "blocks": [
        "mxfp8", "mxfp8_e5m2", "mxfp6", "mxfp6_e3m2", "mxfp4", "mxint8",
        "mxfp4,stochastic", "mxfp8,block=16,axis=0", "mxint8,toward_zero",
        "mxfp8,block=24", "bfp,8", "bfp,4,block=16", "bfp,8,stochastic",
        "bfp,6,axis=0,up", "mxfp8,up", "mxfp6_e3m2,down", "mxfp4,odd",
        # A static tensor scale (amax given): one pass, so all inputs (a
        # block holding NaN or Inf is NaN, the others are not); an amax
        # below the inputs' magnitudes saturates, amax=0 gives S = max_c.
        "nvfp4,amax=2.5", "nvfp4,amax=3e4,stochastic", "nvfp4,axis=0,amax=0",
        "mxfp8,scale=fp8_e5m2,tensor_scale,amax=1000",
    ],
    # MX scale rounding; block=1 makes every input its own block maximum.
    "mx_scale": [
        "mxfp4,block=1,scale_rounding=ceil", "mxfp4,block=1,scale_rounding=even",
        "mxfp4,block=1,scale_rounding=rceil", "mxfp8,block=1,scale_rounding=rceil",
        "mxfp8_e5m2,block=1,scale_rounding=rceil", "mxfp6,block=1,scale_rounding=even",
        "mxfp6_e3m2,block=1,scale_rounding=ceil", "mxint8,block=1,scale_rounding=rceil",
        "mxint8,block=1,scale_rounding=even", "mxfp8,scale_rounding=ceil",
        "mxfp4,scale_rounding=rceil,stochastic", "mxfp8,block=16,axis=0,scale_rounding=even",
    ],
    # FP8 with an f32 scale per line: rows of 64 values, and columns.
    "scaled": [
        "fp8_e4m3_rowwise", "fp8_e5m2_rowwise", "fp8_e4m3_rowwise,axis=0",
        "fp8_e5m2_rowwise,axis=0",
        # Static (calibrated) scales: per tensor, and per channel along the
        # axis of 8 (a zero amax among them).
        "fp8_e4m3_tensorwise,amax=2.5", "fp8_e5m2_tensorwise,amax=1000",
        "fp8_e4m3_rowwise,axis=1,amax=0.5;1;2;4;100;0.001;0;3e4",
        "fp8_e5m2_rowwise,axis=1,amax=1;2;3;4;5;6;7;8",
    ],
    # Scales from the whole tensor's maximum (NVFP4, tensorwise fp8) and
    # float block scales. On "bounded" inputs (below), else one NaN or Inf
    # makes the whole tensor NaN.
    "tensor_scaled": [
        "nvfp4", "nvfp4,stochastic", "nvfp4,axis=0", "nvfp4,block=24",
        "nvfp4,block=32,up", "mxfp4,block=16,scale=fp8_e4m3",
        "mxfp8,scale=fp8_e5m2,tensor_scale",
        "mxfp6,scale=fp8_e4m3,stochastic", "mxfp6_e3m2,block=8,scale=fp8_e5m2",
        "fp8_e4m3_tensorwise", "fp8_e5m2_tensorwise",
    ],
    # Group-wise integers (GPTQ): asymmetric and symmetric, f16, bf16 and
    # f32 scales, groups along both axes, a padded last group.
    "group": [
        "int4_g128", "int4_g64,sym", "int8_g32,scale=bf16", "int3_g16,scale=f32",
        "int4_g24,axis=0", "int2_g64,sym,scale=bf16", "int4_g1", "int8_g128,sym",
        "int5_g40", "int4_g16,axis=0,sym,scale=f32",
    ],
}
# The same quantizers on every input (NaN and Inf included): all NaN.
FAMILIES["tensor_scaled_special"] = FAMILIES["tensor_scaled"]
# Families whose inputs lose NaN, Inf and magnitudes of 2^15 and more
# (replaced by 0), so that the tensor's maximum is moderate.
BOUNDED = {"tensor_scaled"}

# Quantizers that do not fit an element type (the verifier rejects them).
_SKIP_16 = {"fixed,16,8,unsigned", "nearest,12,11", "fixed,32,16",
            "fixed,32,16,unsigned", "zero,32,16", "nearest,28,20", "up,31,0",
            "fixed,32,16,wrap,down", "fixed,24,12,stochastic", "bf16",
            "bf16,odd", "bf16,stochastic",
            "float,8,7,no_subnormals,stochastic", "tf32", "fp16,down",
            "fp16", "fp16,stochastic", "affine,16,0.001,-5", "fixed,8,-3"}
SKIP = {
    "f16": _SKIP_16 | {"float,6,5,fn,stochastic", "pow2,floor,-4,4"},
    "bf16": _SKIP_16 | {"fp8_e4m3,odd", "bfp,8", "bfp,8,stochastic"},
}

ELEMS = {"f16": ("e", 16), "bf16": (None, 16), "f32": ("f", 32), "f64": ("d", 64)}


def f32_inputs():
    vals = []
    specials = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000,
                0xFFC00001, 0x7F800001, 0x7F7FFFFF, 0xFF7FFFFF, 0x00000001,
                0x80000001, 0x007FFFFF, 0x00800000, 0x80800000]
    vals += specials
    for e in range(-40, 41):
        for j in range(0, 64):
            for sign in (1, -1):
                vals.append(struct.unpack("<I", struct.pack("<f", sign * (1 + j / 64) * 2.0 ** e))[0])
                vals.append(struct.unpack("<I", struct.pack("<f", sign * (1 + (2 * j + 1) / 128) * 2.0 ** e))[0])
    for i in range(-320, 321):
        vals.append(struct.unpack("<I", struct.pack("<f", i / 32))[0])
    # Subnormals just below, at and above small quanta (2^-137 .. 2^-127):
    # the fractions of formats whose subnormal quantum is below f32's normal
    # range (bf16, tf32).
    for k in (12, 14, 16, 18, 20, 22):
        for v in ((1 << k) - 1, 3 << (k - 2), (1 << (k - 1)) + 1):
            vals += [v, v | 0x80000000]
    rng = random.Random(20261122)
    vals += [rng.getrandbits(32) for _ in range(4096)]
    return vals


def f64_inputs():
    vals = [0, 1 << 63, 0x7FF0000000000000, 0xFFF0000000000000,
            0x7FF8000000000000, 0x7FEFFFFFFFFFFFFF, 1, 0x000FFFFFFFFFFFFF,
            0x0010000000000000]
    for e in range(-40, 41):
        for j in range(0, 32):
            for sign in (1, -1):
                vals.append(struct.unpack("<Q", struct.pack("<d", sign * (1 + (2 * j + 1) / 64) * 2.0 ** e))[0])
    rng = random.Random(1122)
    for _ in range(2048):
        # Random bits, and random values in a moderate range.
        vals.append(rng.getrandbits(64))
        vals.append(struct.unpack("<Q", struct.pack("<d", rng.uniform(-300, 300)))[0])
    return vals


def inputs(elem):
    if elem in ("f16", "bf16"):
        return list(range(65536)), 16
    if elem == "f32":
        return f32_inputs(), 32
    return f64_inputs(), 64


def bounded(bits, elem):
    """Replaces NaN, Inf and values of magnitude 2^15 or more by +0."""
    code, width = ELEMS[elem]
    ifmt = {16: "<H", 32: "<I", 64: "<Q"}[width]
    out = []
    for v in bits:
        if code is None:  # bf16: the top half of an f32
            x = struct.unpack("<f", struct.pack("<I", v << 16))[0]
        else:
            x = struct.unpack("<" + code, struct.pack(ifmt, v))[0]
        out.append(v if x == x and abs(x) < 2.0 ** 15 else 0)
    return out


def main():
    family, elem = sys.argv[1], sys.argv[2]
    bits, width = inputs(elem)
    if family in BOUNDED:
        bits = bounded(bits, elem)
    cols = 64
    n = (len(bits) + cols - 1) // cols * cols
    bits += [0] * (n - len(bits))
    rows = n // cols
    fmt = {16: "<H", 32: "<I", 64: "<Q"}[width]
    blob = b"".join(struct.pack(fmt, v) for v in bits).hex().upper()
    ttype = f"tensor<{rows}x{cols}x{elem}>"
    ity = f"i{width}"
    specs = [s for s in FAMILIES[family] if s not in SKIP.get(elem, set())]
    # Per-channel affine works along axis 1 of width 8: reshape those inputs.
    out = ["#id = affine_map<(d0, d1) -> (d0, d1)>",
           "#sc = affine_map<(d0, d1) -> ()>"]
    for k, spec in enumerate(specs):
        shape = ttype
        if "axis=1" in spec:
            shape = f"tensor<{n // 8}x8x{elem}>"
        seed = f" seed({1000 + k})" if "stochastic" in spec else ""
        out.append(f"func.func private @q{k}(%x: {shape}) -> {shape} {{")
        out.append(f'  %0 = tq.quantize %x : {shape} with "{spec}"{seed}')
        out.append(f"  return %0 : {shape}")
        out.append("}")
    out.append("func.func private @count(%a: %T, %b: %T) -> i64 {".replace("%T", ttype))
    out.append("  %z = tensor.empty() : tensor<i64>")
    out.append("  %c0 = arith.constant 0 : i64")
    out.append("  %zi = linalg.fill ins(%c0 : i64) outs(%z : tensor<i64>) -> tensor<i64>")
    out.append(f"  %s = linalg.generic {{indexing_maps = [#id, #id, #sc], iterator_types = [\"reduction\", \"reduction\"]}} ins(%a, %b : {ttype}, {ttype}) outs(%zi : tensor<i64>) {{")
    out.append(f"  ^bb0(%x: {elem}, %y: {elem}, %acc: i64):")
    out.append(f"    %xi = arith.bitcast %x : {elem} to {ity}")
    out.append(f"    %yi = arith.bitcast %y : {elem} to {ity}")
    out.append(f"    %ne = arith.cmpi ne, %xi, %yi : {ity}")
    out.append("    %e = arith.extui %ne : i1 to i64")
    out.append("    %r = arith.addi %acc, %e : i64")
    out.append("    linalg.yield %r : i64")
    out.append("  } -> tensor<i64>")
    out.append("  %v = tensor.extract %s[] : tensor<i64>")
    out.append("  return %v : i64")
    out.append("}")
    out.append("func.func @main() {")
    out.append(f'  %in = arith.constant dense<"0x{blob}"> : {ttype}')
    out.append(f"  %n = arith.constant {n} : i64")
    out.append("  vector.print %n : i64")
    for k, spec in enumerate(specs):
        seed = f" seed({1000 + k})" if "stochastic" in spec else ""
        if "axis=1" in spec:
            shape = f"tensor<{n // 8}x8x{elem}>"
            out.append(f"  %in{k} = tensor.reshape %in(%shape{k}) : ({ttype}, tensor<2xi64>) -> {shape}")
            out.insert(-1, "")
            out[-2] = f"  %shape{k} = arith.constant dense<[{n // 8}, 8]> : tensor<2xi64>"
            src = f"%in{k}"
        else:
            shape, src = ttype, "%in"
        out.append(f'  %ref{k} = tq.quantize {src} : {shape} with "{spec}"{seed}')
        out.append(f"  %got{k} = call @q{k}({src}) : ({shape}) -> {shape}")
        if shape != ttype:
            out.append(f"  %back{k} = arith.constant dense<[{rows}, {cols}]> : tensor<2xi64>")
            out.append(f"  %r{k} = tensor.reshape %ref{k}(%back{k}) : ({shape}, tensor<2xi64>) -> {ttype}")
            out.append(f"  %g{k} = tensor.reshape %got{k}(%back{k}) : ({shape}, tensor<2xi64>) -> {ttype}")
            a, b = f"%r{k}", f"%g{k}"
        else:
            a, b = f"%ref{k}", f"%got{k}"
        out.append(f"  %d{k} = call @count({a}, {b}) : ({ttype}, {ttype}) -> i64")
        out.append(f"  vector.print %d{k} : i64")
    # Sanity: two different quantizers must differ somewhere.
    s1, s2 = ("fp8_e4m3", "fp8_e5m2") if elem != "f64" else ("fp16", "bf16")
    out.append(f'  %sa = tq.quantize %in : {ttype} with "{s1}"')
    out.append(f'  %sb = tq.quantize %in : {ttype} with "{s2}"')
    out.append(f"  %sd = call @count(%sa, %sb) : ({ttype}, {ttype}) -> i64")
    out.append("  vector.print %sd : i64")
    out.append("  return")
    out.append("}")
    print("\n".join(out))
    sys.stderr.write(f"{len(specs)} quantizers on {n} {elem} values\n")


if __name__ == "__main__":
    main()
