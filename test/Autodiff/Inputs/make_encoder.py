#!/usr/bin/python3
"""A small transformer encoder classifier exported from PyTorch, and PyTorch
autograd's loss and gradients on it: the reference of
test/Autodiff/encoder-grad.test. Needs Debian's python3-torch (1.13) and
numpy; the test needs only numpy.

    /usr/bin/python3 test/Autodiff/Inputs/make_encoder.py test/Autodiff/Inputs

The network: token ids [3, 5] -> nn.Embedding(11, 8) plus a learned
position embedding -> one nn.TransformerEncoderLayer(d_model=8, nhead=2,
dim_feedforward=16, dropout=0, activation="gelu", batch_first=True) ->
nn.LayerNorm -> mean over the sequence -> nn.Linear(8, 4). Exported as
test/Import/models/generate.py exports (opset 17, no constant folding,
TrainingMode.PRESERVE, with autograd on so that the encoder layer's fused
fast path is not taken): Gather (the embedding), MatMul/Gemm, Softmax,
LayerNormalization, GELU as Div/Erf/Mul/Add, ReduceMean, Reshape, Transpose,
Slice. Every parameter is drawn from a seeded numpy generator (PyTorch's
ones and zeros would make the exporter merge equal initializers).

Writes encoder.onnx (weights inside) and encoder_reference.npz: ids (int64),
labels (int32), loss (shape (1,)), logits, and per PyTorch parameter NAME
its value "param:NAME" and the gradient of the mean softmax cross-entropy
"grad:NAME", both in PyTorch's layout."""
import os
import sys
import zlib

import numpy as np
import torch
from torch import nn

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
V, D, HEADS, FF, S, N, K = 11, 8, 2, 16, 5, 3, 4


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(V, D)
        self.pos = nn.Parameter(torch.zeros(1, S, D))
        self.layer = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0,
                                                activation="gelu",
                                                batch_first=True)
        self.norm = nn.LayerNorm(D)
        self.head = nn.Linear(D, K)

    def forward(self, ids):
        h = self.layer(self.embed(ids) + self.pos)
        return self.head(self.norm(h).mean(dim=1))


model = Encoder().eval()
with torch.no_grad():
    for name, p in model.named_parameters():
        rng = np.random.default_rng([20261206, zlib.crc32(name.encode())])
        if name.startswith(("layer.norm", "norm.")) and name.endswith("weight"):
            low, high = 0.5, 1.5
        elif name.endswith("bias"):
            low, high = -0.1, 0.1
        elif p.dim() >= 2 and name != "pos":
            bound = 1.0 / np.sqrt(p.shape[-1])
            low, high = -bound, bound
        else:
            low, high = -1.0, 1.0
        p.copy_(torch.from_numpy(rng.uniform(low, high, p.shape).astype(np.float32)))

rng = np.random.default_rng(7)
ids = rng.integers(0, V, (N, S)).astype(np.int64)
labels = np.array([3, 0, 2], np.int32)
torch.onnx.export(model, (torch.from_numpy(ids),), os.path.join(out, "encoder.onnx"),
                  opset_version=17, do_constant_folding=False,
                  training=torch.onnx.TrainingMode.PRESERVE,
                  input_names=["ids"], output_names=["logits"])

model.zero_grad()
logits = model(torch.from_numpy(ids))
loss = nn.functional.cross_entropy(logits, torch.from_numpy(labels).long())
loss.backward()
arrays = {"ids": ids, "labels": labels,
          "loss": np.array([loss.item()], np.float32),
          "logits": logits.detach().numpy()}
for name, p in model.named_parameters():
    arrays["param:" + name] = p.detach().numpy()
    arrays["grad:" + name] = p.grad.numpy()
np.savez(os.path.join(out, "encoder_reference.npz"), **arrays)
print("loss", loss.item())
