#!/usr/bin/python3
"""Train a small CNN on scikit-learn's 8x8 digits and export it as TOSA.

The network (NHWC, float32):

    conv1   3x3, 1 -> 8 channels, pad 1, + bias    relu1
    conv2   3x3, 8 -> 16 channels, pad 1, + bias   relu2
    pool    2x2 max pool, stride 2                 -> 4x4x16
    flatten in (h, w, c) order                     -> 256
    dense1  256 -> 32, + bias (dense1_bias)        relu3
    dense2  32 -> 10, + bias (dense2_bias)         -> logits

Forward and backward passes are plain numpy (convolutions via im2col),
trained with softmax cross-entropy and Adam. Everything is seeded, so a
given (--seed, --epochs) always produces the same files.

Outputs, in --out (default: this script's directory):

    model.mlir   the trained network as a TOSA 1.0 function
                 @forward(tensor<1x8x8x1xf32>) -> tensor<1x10xf32>, weights
                 as "tosa.const" ops (exact float32 values), every compute
                 op named with a location: loc("conv1"), loc("relu1"), ...
    test_x.npy   the test images, (360, 8, 8, 1) float32 in [0, 1]
    test_y.npy   their labels, (360,) int64

Run with Debian's python (numpy + scikit-learn):

    /usr/bin/python3 examples/digits/train.py [--out DIR] [--epochs N] [--seed S]
"""

import os

# One BLAS thread: the sums inside matrix products then happen in the same
# order on every machine, whatever its core count, so results are
# reproducible. (Must be set before numpy is imported.)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import time

import numpy as np
from sklearn.datasets import load_digits

NUM_TEST = 360     # the first NUM_TEST permuted samples are the test split
BATCH = 32
LEARNING_RATE = 3e-3
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


# --------------------------------------------------------------------------
# Data


def load_data(rng):
    """Returns (x_train, y_train, x_test, y_test); x is NHWC float32 in [0, 1].
    The split is the first draw from rng: a permutation of all samples."""
    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., np.newaxis]  # (N,8,8,1)
    y = digits.target.astype(np.int64)
    perm = rng.permutation(len(y))
    test, train = perm[:NUM_TEST], perm[NUM_TEST:]
    return x[train], y[train], x[test], y[test]


# --------------------------------------------------------------------------
# Layers. Convolution weights are [OC, KH, KW, IC] (TOSA's layout), dense
# weights [in, out].


def im2col(x, k=3, pad=1):
    """(N, H, W, C) -> (N, H, W, k*k*C) patches in (kh, kw, c) order
    (stride 1, zero padding `pad`, output size = input size)."""
    n, h, w, c = x.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((n, h, w, k, k, c), dtype=x.dtype)
    for i in range(k):
        for j in range(k):
            cols[:, :, :, i, j, :] = xp[:, i:i + h, j:j + w, :]
    return cols.reshape(n, h, w, k * k * c)


def col2im(dcols, c, k=3, pad=1):
    """Adjoint of im2col: (N, H, W, k*k*C) -> (N, H, W, C), overlapping
    patches summed."""
    n, h, w, _ = dcols.shape
    dcols = dcols.reshape(n, h, w, k, k, c)
    dxp = np.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dcols.dtype)
    for i in range(k):
        for j in range(k):
            dxp[:, i:i + h, j:j + w, :] += dcols[:, :, :, i, j, :]
    return dxp[:, pad:pad + h, pad:pad + w, :]


def conv_forward(x, w, b):
    """3x3 convolution, stride 1, pad 1. Returns (output, patches)."""
    cols = im2col(x, k=w.shape[1])
    out = cols @ w.reshape(w.shape[0], -1).T + b
    return out, cols


def conv_backward(dout, cols, w, need_dx):
    """Gradients of conv_forward: (dx or None, dw, db)."""
    oc = w.shape[0]
    d2 = dout.reshape(-1, oc)
    dw = (d2.T @ cols.reshape(d2.shape[0], -1)).reshape(w.shape)
    db = d2.sum(axis=0)
    dx = None
    if need_dx:
        dx = col2im(dout @ w.reshape(oc, -1), c=w.shape[3], k=w.shape[1])
    return dx, dw, db


