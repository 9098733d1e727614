#!/usr/bin/python3
"""Checks model.onnx + weights.bin against expected.npy without torch: a
small numpy evaluator of the op types these models use (float64 Conv and
matmul accumulation; not a general ONNX backend).

    check_reference.py DIR... [--rtol 1e-4] [--atol 1e-4]

Each DIR is test/Import/models/<name>; its weights.bin is rebuilt first if
needed (make_weights.py). Prints the max abs/rel error per model; exit 1 if
one is outside numpy.allclose(rtol, atol). Needs numpy and the onnx package
(Debian's python3-onnx); ResNet-18 at 224x224 takes about a second.
When the importer disagrees with expected.npy, run() gives every
intermediate tensor by ONNX name (env) to compare with.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv(x, w, b, a):
    n, _, _, _ = x.shape
    m, cg, kh, kw = w.shape
    g = a.get("group", 1)
    s = a.get("strides", [1, 1])
    d = a.get("dilations", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise SystemExit("Conv auto_pad not supported here")
    x = np.pad(x, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
    ho = (x.shape[2] - d[0] * (kh - 1) - 1) // s[0] + 1
    wo = (x.shape[3] - d[1] * (kw - 1) - 1) // s[1] + 1
    out = np.zeros((n, m, ho, wo), np.float64)
    mg = m // g
    for gi in range(g):
        xg = x[:, gi * cg:(gi + 1) * cg].astype(np.float64)
        wg = w[gi * mg:(gi + 1) * mg].astype(np.float64)
        cols = np.empty((n, cg, kh, kw, ho, wo))
        for i in range(kh):
            for j in range(kw):
                r0, c0 = i * d[0], j * d[1]
                cols[:, :, i, j] = xg[:, :, r0:r0 + s[0] * (ho - 1) + 1:s[0],
                                      c0:c0 + s[1] * (wo - 1) + 1:s[1]]
        out[:, gi * mg:(gi + 1) * mg] = np.einsum("nckluv,mckl->nmuv", cols, wg,
                                                  optimize=True)
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def maxpool(x, a):
    k = a["kernel_shape"]
    s = a.get("strides", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    ceil = a.get("ceil_mode", 0)
    if a.get("dilations", [1, 1]) != [1, 1]:
        raise SystemExit("MaxPool dilations not supported here")
    n, c, h, w = x.shape

    def size(length, k, s, p0, p1):
        num = length + p0 + p1 - k
        o = (-(-num // s) if ceil else num // s) + 1
        if ceil and (o - 1) * s >= length + p0:  # last window starts in padding
            o -= 1
        return o
    ho = size(h, k[0], s[0], p[0], p[2])
    wo = size(w, k[1], s[1], p[1], p[3])
    xp = np.full((n, c, h + p[0] + p[2] + k[0] + s[0], w + p[1] + p[3] + k[1] + s[1]),
                 -np.inf, x.dtype)
    xp[:, :, p[0]:p[0] + h, p[1]:p[1] + w] = x
    out = np.full((n, c, ho, wo), -np.inf, x.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            out = np.maximum(out, xp[:, :, i:i + s[0] * (ho - 1) + 1:s[0],
                                     j:j + s[1] * (wo - 1) + 1:s[1]])
    return out


def node_value(op, i, a):
    if op == "Conv":
        return conv(i[0], i[1], i[2] if len(i) > 2 else None, a)
    if op == "BatchNormalization":
        x, scale, bias, mean, var = i
        sh = (1, -1) + (1,) * (x.ndim - 2)
        eps = a.get("epsilon", 1e-5)
        return ((x - mean.reshape(sh)) / np.sqrt(var.reshape(sh) + eps)
                * scale.reshape(sh) + bias.reshape(sh))
    if op == "Relu":
        return np.maximum(i[0], 0)
    if op == "Clip":
        return np.clip(i[0], i[1], i[2])
    if op == "Add":
        return i[0] + i[1]
    if op == "Mul":
        return i[0] * i[1]
    if op == "Div":
        return i[0] // i[1] if i[0].dtype.kind == "i" else i[0] / i[1]
    if op == "MaxPool":
        return maxpool(i[0], a)
    if op == "GlobalAveragePool":
        return i[0].mean(axis=tuple(range(2, i[0].ndim)), keepdims=True)
    if op == "Flatten":
        ax = a.get("axis", 1)
        return i[0].reshape(int(np.prod(i[0].shape[:ax])), -1)
    if op == "Gemm":
        x = i[0].T if a.get("transA", 0) else i[0]
        w = i[1].T if a.get("transB", 0) else i[1]
        c = i[2] if len(i) > 2 and i[2] is not None else 0
        return (a.get("alpha", 1.0) * (x.astype(np.float64) @ w.astype(np.float64))
                + a.get("beta", 1.0) * c)
    if op == "Concat":
        return np.concatenate(i, axis=a["axis"])
    if op == "Constant":
        return numpy_helper.to_array(a["value"])
    if op == "Transpose":
        return np.transpose(i[0], a.get("perm"))
    if op == "MatMul":
        return np.matmul(i[0].astype(np.float64), i[1].astype(np.float64))
    if op == "Shape":
        return np.array(i[0].shape, np.int64)
    if op == "Gather":
        return np.take(i[0], i[1], axis=a.get("axis", 0))
    if op == "Unsqueeze":
        return np.expand_dims(i[0], tuple(int(v) for v in i[1]))
    if op == "Reshape":
        shape = [i[0].shape[k] if v == 0 else int(v) for k, v in enumerate(i[1])]
        return i[0].reshape(shape)
    if op == "Slice":
        starts, ends = i[1], i[2]
        axes = i[3] if len(i) > 3 and i[3] is not None else range(len(starts))
        steps = i[4] if len(i) > 4 and i[4] is not None else [1] * len(starts)
        sl = [slice(None)] * i[0].ndim
        for st, en, ax, sp in zip(starts, ends, axes, steps):
            sl[int(ax)] = slice(int(st), int(en), int(sp))
        return i[0][tuple(sl)]
    if op == "Softmax":
        ax = a.get("axis", -1)
        e = np.exp(i[0] - i[0].max(axis=ax, keepdims=True))
        return e / e.sum(axis=ax, keepdims=True)
    if op == "LayerNormalization":
        x = i[0].astype(np.float64)
        axes = tuple(range(a.get("axis", -1) % x.ndim, x.ndim))
        mu = x.mean(axis=axes, keepdims=True)
        var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
        return (x - mu) / np.sqrt(var + a.get("epsilon", 1e-5)) * i[1] + i[2]
    raise SystemExit("check_reference.py: op %s not supported" % op)


def run(model_path, x):
    """Evaluates the graph on x; returns (output, env name -> array)."""
    m = onnx.load(model_path, load_external_data=True)
    env = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    env[m.graph.input[0].name] = x
    for node in m.graph.node:
        ins = [env[k] if k else None for k in node.input]
        r = np.asarray(node_value(node.op_type, ins, attrs(node)))
        if r.dtype == np.float64:
            r = r.astype(np.float32)  # float32 between nodes, as in the model
        env[node.output[0]] = r
    return env[m.graph.output[0].name], env


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-4)
    args = ap.parse_args()
    ok = True
    for d in args.dirs:
        subprocess.run([sys.executable, os.path.join(HERE, "make_weights.py"), d],
                       check=True, stdout=subprocess.DEVNULL)
        x = np.load(os.path.join(d, "input.npy"))
        want = np.load(os.path.join(d, "expected.npy"))
        got, _ = run(os.path.join(d, "model.onnx"), x)
        err = np.abs(got.astype(np.float64) - want)
        close = got.shape == want.shape and np.allclose(got, want, rtol=args.rtol,
                                                        atol=args.atol)
        ok &= close
        print("%-22s %s max abs error %.3g, max rel error %.3g (|expected| max %.3g)%s"
              % (os.path.basename(os.path.normpath(d)), "x".join(map(str, got.shape)),
                 err.max(), (err / np.maximum(np.abs(want), 1e-30)).max(),
                 np.abs(want).max(), "" if close else "  OUTSIDE rtol/atol"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
