#!/usr/bin/python3
"""Writes transformer_layer.onnx, a transformer encoder layer (PyTorch's
nn.TransformerEncoderLayer: d_model 64, 4 heads, feed-forward 256, GELU,
LayerNorm after each block) with random weights (seed 0), exported as ONNX
opset 17 for tq's importer, and its input: x.npy, 1 x 32 x 64, standard
normal (seed 1). Needs python3-torch; the outputs are committed, so tq's
tests and examples do not.

    /usr/bin/python3 examples/accumulators/make_transformer.py
"""
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
layer = torch.nn.TransformerEncoderLayer(
    d_model=64, nhead=4, dim_feedforward=256, dropout=0.0,
    activation="gelu", batch_first=True).eval()
x = torch.from_numpy(np.random.default_rng(1).standard_normal(
    (1, 32, 64)).astype(np.float32))
with torch.no_grad():
    torch.onnx.export(layer, (x,), os.path.join(HERE, "transformer_layer.onnx"),
                      input_names=["x"], output_names=["y"], opset_version=17,
                      do_constant_folding=True)
np.save(os.path.join(HERE, "x.npy"), x.numpy())
