#!/usr/bin/env python3
"""Writes the small ONNX models of test/Train (committed; the tests need no
Python ONNX). Needs Debian's python3-onnx and numpy:

    /usr/bin/python3 test/Train/Inputs/make_models.py test/Train/Inputs

Each takes x [batch, 4] and returns logits [batch, 3]; weights are seeded.
They are models whose trained weights cannot go back into the ONNX file
(test/Train/onnx-out-errors.test)."""
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


def save(nodes, initializers, name):
    graph = helper.make_graph(
        nodes, "torch_jit",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT,
                                       ["batch", 3])],
        initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    model.producer_name = "tq test/Train/Inputs/make_models.py"
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name))


# Gemm with beta 0.5: the importer scales the bias initializer by beta into
# the constant it names after it, so the constant is not the initializer's
# elements moved.
save([helper.make_node("Gemm", ["x", "fc.weight", "fc.bias"], ["logits"],
                       name="/fc/Gemm", transB=1, beta=0.5)],
     [init("fc.weight", [3, 4]), init("fc.bias", [3])], "gemm-beta.onnx")

# The weight doubled by a Mul node the importer evaluates: the constant it
# makes is named after the node, not after an initializer.
save([helper.make_node("Mul", ["fc.weight", "two"], ["/fc/Mul_output_0"],
                       name="/fc/Mul"),
      helper.make_node("MatMul", ["x", "/fc/Mul_output_0"], ["logits"],
                       name="/fc/MatMul")],
     [init("fc.weight", [4, 3]),
      numpy_helper.from_array(np.array(2, np.float32), "two")],
     "mul-weight.onnx")

# One weight used by two MatMuls: the importer makes a constant for each,
# trained apart.
save([helper.make_node("MatMul", ["x", "shared.weight"], ["/fc1/MatMul_output_0"],
                       name="/fc1/MatMul"),
      helper.make_node("Relu", ["/fc1/MatMul_output_0"], ["/relu/Relu_output_0"],
                       name="/relu/Relu"),
      helper.make_node("MatMul", ["/relu/Relu_output_0", "shared.weight"],
                       ["/fc2/MatMul_output_0"], name="/fc2/MatMul"),
      helper.make_node("MatMul", ["/fc2/MatMul_output_0", "head.weight"],
                       ["logits"], name="/head/MatMul")],
     [init("shared.weight", [4, 4]), init("head.weight", [4, 3])],
     "shared-weight.onnx")
