#!/usr/bin/python3
"""Writes a ~100 MB ONNX model for the import benchmark (not committed).

    bench/make_big_onnx.py OUT.onnx [--hidden 4096] [--in-features 1024]
        [--out-features 1000] [--depth 3] [--batch 1] [--seed 0]

An MLP as PyTorch exports nn.Linear layers (opset 17, Gemm transB=1,
initializers fc1.weight, fc1.bias, ..., nodes /fc1/Gemm, /relu1/Relu):

    input [batch, 1024] -> fc1 1024x4096 -> Relu -> fc2 4096x4096 -> Relu
                        -> fc3 4096x1000 -> output [batch, 1000]

With the defaults 25,076,712 float32 parameters (fc1 4.2M, fc2 16.8M,
fc3 4.1M), all embedded in the file as raw_data initializers (no external
data): 100.3 MB. Weights uniform(+-1/sqrt(fan_in)), biases
uniform(+-0.1), from np.random.default_rng(seed); the same arguments give
a byte-identical file. numpy and the onnx package only (no torch); about
2 s on the 2-core build machine.
"""

import argparse
import os
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--in-features", type=int, default=1024)
    ap.add_argument("--hidden", type=int, default=4096)
    ap.add_argument("--out-features", type=int, default=1000)
    ap.add_argument("--depth", type=int, default=3,
                    help="number of Gemm layers (>= 1); depth-2 are hidden x hidden")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.depth < 1:
        ap.error("--depth must be >= 1")

    t0 = time.time()
    rng = np.random.default_rng(args.seed)
    widths = ([args.in_features] + [args.hidden] * (args.depth - 1)
              + [args.out_features])
    nodes, inits = [], []
    x = "input"
    for k in range(1, args.depth + 1):
        fan_in, fan_out = widths[k - 1], widths[k]
        b = 1.0 / np.sqrt(fan_in)
        w = rng.uniform(-b, b, size=(fan_out, fan_in)).astype(np.float32)
        bias = rng.uniform(-0.1, 0.1, size=(fan_out,)).astype(np.float32)
        inits += [numpy_helper.from_array(w, "fc%d.weight" % k),
                  numpy_helper.from_array(bias, "fc%d.bias" % k)]
        last = k == args.depth
        y = "output" if last else "/fc%d/Gemm_output_0" % k
        nodes.append(helper.make_node(
            "Gemm", [x, "fc%d.weight" % k, "fc%d.bias" % k], [y],
            name="/fc%d/Gemm" % k, alpha=1.0, beta=1.0, transB=1))
        x = y
        if not last:
            y = "/relu%d/Relu_output_0" % k
            nodes.append(helper.make_node("Relu", [x], [y],
                                          name="/relu%d/Relu" % k))
            x = y
    graph = helper.make_graph(
        nodes, "torch_jit",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                       [args.batch, args.in_features])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT,
                                       [args.batch, args.out_features])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="tq bench/make_big_onnx.py")
    model.ir_version = 8  # what torch 1.13 writes for opset 17
    onnx.checker.check_model(model)  # in memory: fine below 2 GB
    data = model.SerializeToString()
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)
    params = sum(int(np.prod(t.dims)) for t in inits)
    print("%s: %d Gemm layers %s, %d parameters, %d bytes (%.1f MB), %.1f s"
          % (args.out, args.depth, "x".join(map(str, widths)), params,
             len(data), len(data) / 1e6, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
