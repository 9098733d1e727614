#!/usr/bin/python3
"""PyTorch autograd's loss and gradients for the Fashion-MNIST network
(examples/fashion/model.onnx, its weights read from the ONNX file) on the
first 4 images of test/Import/Inputs/fashion16_x.npy with fixed labels:
the reference test/Autodiff/fashion-grad.test compares tq-differentiate
with. Needs Debian's python3-torch and python3-onnx; the tests do not.

    /usr/bin/python3 test/Autodiff/Inputs/make_reference.py test/Autodiff/Inputs

Gradients are written in the layout of tq's imported parameters (conv
weights OHWI, Linear weights [1, in, out], Linear biases [1, out]), in the
order @main_params returns them, as grad_K.npy; the input's gradient as
grad_x.npy; the loss as loss.npy (shape (1,)), the logits as logits.npy."""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "examples", "fashion"))
from train import FashionCNN  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else HERE
torch.manual_seed(0)
model = FashionCNN()
weights = {t.name: numpy_helper.to_array(t)
           for t in onnx.load(os.path.join(ROOT, "examples", "fashion", "model.onnx")).graph.initializer}
model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
x = np.load(os.path.join(ROOT, "test", "Import", "Inputs", "fashion16_x.npy"))[:4]
labels = np.array([3, 0, 7, 5], np.int32)  # not the true classes: large gradients
xt = torch.from_numpy(x.copy()).requires_grad_(True)
logits = model(xt)
loss = torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels).long())
loss.backward()
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "labels.npy"), labels)
np.save(os.path.join(out, "loss.npy"), np.array([loss.item()], np.float32))
np.save(os.path.join(out, "logits.npy"), logits.detach().numpy())
np.save(os.path.join(out, "grad_x.npy"), xt.grad.numpy())
p = dict(model.named_parameters())
g = {k: v.grad.numpy() for k, v in p.items()}
ordered = [g["conv1.bias"], g["conv1.weight"].transpose(0, 2, 3, 1),
           g["conv2.bias"], g["conv2.weight"].transpose(0, 2, 3, 1),
           g["fc1.weight"].T[None], g["fc1.bias"][None],
           g["fc2.weight"].T[None], g["fc2.bias"][None]]
for k, a in enumerate(ordered):
    np.save(os.path.join(out, "grad_%d.npy" % k), np.ascontiguousarray(a, np.float32))
print("loss", loss.item())
