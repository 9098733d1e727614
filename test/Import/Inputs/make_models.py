#!/usr/bin/env python3
"""Writes the small ONNX models of test/Import (committed; the tests need no
Python ONNX). Needs Debian's python3-onnx and numpy:

    /usr/bin/python3 test/Import/Inputs/make_models.py test/Import/Inputs

Node names follow PyTorch's exporter (/conv1/Conv); weights are seeded."""
import os
import sys
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(__file__)
def init(name, shape, scale=0.5):
    # Seeded by the name: the same weights in every model that has them.
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    return numpy_helper.from_array(
        (rng.uniform(-scale, scale, shape)).astype(np.float32), name)


def save(model, name):
    model.producer_name = "tq test/Import/Inputs/make_models.py"
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name))


def opset(v=17):
    return [helper.make_opsetid("", v)]


# A small CNN as PyTorch exports it: Conv (pads), Relu, MaxPool, Flatten,
# Gemm (transB), with a dynamic batch.
def cnn(batch="batch"):
    nodes = [
        helper.make_node("Conv", ["image", "conv1.weight", "conv1.bias"],
                         ["/conv1/Conv_output_0"], name="/conv1/Conv",
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["/conv1/Conv_output_0"],
                         ["/relu/Relu_output_0"], name="/relu/Relu"),
        helper.make_node("MaxPool", ["/relu/Relu_output_0"],
                         ["/pool/MaxPool_output_0"], name="/pool/MaxPool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["/pool/MaxPool_output_0"],
                         ["/Flatten_output_0"], name="/Flatten", axis=1),
        helper.make_node("Gemm", ["/Flatten_output_0", "fc.weight", "fc.bias"],
                         ["logits"], name="/fc/Gemm", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "torch_jit",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                       [batch, 1, 4, 4])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT,
                                       [batch, 3])],
        [init("conv1.weight", [2, 1, 3, 3]), init("conv1.bias", [2]),
         init("fc.weight", [3, 8]), init("fc.bias", [3])])
    return helper.make_model(graph, opset_imports=opset())


save(cnn(), "cnn.onnx")

# The same weights as external data (weights.bin next to the model).
m = cnn(batch=1)
os.makedirs(os.path.join(out, "external"), exist_ok=True)
# (onnx appends to an existing data file: start from none.)
if os.path.exists(os.path.join(out, "external", "weights.bin")):
    os.remove(os.path.join(out, "external", "weights.bin"))
onnx.save_model(m, os.path.join(out, "external", "cnn.onnx"),
                save_as_external_data=True, all_tensors_to_one_file=True,
                location="weights.bin", size_threshold=0)
# ... and pointing at a file that is not there.
# (save_model moved the data out of `m`: only the location changes.)
for t in m.graph.initializer:
    for e in t.external_data:
        if e.key == "location":
            e.value = "missing.bin"
with open(os.path.join(out, "external", "missing.onnx"), "wb") as f:
    f.write(m.SerializeToString())