def pool_windows(x):
    """(N, H, W, C) -> (N, H/2, W/2, C, 4): the 2x2 windows, stride 2."""
    n, h, w, c = x.shape
    win = x.reshape(n, h // 2, 2, w // 2, 2, c).transpose(0, 1, 3, 5, 2, 4)
    return win.reshape(n, h // 2, w // 2, c, 4)


def maxpool_forward(x):
    """2x2 max pool, stride 2. Returns (output, argmax within each window)."""
    win = pool_windows(x)
    idx = win.argmax(axis=-1)[..., np.newaxis]
    return np.take_along_axis(win, idx, axis=-1)[..., 0], idx


def maxpool_backward(dout, idx, shape):
    """Routes each gradient to the (first) maximum of its window."""
    n, h, w, c = shape
    dwin = np.zeros((n, h // 2, w // 2, c, 4), dtype=dout.dtype)
    np.put_along_axis(dwin, idx, dout[..., np.newaxis], axis=-1)
    dwin = dwin.reshape(n, h // 2, w // 2, c, 2, 2).transpose(0, 1, 4, 2, 5, 3)
    return dwin.reshape(shape)


def relu(x):
    return np.maximum(x, 0)


# --------------------------------------------------------------------------
# Model


def init_params(rng):
    """He-normal weights, zero biases, all float32."""
    def he(shape, fan_in):
        std = np.sqrt(2.0 / fan_in)
        return (rng.standard_normal(shape) * std).astype(np.float32)

    zeros = lambda n: np.zeros(n, dtype=np.float32)
    return {
        "conv1.w": he((8, 3, 3, 1), 3 * 3 * 1), "conv1.b": zeros(8),
        "conv2.w": he((16, 3, 3, 8), 3 * 3 * 8), "conv2.b": zeros(16),
        "dense1.w": he((256, 32), 256), "dense1.b": zeros(32),
        "dense2.w": he((32, 10), 32), "dense2.b": zeros(10),
    }


def forward(p, x):
    """Logits for a batch x (N, 8, 8, 1), and the cache for backward."""
    z1, cols1 = conv_forward(x, p["conv1.w"], p["conv1.b"])
    a1 = relu(z1)
    z2, cols2 = conv_forward(a1, p["conv2.w"], p["conv2.b"])
    a2 = relu(z2)
    pooled, pool_idx = maxpool_forward(a2)
    flat = pooled.reshape(len(x), -1)             # (h, w, c) order
    z3 = flat @ p["dense1.w"] + p["dense1.b"]
    a3 = relu(z3)
    logits = a3 @ p["dense2.w"] + p["dense2.b"]
    cache = (cols1, z1, cols2, z2, pool_idx, flat, z3, a3)
    return logits, cache


def backward(p, cache, dlogits):
    """Gradients of the loss for every parameter, given dloss/dlogits."""
    cols1, z1, cols2, z2, pool_idx, flat, z3, a3 = cache
    g = {}
    g["dense2.w"] = a3.T @ dlogits
    g["dense2.b"] = dlogits.sum(axis=0)
    dz3 = (dlogits @ p["dense2.w"].T) * (z3 > 0)
    g["dense1.w"] = flat.T @ dz3
    g["dense1.b"] = dz3.sum(axis=0)
    dpooled = (dz3 @ p["dense1.w"].T).reshape(-1, 4, 4, 16)
    dz2 = maxpool_backward(dpooled, pool_idx, z2.shape) * (z2 > 0)
    da1, g["conv2.w"], g["conv2.b"] = conv_backward(dz2, cols2, p["conv2.w"], True)
    dz1 = da1 * (z1 > 0)
    _, g["conv1.w"], g["conv1.b"] = conv_backward(dz1, cols1, p["conv1.w"], False)
    return g


def softmax_cross_entropy(logits, y):
    """Mean loss over the batch and its gradient with respect to the logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    prob = exp / exp.sum(axis=1, keepdims=True)
    n = len(y)
    loss = -np.log(prob[np.arange(n), y] + 1e-12).mean()
    dlogits = prob
    dlogits[np.arange(n), y] -= 1
    return float(loss), (dlogits / n).astype(np.float32)


def accuracy(p, x, y):
    logits, _ = forward(p, x)
    return float((logits.argmax(axis=1) == y).mean())


# --------------------------------------------------------------------------
# Training


class Adam:
    def __init__(self, params, lr):
        self.lr, self.t = lr, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params, grads):
        b1, b2 = ADAM_BETAS
        self.t += 1
        # Bias corrections folded into the step size.
        lr = self.lr * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for k, g in grads.items():
            self.m[k] = b1 * self.m[k] + (1 - b1) * g
            self.v[k] = b2 * self.v[k] + (1 - b2) * g * g
            update = lr * self.m[k] / (np.sqrt(self.v[k]) + ADAM_EPS)
            params[k] = (params[k] - update).astype(np.float32)


def train(params, x, y, epochs, rng):
    opt = Adam(params, LEARNING_RATE)
    n = len(y)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        total_loss, correct = 0.0, 0
        for start in range(0, n, BATCH):
            idx = order[start:start + BATCH]
            logits, cache = forward(params, x[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            opt.step(params, backward(params, cache, dlogits))
            total_loss += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        print(f"epoch {epoch:3d}  loss {total_loss / n:.4f}  "
              f"train acc {correct / n:.4f}", flush=True)


# --------------------------------------------------------------------------
# TOSA export


def f32_literal(v):
    """A float32 as an MLIR float literal that parses back to the same bits.

    9 significant digits identify every float32; MLIR's float literals need
    a decimal point ('1e-05' and '0' would not parse as floats)."""
    assert np.isfinite(v), "weights must be finite"
    s = "%.9g" % v
    if "." not in s:
        mantissa, e, exponent = s.partition("e")
        s = mantissa + ".0" + e + exponent
    return s


def dense_literal(a, indent):
    """Nested-bracket literal for `dense<...>`; small sub-arrays on one line."""
    if a.ndim == 1:
        return "[" + ", ".join(f32_literal(v) for v in a) + "]"
    if a.size <= 32:
        return "[" + ", ".join(dense_literal(s, indent) for s in a) + "]"
    inner = indent + "  "
    rows = (",\n" + inner).join(dense_literal(s, inner) for s in a)
    return "[\n" + inner + rows + "]"


def tensor_type(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def const_op(name, a):
    a = np.asarray(a, dtype=np.float32)
    t = tensor_type(a.shape)
    return (f'    %{name} = "tosa.const"() <{{values = dense<'
            f'{dense_literal(a, "      ")}> : {t}}}> : () -> {t}')


def shape_op(name, shape):
    dims = ", ".join(str(d) for d in shape)
    return (f"    %{name} = tosa.const_shape {{values = dense<[{dims}]> : "
            f"tensor<{len(shape)}xindex>}} : () -> !tosa.shape<{len(shape)}>")


def export_tosa(p, path, header):
    """Writes the network, batch 1, as func.func @forward in TOSA 1.0."""
    conv_attrs = ("{acc_type = f32, dilation = array<i64: 1, 1>, "
                  "pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}")
    relu_attrs = "{max_val = 3.40282347e+38 : f32, min_val = 0.0 : f32}"
    t_x, t_c1, t_c2 = (tensor_type(s) for s in
                       ((1, 8, 8, 1), (1, 8, 8, 8), (1, 8, 8, 16)))
    t_pool, t_f3 = tensor_type((1, 4, 4, 16)), tensor_type((1, 1, 256))
    t_m1, t_h1 = tensor_type((1, 1, 32)), tensor_type((1, 32))
    t_m2, t_out = tensor_type((1, 1, 10)), tensor_type((1, 10))
    zp = "tensor<1xf32>"

    lines = ["// " + l if l else "//" for l in header]
    lines += [
        "module {",
        f"  func.func @forward(%x: {t_x}) -> {t_out} {{",
        const_op("zp", np.zeros(1)),
        "",
        "    // conv1 + relu1; weights [OC, KH, KW, IC]",
        const_op("conv1_w", p["conv1.w"]),
        const_op("conv1_b", p["conv1.b"]),
        f"    %conv1 = tosa.conv2d %x, %conv1_w, %conv1_b, %zp, %zp {conv_attrs} : "
        f"({t_x}, {tensor_type((8, 3, 3, 1))}, tensor<8xf32>, {zp}, {zp}) -> {t_c1} "
        'loc("conv1")',
        f"    %relu1 = tosa.clamp %conv1 {relu_attrs} : ({t_c1}) -> {t_c1} "
        'loc("relu1")',
        "",
        "    // conv2 + relu2",
        const_op("conv2_w", p["conv2.w"]),
        const_op("conv2_b", p["conv2.b"]),
        f"    %conv2 = tosa.conv2d %relu1, %conv2_w, %conv2_b, %zp, %zp {conv_attrs} : "
        f"({t_c1}, {tensor_type((16, 3, 3, 8))}, tensor<16xf32>, {zp}, {zp}) -> {t_c2} "
        'loc("conv2")',
        f"    %relu2 = tosa.clamp %conv2 {relu_attrs} : ({t_c2}) -> {t_c2} "
        'loc("relu2")',
        "",
        "    // pool: 2x2 max, stride 2",
        "    %pool = tosa.max_pool2d %relu2 {kernel = array<i64: 2, 2>, "
        "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : "
        f'({t_c2}) -> {t_pool} loc("pool")',
        "",
        "    // dense1 + relu3: flatten in (h, w, c) order, [1, 256] x [256, 32]",
        shape_op("shape_flat", (1, 1, 256)),
        f"    %flat = tosa.reshape %pool, %shape_flat : ({t_pool}, !tosa.shape<3>) -> {t_f3}",
        const_op("dense1_w", p["dense1.w"][np.newaxis]),
        f"    %dense1 = tosa.matmul %flat, %dense1_w, %zp, %zp : "
        f'({t_f3}, {tensor_type((1, 256, 32))}, {zp}, {zp}) -> {t_m1} loc("dense1")',
        shape_op("shape_h1", (1, 32)),
        f"    %dense1_2d = tosa.reshape %dense1, %shape_h1 : ({t_m1}, !tosa.shape<2>) -> {t_h1}",
        const_op("dense1_b", p["dense1.b"][np.newaxis]),
        f"    %dense1_bias = tosa.add %dense1_2d, %dense1_b : ({t_h1}, {t_h1}) -> {t_h1} "
        'loc("dense1_bias")',
        f"    %relu3 = tosa.clamp %dense1_bias {relu_attrs} : ({t_h1}) -> {t_h1} "
        'loc("relu3")',
        "",
        "    // dense2: [1, 32] x [32, 10] -> logits",
        shape_op("shape_h1_3d", (1, 1, 32)),
        f"    %relu3_3d = tosa.reshape %relu3, %shape_h1_3d : ({t_h1}, !tosa.shape<3>) -> {t_m1}",
        const_op("dense2_w", p["dense2.w"][np.newaxis]),
        f"    %dense2 = tosa.matmul %relu3_3d, %dense2_w, %zp, %zp : "
        f'({t_m1}, {tensor_type((1, 32, 10))}, {zp}, {zp}) -> {t_m2} loc("dense2")',
        shape_op("shape_out", (1, 10)),
        f"    %dense2_2d = tosa.reshape %dense2, %shape_out : ({t_m2}, !tosa.shape<2>) -> {t_out}",
        const_op("dense2_b", p["dense2.b"][np.newaxis]),
        f"    %dense2_bias = tosa.add %dense2_2d, %dense2_b : ({t_out}, {t_out}) -> {t_out} "
        'loc("dense2_bias")',
        f"    return %dense2_bias : {t_out}",
        "  }",
        "}",
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=here, help="output directory (default: %(default)s)")
    ap.add_argument("--epochs", type=int, default=15, help="training epochs (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    args = ap.parse_args()

    start = time.time()
    # One generator for everything, in this order: the train/test split,
    # the initial weights, the batch order of each epoch.
    rng = np.random.default_rng(args.seed)
    x_train, y_train, x_test, y_test = load_data(rng)
    params = init_params(rng)
    train(params, x_train, y_train, args.epochs, rng)
    test_acc = accuracy(params, x_test, y_test)
    print(f"float32 test accuracy {test_acc:.4f} "
          f"({round(test_acc * len(y_test))}/{len(y_test)})")

    os.makedirs(args.out, exist_ok=True)
    header = [
        "Generated by examples/digits/train.py; do not edit.",
        f"  train.py --seed {args.seed} --epochs {args.epochs}",
        "A small CNN for scikit-learn's 8x8 digits (input: the image / 16,",
        "NHWC), batch 1, returning the 10 logits. Weights are exact float32.",
        f"float32 test accuracy: {test_acc:.4f} "
        f"({round(test_acc * len(y_test))}/{len(y_test)} of test_x.npy/test_y.npy)",
        "",
    ]
    export_tosa(params, os.path.join(args.out, "model.mlir"), header)
    np.save(os.path.join(args.out, "test_x.npy"), x_test)
    np.save(os.path.join(args.out, "test_y.npy"), y_test)
    print(f"wrote {args.out}/model.mlir, test_x.npy, test_y.npy "
          f"({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
