"""Writes a multiply-accumulate test: inputs a.npy, b.npy and m.mlir with
@folded (the contraction on constants, for tq-fold-intrinsic: the
reference) and @computed (the same contraction on the arguments, for the
compiled code), both marked tq.intrinsic = MODEL.

usage: gen_mac_test.py OUT_DIR matmul|conv MODEL [--seed N] [--k K]
       [--ints] [--range E] [--scale S]

The inputs are adversarial: magnitudes from 2^-E to 2^E (E = 12: large
dynamic range), pairs that cancel (x and -x in one reduction), and a bias; with
--ints, integers in [-127, 127], mostly positive (sums that saturate).
"""
import argparse
import os

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("kind", choices=["matmul", "conv"])
p.add_argument("model")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--k", type=int, default=24)
p.add_argument("--ints", action="store_true")
p.add_argument("--range", type=int, default=12)
p.add_argument("--scale", type=int, default=0,
               help="multiply the operands by 2^SCALE (e.g. -66: products "
               "in f32's subnormal range)")
p.add_argument("--stride", type=int, default=1, help="convolution stride")
p.add_argument("--dilation", type=int, default=1,
               help="convolution dilation")
p.add_argument("--fp16-operands", action="store_true",
               help="operands rounded to fp16, and @computed's quantized to "
               "#tq.float<exp = 5, man = 10> before the op (known formats: "
               "a fused model may then form its sums in f32)")
args = p.parse_args()
r = np.random.default_rng(args.seed)


def values(shape, power=1):
    n = int(np.prod(shape))
    if args.ints:
        v = r.integers(-40, 128, n).astype(np.float32)
    else:
        v = (r.choice([-1.0, 1.0], n) * np.exp2(r.integers(-args.range, args.range + 1, n))
             * r.uniform(1, 2, n)).astype(np.float32)
        # Cancellation: the second half of every eight repeats the first
        # half negated.
        for i in range(0, n - 7, 8):
            v[i + 4:i + 8] = -v[i:i + 4]
    # The bias (power 2) is scaled as the products are.
    return (v * np.float32(2.0 ** (args.scale * power))).reshape(shape)


if args.kind == "matmul":
    m, k, n = 4, args.k, 8
    a, b = values((m, k)), values((k, n))
    init = values((m, n), 2)
    op = ("linalg.matmul {{tq.intrinsic = {model}}} ins({a}, {b} : "
          f"tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) outs({{c}} : "
          f"tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>")
    out = f"tensor<{m}x{n}xf32>"
else:
    c, s, d = args.k, args.stride, args.dilation
    w = 2 * s + 2 * d + 1  # the input size giving a 3x3 output
    a, b = values((1, w, w, c)), values((4, 3, 3, c))
    init = values((1, 3, 3, 4), 2)
    op = (f"linalg.conv_2d_nhwc_fhwc {{{{dilations = dense<{d}> : tensor<2xi64>, "
          f"strides = dense<{s}> : tensor<2xi64>, tq.intrinsic = {{model}}}}}} "
          f"ins({{a}}, {{b}} : tensor<1x{w}x{w}x{c}xf32>, tensor<4x3x3x{c}xf32>) "
          "outs({c} : tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>")
    out = "tensor<1x3x3x4xf32>"


if args.fp16_operands:
    a, b = a.astype(np.float16).astype(np.float32), b.astype(np.float16).astype(np.float32)


def ttype(x):
    return "tensor<" + "x".join(map(str, x.shape)) + "xf32>"


def dense(x):
    return f'dense<"0x{x.astype("<f4").tobytes().hex().upper()}"> : {ttype(x)}'


def quantized(name, arg, x):
    """`name` = arg, quantized to fp16 with --fp16-operands."""
    if args.fp16_operands:
        return (f"{name} = tq.quantize {arg} : {ttype(x)} with "
                "#tq.float<exp = 5, man = 10>")
    return f"{name} = tensor.cast {arg} : {ttype(x)} to {ttype(x)}"


plain = (op.replace("{{tq.intrinsic = {model}}} ", "")
         .replace(", tq.intrinsic = {model}", "")
         .format(a="%a", b="%b", c="%c"))
os.makedirs(args.out, exist_ok=True)
np.save(os.path.join(args.out, "a.npy"), a)
np.save(os.path.join(args.out, "b.npy"), b)
with open(os.path.join(args.out, "m.mlir"), "w") as f:
    f.write(f"""func.func @folded() -> {out} {{
  %a = arith.constant {dense(a)}
  %b = arith.constant {dense(b)}
  %c = arith.constant {dense(init)}
  %r = {op.format(model=args.model, a="%a", b="%b", c="%c")}
  return %r : {out}
}}
func.func @computed(%a0: {ttype(a)}, %b0: {ttype(b)}) -> {out} {{
  {quantized("%a", "%a0", a)}
  {quantized("%b", "%b0", b)}
  %c = arith.constant {dense(init)}
  %r = {op.format(model=args.model, a="%a", b="%b", c="%c")}
  return %r : {out}
}}
func.func @plain(%a: {ttype(a)}, %b: {ttype(b)}) -> {out} {{
  %c = arith.constant {dense(init)}
  %r = {plain}
  return %r : {out}
}}
""")