# Truncated: the first half of cnn.onnx.
data = open(os.path.join(out, "cnn.onnx"), "rb").read()
open(os.path.join(out, "truncated.onnx"), "wb").write(data[:len(data) // 2])


# One node of each kind the errors test needs.
def single(op, inputs, outputs, attrs=None, inits=(), name=None, ver=17,
           domain=""):
    node = helper.make_node(op, [i[0] for i in inputs], [o[0] for o in outputs],
                            name=name or "/block/" + op, domain=domain,
                            **(attrs or {}))
    ins = [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs
           if n not in {i.name for i in inits}]
    graph = helper.make_graph(
        [node], "g", ins,
        [helper.make_tensor_value_info(n, t, s) for n, t, s in outputs],
        list(inits))
    ops = opset(ver)
    if domain:
        ops.append(helper.make_opsetid(domain, 1))
    return helper.make_model(graph, opset_imports=ops)


F = TensorProto.FLOAT
save(single("NonMaxSuppression",
            [("boxes", F, [1, 4, 4]), ("scores", F, [1, 1, 4])],
            [("selected", TensorProto.INT64, [None, 3])]),
     "unsupported-op.onnx")
save(single("Pad", [("x", F, [1, 4]), ("pads", TensorProto.INT64, [4])],
            [("y", F, [1, 8])], {"mode": "wrap"},
            inits=[numpy_helper.from_array(np.array([0, 2, 0, 2], np.int64),
                                           "pads")]),
     "unsupported-attr.onnx")
save(single("Relu", [("x", TensorProto.INT32, [2, 3])],
            [("y", TensorProto.INT32, [2, 3])], ver=14),
     "int-relu.onnx")
save(single("Relu", [("x", F, ["n", 3])], [("y", F, ["n", 3])]),
     "dynamic.onnx")
save(single("Gelu", [("x", F, [2])], [("y", F, [2])], domain="com.example"),
     "custom-domain.onnx")

# Shape arithmetic that folds on static shapes (PyTorch's view(x.size(0), -1)):
# Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
nodes = [
    helper.make_node("Shape", ["x"], ["s"], name="/Shape"),
    helper.make_node("Constant", [], ["zero"], name="/Constant",
                     value=numpy_helper.from_array(np.array(0, np.int64))),
    helper.make_node("Gather", ["s", "zero"], ["n"], name="/Gather", axis=0),
    helper.make_node("Unsqueeze", ["n", "axes"], ["n1"], name="/Unsqueeze"),
    helper.make_node("Constant", [], ["minus1"], name="/Constant_1",
                     value=numpy_helper.from_array(np.array([-1], np.int64))),
    helper.make_node("Concat", ["n1", "minus1"], ["shape"], name="/Concat",
                     axis=0),
    helper.make_node("Reshape", ["x", "shape"], ["flat"], name="/Reshape"),
    helper.make_node("Sigmoid", ["flat"], ["y"], name="/act/Sigmoid"),
]
graph = helper.make_graph(
    nodes, "g", [helper.make_tensor_value_info("x", F, [2, 3, 4])],
    [helper.make_tensor_value_info("y", F, [2, 12])],
    [numpy_helper.from_array(np.array([0], np.int64), "axes")])
save(helper.make_model(graph, opset_imports=opset()), "shape-chain.onnx")

# QDQ (as quantization tools write it): QuantizeLinear -> DequantizeLinear
# per tensor (uint8) on an activation, per axis (int8) on a weight.
nodes = [
    helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["xq"], name="/q/QuantizeLinear"),
    helper.make_node("DequantizeLinear", ["xq", "s", "zp"], ["xd"], name="/q/DequantizeLinear"),
    helper.make_node("QuantizeLinear", ["w", "ws", "wzp"], ["wq"], name="/fc/w/QuantizeLinear", axis=0),
    helper.make_node("DequantizeLinear", ["wq", "ws", "wzp"], ["wd"], name="/fc/w/DequantizeLinear", axis=0),
    helper.make_node("MatMul", ["xd", "wd"], ["y"], name="/fc/MatMul"),
]
graph = helper.make_graph(
    nodes, "g", [helper.make_tensor_value_info("x", F, [1, 4])],
    [helper.make_tensor_value_info("y", F, [1, 2]),
     helper.make_tensor_value_info("xd", F, [1, 4])],
    [numpy_helper.from_array(np.array(0.1, np.float32), "s"),
     numpy_helper.from_array(np.array(128, np.uint8), "zp"),
     numpy_helper.from_array(np.array([[0.3, -0.2], [0.5, 0.25], [-1.0, 0.7],
                                       [0.05, 0.9]], np.float32), "w"),
     numpy_helper.from_array(np.array([0.01, 0.02, 0.004, 0.008], np.float32), "ws"),
     numpy_helper.from_array(np.array([0, 0, 0, 0], np.int8), "wzp")])
save(helper.make_model(graph, opset_imports=opset(13)), "qdq.onnx")
# x / 0.1 and x * (1 / 0.1) round apart for these (ONNX divides).
np.save(os.path.join(out, "qdq_x.npy"),
        np.array([[-7.5499997, 8.15, 1.25, 30.0]], np.float32))

# QONNX (qonnx.custom_op.general): Quant per tensor on the input (4 bits
# signed, ROUND), per channel on a weight (3 bits, narrow), BipolarQuant.
Q = "qonnx.custom_op.general"
nodes = [
    helper.make_node("Quant", ["x", "qs", "qz", "qb"], ["xq"], name="/act/Quant",
                     domain=Q, signed=1, narrow=0, rounding_mode="ROUND"),
    helper.make_node("Quant", ["w", "ws", "wz", "wb"], ["wq"], name="/fc/weight_quant/Quant",
                     domain=Q, signed=1, narrow=1, rounding_mode="ROUND"),
    helper.make_node("MatMul", ["xq", "wq"], ["h"], name="/fc/MatMul"),
    helper.make_node("BipolarQuant", ["h", "bs"], ["y"], name="/sign/BipolarQuant",
                     domain=Q),
]
graph = helper.make_graph(
    nodes, "g", [helper.make_tensor_value_info("x", F, [1, 4])],
    [helper.make_tensor_value_info("y", F, [1, 2]),
     helper.make_tensor_value_info("xq", F, [1, 4])],
    [numpy_helper.from_array(np.array(0.25, np.float32), "qs"),
     numpy_helper.from_array(np.array(0.0, np.float32), "qz"),
     numpy_helper.from_array(np.array(4.0, np.float32), "qb"),
     numpy_helper.from_array(np.array([[0.3, -0.2], [0.5, 0.25], [-1.0, 0.7],
                                       [0.05, 0.9]], np.float32), "w"),
     numpy_helper.from_array(np.array([[0.25, 0.125]], np.float32), "ws"),
     numpy_helper.from_array(np.array(0.0, np.float32), "wz"),
     numpy_helper.from_array(np.array(3.0, np.float32), "wb"),
     numpy_helper.from_array(np.array(0.5, np.float32), "bs")])
model = helper.make_model(graph, opset_imports=opset(13) + [helper.make_opsetid(Q, 1)])
save(model, "qonnx.onnx")
np.save(os.path.join(out, "qonnx_x.npy"), np.array([[0.3, -0.62, 1.125, 5.0]], np.float32))

# PyTorch's AvgPool2d(3, stride=2, padding=1) (count_include_pad on): the
# declared pads count as zeros in every window; the expected output is
# computed here with numpy.
x = np.arange(64, dtype=np.float32).reshape(1, 1, 8, 8) / 8
nodes = [helper.make_node("AveragePool", ["x"], ["y"], name="/pool/AveragePool",
                          kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                          count_include_pad=1)]
graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", F, [1, 1, 8, 8])],
                          [helper.make_tensor_value_info("y", F, [1, 1, 4, 4])])
