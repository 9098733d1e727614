#!/usr/bin/python3
"""Writes transformer_layer.onnx, one transformer encoder layer (post-norm,
as PyTorch's nn.TransformerEncoderLayer: multi-head self-attention with 4
heads, d_model 64, then a GELU feed-forward of width 256, each block with a
residual connection and LayerNorm), random weights (seed 0), exported as
ONNX opset 17 for tq's importer, and its input x.npy, 1 x 32 x 64, standard
normal (seed 1). Written out with nn.Linear and matmuls (nn.MultiheadAttention
exports through a fused operator ONNX lacks). Needs python3-torch; the
outputs are committed, so tq's tests and examples do not.

    /usr/bin/python3 examples/accumulators/make_transformer.py
"""
import math
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
D, HEADS, FF, SEQ = 64, 4, 256, 32


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q = torch.nn.Linear(D, D)
        self.k = torch.nn.Linear(D, D)
        self.v = torch.nn.Linear(D, D)
        self.out = torch.nn.Linear(D, D)
        self.norm1 = torch.nn.LayerNorm(D)
        self.ff1 = torch.nn.Linear(D, FF)
        self.ff2 = torch.nn.Linear(FF, D)
        self.norm2 = torch.nn.LayerNorm(D)

    def forward(self, x):
        b, s, _ = x.shape
        h = D // HEADS

        def heads(t):
            return t.reshape(b, s, HEADS, h).transpose(1, 2)

        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        att = torch.softmax(q @ k.transpose(2, 3) / math.sqrt(h), dim=-1)
        a = (att @ v).transpose(1, 2).reshape(b, s, D)
        x = self.norm1(x + self.out(a))
        return self.norm2(x + self.ff2(torch.nn.functional.gelu(self.ff1(x))))


torch.manual_seed(0)
layer = Layer().eval()
x = torch.from_numpy(np.random.default_rng(1).standard_normal(
    (1, SEQ, D)).astype(np.float32))
with torch.no_grad():
    torch.onnx.export(layer, (x,), os.path.join(HERE, "transformer_layer.onnx"),
                      input_names=["x"], output_names=["y"], opset_version=17)
    np.save(os.path.join(HERE, "transformer_y.npy"), layer(x).numpy())
np.save(os.path.join(HERE, "x.npy"), x.numpy())