save(helper.make_model(graph, opset_imports=opset(13)), "avgpool-pad.onnx")
xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
y = np.zeros((1, 1, 4, 4), np.float32)
for i in range(4):
    for j in range(4):
        y[0, 0, i, j] = xp[0, 0, 2 * i:2 * i + 3, 2 * j:2 * j + 3].sum() / 9
np.save(os.path.join(out, "avgpool_x.npy"), x)
np.save(os.path.join(out, "avgpool_y.npy"), y)

save(single("Quant", [("x", F, [4]), ("s", F, []), ("z", F, []), ("b", F, [])],
            [("y", F, [4])], {"signed": 0, "narrow": 1},
            inits=[numpy_helper.from_array(np.array(1.0, np.float32), "s"),
                   numpy_helper.from_array(np.array(0.0, np.float32), "z"),
                   numpy_helper.from_array(np.array(8.0, np.float32), "b")],
            name="/q/Quant", domain=Q), "qonnx-unsigned-narrow.onnx")

# A splat of 10^11 elements, sliced: never expanded (the host keeps splats).
I64 = TensorProto.INT64
nodes = [
    helper.make_node("ConstantOfShape", ["shape"], ["big"], name="/big/ConstantOfShape",
                     value=numpy_helper.from_array(np.array([0.5], np.float32))),
    helper.make_node("Slice", ["big", "starts", "ends"], ["part"], name="/big/Slice"),
    helper.make_node("Add", ["x", "part"], ["y"], name="/add/Add"),
]
graph = helper.make_graph(
    nodes, "g", [helper.make_tensor_value_info("x", F, [1, 4])],
    [helper.make_tensor_value_info("y", F, [1, 4])],
    [numpy_helper.from_array(np.array([1000000000, 100], np.int64), "shape"),
     numpy_helper.from_array(np.array([0, 0], np.int64), "starts"),
     numpy_helper.from_array(np.array([1, 4], np.int64), "ends")])
save(helper.make_model(graph, opset_imports=opset(13)), "huge-splat.onnx")

# Unsigned integers: uint8 Max, Div (by zero gives 0), Less, and a MaxPool
# with indices; the expected values are worked out in the test.
U8 = TensorProto.UINT8
nodes = [
    helper.make_node("Max", ["a", "b"], ["mx"], name="/u/Max"),
    helper.make_node("Div", ["a", "b"], ["q"], name="/u/Div"),
    helper.make_node("Less", ["a", "b"], ["lt"], name="/u/Less"),
    helper.make_node("Reshape", ["a", "shape"], ["a4"], name="/u/Reshape"),
    helper.make_node("MaxPool", ["a4"], ["p", "i"], name="/u/MaxPool",
                     kernel_shape=[2], strides=[2]),
]
graph = helper.make_graph(
    nodes, "g", [helper.make_tensor_value_info("a", U8, [6]),
                 helper.make_tensor_value_info("b", U8, [6])],
    [helper.make_tensor_value_info("mx", U8, [6]),
     helper.make_tensor_value_info("q", U8, [6]),
     helper.make_tensor_value_info("lt", TensorProto.BOOL, [6]),
     helper.make_tensor_value_info("p", U8, [1, 1, 3]),
     helper.make_tensor_value_info("i", I64, [1, 1, 3])],
    [numpy_helper.from_array(np.array([1, 1, 6], np.int64), "shape")])
save(helper.make_model(graph, opset_imports=opset(14)), "unsigned.onnx")
np.save(os.path.join(out, "unsigned_a.npy"), np.array([200, 7, 255, 0, 130, 9], np.uint8))
np.save(os.path.join(out, "unsigned_b.npy"), np.array([100, 0, 1, 3, 129, 10], np.uint8))

# ConvTranspose with groups, strides, dilations, asymmetric pads and
# output_padding (no backend test has groups); expected output by a plain
# scatter loop here.
rng = np.random.default_rng(7)
x = rng.standard_normal((1, 4, 3, 3)).astype(np.float32)
w = rng.standard_normal((4, 3, 2, 2)).astype(np.float32)
bias = rng.standard_normal(6).astype(np.float32)
strides, dil, pads, opad, G = [2, 2], [2, 1], [1, 0, 0, 1], [1, 0], 2
nodes = [helper.make_node("ConvTranspose", ["x", "w", "bias"], ["y"],
                          name="/up/ConvTranspose", group=G, strides=strides,
                          dilations=dil, pads=pads, output_padding=opad)]
full = [(3 - 1) * strides[k] + (2 - 1) * dil[k] + 1 + opad[k] for k in range(2)]
size = [full[k] - pads[k] - pads[k + 2] for k in range(2)]
graph = helper.make_graph(
    nodes, "g", [helper.make_tensor_value_info("x", F, [1, 4, 3, 3])],
    [helper.make_tensor_value_info("y", F, [1, 6] + size)],
    [numpy_helper.from_array(w, "w"), numpy_helper.from_array(bias, "bias")])
save(helper.make_model(graph, opset_imports=opset(13)), "convtranspose-group.onnx")
acc = np.zeros((1, 6, full[0], full[1]), np.float64)
for g in range(G):
    for cc in range(2):
        for mm in range(3):
            for i in range(3):
                for j in range(3):
                    for ki in range(2):
                        for kj in range(2):
                            acc[0, g * 3 + mm, i * strides[0] + ki * dil[0],
                                j * strides[1] + kj * dil[1]] += (
                                x[0, g * 2 + cc, i, j] * w[g * 2 + cc, mm, ki, kj])
y = acc[:, :, pads[0]:pads[0] + size[0], pads[1]:pads[1] + size[1]]
y = (y + bias.reshape(1, 6, 1, 1)).astype(np.float32)
np.save(os.path.join(out, "convtranspose_x.npy"), x)
np.save(os.path.join(out, "convtranspose_y.npy"), y)

# Split sizes from a graph input: importable once given a value
# (--input-value split=split.pb).
save(single("Split", [("x", F, [6]), ("split", I64, [2])],
            [("y0", F, [None]), ("y1", F, [None])], {"axis": 0}, name="/Split"),
     "split-input.onnx")
for name, value in [("split", np.array([2, 4], np.int64)),
                    ("split-int32", np.array([2, 4], np.int32)),
                    ("split-three", np.array([1, 2, 3], np.int64))]:
    with open(os.path.join(out, name + ".pb"), "wb") as f:
        f.write(numpy_helper.from_array(value, "split").SerializeToString())

# Edge cases found in review, each checked exactly against numpy: uint8 and
# uint32 casts (zero-extended), integer Pow with a uint32 or a wider int64
# exponent (3^(2^31) and 2^(2^32) modulo 2^32), MaxPool indices of an
# all-zero uint8 window (the window's first element, not element 0), and
# training-mode Dropout with seed 7 (NumPy's draws for that seed).
I32, U32 = TensorProto.INT32, TensorProto.UINT32
nodes = [
    helper.make_node("Cast", ["u"], ["uf"], name="/e/Cast", to=F),
    helper.make_node("Cast", ["w"], ["wl"], name="/e/Cast_1", to=I64),
    helper.make_node("Pow", ["base", "eu"], ["pu"], name="/e/Pow"),
    helper.make_node("Pow", ["base", "el"], ["pl"], name="/e/Pow_1"),
    helper.make_node("Reshape", ["u", "shape4"], ["u4"], name="/e/Reshape"),
    helper.make_node("MaxPool", ["u4"], ["mp", "mi"], name="/e/MaxPool",
                     kernel_shape=[2], strides=[2]),
    helper.make_node("Dropout", ["x", "ratio", "training"], ["dy", "dm"],
                     name="/e/Dropout", seed=7),
]
u = np.array([200, 7, 0, 0, 255, 1], np.uint8)
wv = np.array([4000000000, 1, 2147483648], np.uint32)
base = np.array([3, 2, -3], np.int32)
eu = np.array([2147483648, 31, 4294967295], np.uint32)
el = np.array([2147483648, 4294967296, 3], np.int64)
xd = np.arange(12, dtype=np.float32).reshape(3, 4) + 1
graph = helper.make_graph(
    nodes, "g",
    [helper.make_tensor_value_info("u", U8, [6]),
     helper.make_tensor_value_info("w", U32, [3]),
     helper.make_tensor_value_info("base", I32, [3]),
     helper.make_tensor_value_info("eu", U32, [3]),
     helper.make_tensor_value_info("el", I64, [3]),
     helper.make_tensor_value_info("x", F, [3, 4])],
    [helper.make_tensor_value_info("uf", F, [6]),
     helper.make_tensor_value_info("wl", I64, [3]),
     helper.make_tensor_value_info("pu", I32, [3]),
     helper.make_tensor_value_info("pl", I32, [3]),
     helper.make_tensor_value_info("mp", U8, [1, 1, 3]),
     helper.make_tensor_value_info("mi", I64, [1, 1, 3]),
     helper.make_tensor_value_info("dy", F, [3, 4]),
     helper.make_tensor_value_info("dm", TensorProto.BOOL, [3, 4])],
    [numpy_helper.from_array(np.array([1, 1, 6], np.int64), "shape4"),
     numpy_helper.from_array(np.array(0.5, np.float32), "ratio"),
     numpy_helper.from_array(np.array(True), "training")])
save(helper.make_model(graph, opset_imports=opset(15)), "edge-cases.onnx")


def ipow(b, e, bits=32):
    """b ** e modulo 2^bits (e >= 0), as a signed integer."""
    r = pow(int(b), int(e), 1 << bits)
    return r - (1 << bits) if r >= 1 << (bits - 1) else r


np.random.seed(7)
keep = np.random.uniform(0, 1.0, xd.shape) >= 0.5
for name, value in [
        ("u", u), ("w", wv), ("base", base), ("eu", eu), ("el", el), ("x", xd),
        ("uf", u.astype(np.float32)), ("wl", wv.astype(np.int64)),
        ("pu", np.array([ipow(b, e) for b, e in zip(base, eu)], np.int32)),
        ("pl", np.array([ipow(b, e) for b, e in zip(base, el)], np.int32)),
        ("mp", np.array([200, 0, 255], np.uint8).reshape(1, 1, 3)),
        ("mi", np.array([0, 2, 4], np.int64).reshape(1, 1, 3)),
        ("dy", (keep * xd * np.float32(2)).astype(np.float32)), ("dm", keep)]:
    np.save(os.path.join(out, "edge_%s.npy" % name), value)


# QONNX Trunc (opset 1 and 2) and FloatQuant: the expected outputs come from
# numpy ports of qonnx's reference (src/qonnx/custom_op/general/trunc.py,
# floatquant.py, intquant.py's rounding modes) and must match bit for bit.
ROUNDING = {"ROUND": np.round, "CEIL": np.ceil, "FLOOR": np.floor, "DOWN": np.fix}


def trunc_v1(x, scale, zeropt, in_bits, out_bits, mode):
    y = np.round(x / scale + zeropt) / 2.0 ** (in_bits - out_bits)
    return (ROUNDING[mode](y) - zeropt) * scale


def trunc_v2(x, scale, zeropt, out_scale, out_bits, signed, narrow, mode):
    y = np.round(x / scale + zeropt)
    trunc_scale = 2 ** np.round(np.log2(out_scale / scale))
    y = y / trunc_scale
    lo = -(2 ** (out_bits - 1)) + narrow if signed else 0
    hi = 2 ** (out_bits - 1) - 1 if signed else 2 ** out_bits - 1 - narrow
    y = np.where(y > hi, np.float32(hi), y)
    y = np.where(y < lo, np.float32(lo), y)
    return (ROUNDING[mode](y) - zeropt / trunc_scale) * out_scale


def float_quant(x, scale, e, m, bias, max_val, mode, saturation, has_inf, has_nan):
    x = x / scale
    s = np.floor(np.log2(np.abs(x) + np.finfo(x.dtype).tiny)) - m
    s = np.exp2(np.maximum(s, 1.0 - bias - m))
    xq = s * ROUNDING[mode](x / s)
    mv = np.minimum((2.0 - 2.0 ** -m) * 2 ** (2.0 ** e - 1.0 - bias), max_val)
    p, n = xq > mv, xq < -mv
    xq = np.clip(xq, -mv, mv)
    if not saturation and has_inf:
        xq[p], xq[n] = np.inf, -np.inf
    elif not saturation:
        xq[p | n] = np.nan
    return (xq * scale).astype(np.float32)


def scalars(**kv):
    return [numpy_helper.from_array(np.array(v, np.float32), k) for k, v in kv.items()]


with np.errstate(all="ignore"):
    # Trunc v2 (qonnx opset 2): 8-bit input at scale 0.25 to 4 bits at
    # scale 1 (k = 2, FLOOR, signed: clip to [-8, 7]); unsigned 3 bits,
    # ROUND, zero point 2, out_scale 0.55 (k = round(log2 2.2) = 1).
    xt = np.array([0, 0.3, -0.3, 0.625, 0.875, -0.875, 1.0, 1.125, 1.3, -1.4,
                   2.0, 2.375, -2.6, 5.0, -9.0, 100.0, -100.0, np.inf], np.float32)
    nodes = [helper.make_node("Trunc", ["x", "s", "z0", "ib", "os1", "ob4"], ["y0"],
                              name="/t0/Trunc", domain=Q, rounding_mode="FLOOR"),
             helper.make_node("Trunc", ["x", "s", "z2", "ib", "os2", "ob3"], ["y1"],
                              name="/t1/Trunc", domain=Q, rounding_mode="round",
                              signed=0)]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", F, [len(xt)])],
        [helper.make_tensor_value_info(n, F, [len(xt)]) for n in ("y0", "y1")],
        scalars(s=0.25, z0=0.0, z2=2.0, ib=8.0, os1=1.0, os2=0.55, ob4=4.0, ob3=3.0))
    save(helper.make_model(graph, opset_imports=opset(13) + [helper.make_opsetid(Q, 2)]),
         "qonnx-trunc.onnx")
    f = np.float32
    np.save(os.path.join(out, "qonnx_trunc_x.npy"), xt)
    np.save(os.path.join(out, "qonnx_trunc_y0.npy"),
            trunc_v2(xt, f(0.25), f(0), f(1.0), 4, 1, 0, "FLOOR").astype(f))
    np.save(os.path.join(out, "qonnx_trunc_y1.npy"),
            trunc_v2(xt, f(0.25), f(2), f(0.55), 3, 0, 0, "ROUND").astype(f))

    # Trunc v1 (qonnx opset 1):
    # 8 to 5 bits (k = 3), CEIL, zero point 1; no clip.
    nodes = [helper.make_node("Trunc", ["x", "s", "z", "ib", "ob"], ["y"],
                              name="/t/Trunc", domain=Q, rounding_mode="CEIL")]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", F, [len(xt) - 1])],
        [helper.make_tensor_value_info("y", F, [len(xt) - 1])],
        scalars(s=0.25, z=1.0, ib=8.0, ob=5.0))
    save(helper.make_model(graph, opset_imports=opset(13) + [helper.make_opsetid(Q, 1)]),
         "qonnx-trunc-v1.onnx")
    np.save(os.path.join(out, "qonnx_trunc1_x.npy"), xt[:-1])
    np.save(os.path.join(out, "qonnx_trunc1_y.npy"),
            trunc_v1(xt[:-1], f(0.25), f(1), f(8), f(5), "CEIL").astype(f))

    # FloatQuant: E4M3 with max_val 448 (OCP's FN), ROUND, scale 0.5;
    # E3M2 bias 5 (not 3), FLOOR; E2M1, CEIL, saturation 0 with has_inf;
    # E4M3 bias 7 max_val 240, saturation 0 with has_nan; scale 1.
    xf = np.array([0, -0.0, 1e-6, -1e-6, 0.0009765625, 0.00146484375, -0.0029296875,
                   0.3, -0.3, 1.0625, 1.1875, -1.1875, 2.5, 3.0, 3.5, -3.5, 5.5,
                   7.0, 200.0, 225.0, 232.0, 240.0, 247.9, 248.0, 250.0, 500.0,
                   -500.0, 1e30, np.inf, -np.inf, np.nan], np.float32)
    cfgs = [  # scale, E, M, bias, max_val, mode, saturation, has_inf, has_nan
        (0.5, 4, 3, 7, 448, "ROUND", 1, 0, 0),
        (1.0, 3, 2, 5, 1e30, "FLOOR", 1, 0, 0),
        (1.0, 2, 1, 1, 1e30, "CEIL", 0, 1, 0),
        (1.0, 4, 3, 7, 240, "ROUND", 0, 0, 1),
        (1.0, 4, 3, 7, 1e30, "ROUND", 0, 0, 1)]
    nodes, inits = [], []
    for i, (sc, e, m, bias, mv, mode, sat, hi, hn) in enumerate(cfgs):
        names = ["x"] + ["f%d_%s" % (i, n) for n in ("s", "e", "m", "b", "mv")]
        inits += [numpy_helper.from_array(np.array(v, np.float32), n)
                  for n, v in zip(names[1:], (sc, e, m, bias, mv))]
        nodes.append(helper.make_node("FloatQuant", names, ["y%d" % i],
                                      name="/f%d/FloatQuant" % i, domain=Q,
                                      rounding_mode=mode, saturation=sat,
                                      has_inf=hi, has_nan=hn, has_subnormal=1))
        np.save(os.path.join(out, "qonnx_fq_y%d.npy" % i),
                float_quant(xf, f(sc), f(e), f(m), f(bias), f(mv), mode, sat, hi, hn))
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", F, [len(xf)])],
        [helper.make_tensor_value_info("y%d" % i, F, [len(xf)]) for i in range(len(cfgs))],
        inits)
    save(helper.make_model(graph, opset_imports=opset(13) + [helper.make_opsetid(Q, 1)]),
         "qonnx-floatquant.onnx")
    np.save(os.path.join(out, "qonnx_fq_x.npy"), xf)

# Refused parameter forms: a run-time scale, a non-integer bit width, a
# rounding mode tq lacks (UP: away from zero).
trunc_ins = [("x", F, [4]), ("s", F, []), ("z", F, []), ("ib", F, []), ("ob", F, [])]
save(single("Trunc", trunc_ins, [("y", F, [4])], {"rounding_mode": "FLOOR"},
            inits=scalars(z=0.0, ib=8.0, ob=4.0), name="/t/Trunc", domain=Q),
     "qonnx-trunc-runtime-scale.onnx")
save(single("Trunc", trunc_ins, [("y", F, [4])], {"rounding_mode": "UP"},
            inits=scalars(s=1.0, z=0.0, ib=8.0, ob=4.0), name="/t/Trunc", domain=Q),
     "qonnx-trunc-round-up.onnx")
save(single("FloatQuant", [("x", F, [4]), ("s", F, []), ("e", F, []), ("m", F, [])],
            [("y", F, [4])], inits=scalars(s=1.0, e=4.0, m=2.5),
            name="/f/FloatQuant", domain=Q), "qonnx-floatquant-bits.onnx")
